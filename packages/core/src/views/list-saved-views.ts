import type { SavedView, SavedViewPageKey } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { presentView } from './view-records.js';

/** The account's own saved views, of one page or all, by name. */
export async function listSavedViews(ctx: Context, accountId: string, page?: SavedViewPageKey): Promise<SavedView[]> {
  let q = ctx.database.db.selectFrom('saved_views').selectAll().where('account_id', '=', accountId);
  if (page) q = q.where('page', '=', page);
  const rows = await q.orderBy('page').orderBy('name_key').orderBy('id').execute();
  return rows.map(presentView);
}
