import type { Transaction } from 'kysely';
import { AppError } from '@custodia/contracts';
import { childPath, wouldCreateCycle } from '@custodia/domain';
import type { Tx } from '../shared/change.js';

/** Computes a tree node's path from its parent, refusing unknown parents and cycles. */
export async function treePath(tx: Tx, table: 'org_units' | 'locations', parentId: string | null | undefined, id: string, currentPath: string | null): Promise<string> {
  if (!parentId) return childPath(null, id);
  const parent = await (tx as Transaction<any>).selectFrom(table).select(['path']).where('id', '=', parentId).executeTakeFirst();
  if (!parent) throw new AppError('REFERENCE_NOT_FOUND', `No parent with id ${parentId}`, { errors: [{ field: 'parentId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown parent' }] });
  if (currentPath && wouldCreateCycle(currentPath, parent.path)) {
    throw new AppError('VALIDATION_FAILED', 'A node cannot be moved under itself', { errors: [{ field: 'parentId', code: 'TREE_CYCLE', message: 'A node cannot be moved under itself' }] });
  }
  return childPath(parent.path, id);
}

/** After a node moves, its descendants' paths follow. */
export async function rewriteDescendants(tx: Tx, table: 'org_units' | 'locations', oldPath: string, newPath: string): Promise<void> {
  if (oldPath === newPath) return;
  const rows = await (tx as Transaction<any>).selectFrom(table).select(['id', 'path']).where('path', 'like', `${oldPath}%`).where('path', '!=', oldPath).execute();
  for (const r of rows as { id: string; path: string }[]) {
    await (tx as Transaction<any>).updateTable(table).set({ path: newPath + r.path.slice(oldPath.length) }).where('id', '=', r.id).execute();
  }
}
