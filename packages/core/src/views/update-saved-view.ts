import { AppError, type SavedView, type SavedViewPageKey, type SavedViewUpdate } from '@custodia/contracts';
import { writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { assertVersion } from '../shared/change.js';
import { assertNameFree, canonicalQuery, clearDefault, inViewTransaction, loadOwnView, presentView, viewNameKey } from './view-records.js';

/** Renames a view, replaces its filters or columns, or makes it the page's default or not (If-Match). Absent fields stay. */
export async function updateSavedView(ctx: Context, accountId: string, id: string, expectedVersion: number, patch: SavedViewUpdate): Promise<SavedView> {
  return inViewTransaction(ctx, async (tx, now) => {
    const row = await loadOwnView(tx, accountId, id);
    assertVersion('saved view', Number(row.version), expectedVersion);
    const before = presentView(row);
    const next = {
      name: patch.name ?? before.name,
      query: patch.query === undefined ? before.query : canonicalQuery(before.page as SavedViewPageKey, patch.query),
      columns: patch.columns ?? before.columns,
      isDefault: patch.isDefault ?? before.isDefault,
    };
    const changed = next.name !== before.name || next.query !== before.query || JSON.stringify(next.columns) !== JSON.stringify(before.columns) || next.isDefault !== before.isDefault;
    if (!changed) return before;
    if (viewNameKey(next.name) !== viewNameKey(before.name)) await assertNameFree(tx, accountId, before.page, next.name, id);
    if (next.isDefault && !before.isDefault) await clearDefault(tx, accountId, before.page, id, now);
    const r = await tx.updateTable('saved_views').set({
      name: next.name, name_key: viewNameKey(next.name), query: next.query, columns: writeJson(next.columns), is_default: next.isDefault ? 1 : 0,
      version: expectedVersion + 1, updated_at: now,
    }).where('id', '=', id).where('account_id', '=', accountId).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('VERSION_MISMATCH', 'The saved view was changed meanwhile (in another window?)');
    return { ...before, ...next, version: expectedVersion + 1, updatedAt: now };
  });
}
