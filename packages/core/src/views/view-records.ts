import { AppError, type SavedView, type SavedViewPageKey, checkViewQuery } from '@custodia/contracts';
import { readBool, readJson, type Row } from '@custodia/data';
import { type Tx, unavailable } from '../shared/change.js';
import type { Context } from '../shared/context.js';
import { constraintKind, isTransient } from '../shared/db-errors.js';
import { withIdempotencyKey } from '../shared/idempotency.js';

/** Names compare case-insensitively within an account and page. */
export const viewNameKey = (name: string): string => name.normalize('NFC').trim().toLowerCase();

export function presentView(row: Row<'saved_views'>): SavedView {
  return {
    id: row.id, page: row.page as SavedViewPageKey, name: row.name, query: row.query, columns: readJson<Record<string, boolean>>(row.columns, {}),
    isDefault: readBool(row.is_default), version: Number(row.version), createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** The account's own view; another account's view answers 404 like a missing one. */
export async function loadOwnView(tx: Tx | Context['database']['db'], accountId: string, id: string): Promise<Row<'saved_views'>> {
  const row = await tx.selectFrom('saved_views').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No saved view ${id}`);
  return row;
}

/** The query string in canonical form, or 422 naming what is wrong with it. */
export function canonicalQuery(page: SavedViewPageKey, query: string): string {
  const checked = checkViewQuery(page, query);
  if (!checked.ok) {
    throw new AppError('VALIDATION_FAILED', checked.problems[0]!.message, { errors: checked.problems.map((p) => ({ field: 'query', code: p.code, message: p.message })) });
  }
  return checked.query;
}

/** Another view of the account already has this name on the page: 409 naming the field. */
export async function assertNameFree(tx: Tx, accountId: string, page: string, name: string, exceptId: string | null): Promise<void> {
  let q = tx.selectFrom('saved_views').select('id').where('account_id', '=', accountId).where('page', '=', page).where('name_key', '=', viewNameKey(name));
  if (exceptId) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) {
    throw new AppError('UNIQUE_VIOLATION', `You already have a view named “${name}” on this page`, { errors: [{ field: 'name', code: 'VIEW_NAME_TAKEN', message: 'You already have a view with this name' }] });
  }
}

/** Only one default per account and page: the previous default stops being one (its version moves on). */
export async function clearDefault(tx: Tx, accountId: string, page: string, exceptId: string, now: string): Promise<void> {
  await tx.updateTable('saved_views')
    .set((eb) => ({ is_default: 0, version: eb('version', '+', 1), updated_at: now }))
    .where('account_id', '=', accountId).where('page', '=', page).where('id', '<>', exceptId).where('is_default', '=', 1)
    .execute();
}

/** Runs a change to the account's views in one transaction; constraint failures of a race become 409, not 500. */
export async function inViewTransaction<T>(ctx: Context, work: (tx: Tx, now: string) => Promise<T>): Promise<T> {
  const now = ctx.now().toISOString();
  try {
    // A request's Idempotency-Key commits with the change to the views, as with any other change.
    return await withIdempotencyKey(ctx, (tx) => work(tx, now));
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (constraintKind(error) === 'unique') throw new AppError('UNIQUE_VIOLATION', 'Another change to your views was saved at the same time; reload and retry');
    if (constraintKind(error) === 'foreign_key') throw new AppError('UNAUTHENTICATED', 'The account no longer exists');
    if (isTransient(error)) throw unavailable(error);
    throw error;
  }
}
