import { AppError } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { assertVersion } from '../shared/change.js';
import { inViewTransaction, loadOwnView } from './view-records.js';

/** Deletes one of the account's views (If-Match); another account's view answers 404. */
export async function deleteSavedView(ctx: Context, accountId: string, id: string, expectedVersion: number): Promise<void> {
  await inViewTransaction(ctx, async (tx) => {
    const row = await loadOwnView(tx, accountId, id);
    assertVersion('saved view', Number(row.version), expectedVersion);
    const r = await tx.deleteFrom('saved_views').where('id', '=', id).where('account_id', '=', accountId).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw new AppError('VERSION_MISMATCH', 'The saved view was changed meanwhile (in another window?)');
  });
}
