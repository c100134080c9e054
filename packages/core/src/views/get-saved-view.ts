import type { SavedView } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { loadOwnView, presentView } from './view-records.js';

/** One of the account's own views; another account's view answers 404. */
export async function getSavedView(ctx: Context, accountId: string, id: string): Promise<SavedView> {
  return presentView(await loadOwnView(ctx.database.db, accountId, id));
}
