import { AppError, MAX_SAVED_VIEWS, type SavedView, type SavedViewCreate } from '@custodia/contracts';
import { newId, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { lockRows } from '../shared/locks.js';
import { assertNameFree, canonicalQuery, clearDefault, inViewTransaction, presentView, viewNameKey } from './view-records.js';

/** Saves the current filters, sort and columns of a page under a name; made the default, it replaces the previous one. */
export async function createSavedView(ctx: Context, accountId: string, input: SavedViewCreate): Promise<SavedView> {
  const query = canonicalQuery(input.page, input.query);
  return inViewTransaction(ctx, async (tx, now) => {
    // Creations by one account queue on its row (PostgreSQL), so parallel ones cannot all pass the count below.
    await lockRows(tx, 'accounts', accountId);
    const count = await tx.selectFrom('saved_views').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).where('page', '=', input.page).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_SAVED_VIEWS) throw new AppError('CONFLICT', `You have ${MAX_SAVED_VIEWS} views on this page already; delete one first`);
    await assertNameFree(tx, accountId, input.page, input.name, null);
    const row = {
      id: newId(), account_id: accountId, name: input.name, name_key: viewNameKey(input.name), page: input.page, query, columns: writeJson(input.columns),
      is_default: input.isDefault ? 1 : 0, version: 1, created_at: now, updated_at: now,
    };
    if (input.isDefault) await clearDefault(tx, accountId, input.page, row.id, now);
    await tx.insertInto('saved_views').values(row).execute();
    return presentView({ ...row, columns: input.columns });
  });
}
