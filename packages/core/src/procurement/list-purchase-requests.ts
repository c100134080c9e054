import type { PurchaseRequest, PurchaseRequestListQuery } from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { decodeInstantCursor, encodeCursor } from '../shared/pagination.js';
import { unitInScope } from '../shared/scope-sql.js';
import { loadRequestRow, presentRequest, presentRequests } from './purchase-request-records.js';

/**
 * Purchase requests within the caller's scope, newest first (keyset on created_at, id). Filters: a status, an org unit
 * and the units below it, the caller's own requests (`requester=me`).
 */
export async function listPurchaseRequests(ctx: Context, query: PurchaseRequestListQuery): Promise<{ items: PurchaseRequest[]; nextCursor: string | null; total?: number }> {
  const db = ctx.database.db;
  let q = db.selectFrom('purchase_requests').innerJoin('org_units', 'org_units.id', 'purchase_requests.org_unit_id')
    .selectAll('purchase_requests').select('org_units.path as unit_path')
    .where((eb) => unitInScope(eb, 'purchase_requests.org_unit_id', ctx.access.scope));
  if (query.status) q = q.where('purchase_requests.status', '=', query.status);
  if (query.requester === 'me') q = q.where('purchase_requests.requester_account_id', '=', ctx.access.accountId ?? '');
  if (query.orgUnitId) {
    const unit = await db.selectFrom('org_units').select('path').where('id', '=', query.orgUnitId).executeTakeFirst();
    if (!unit) throw new AppError('INVALID_QUERY', 'No such org unit', { errors: [{ field: 'orgUnitId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown org unit' }] });
    q = q.where('org_units.path', 'like', `${unit.path}%`);
  }
  const total = query.includeTotal === 'true' ? Number((await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0) : undefined;
  if (query.cursor) {
    const c = decodeInstantCursor(query.cursor);
    q = q.where((eb) => eb.or([eb('purchase_requests.created_at', '<', c.v), eb.and([eb('purchase_requests.created_at', '=', c.v), eb('purchase_requests.id', '<', c.id)])]));
  }
  const rows = await q.orderBy('purchase_requests.created_at', 'desc').orderBy('purchase_requests.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await presentRequests(db, ctx, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.created_at, id: last.id }) : null,
    ...(total === undefined ? {} : { total }),
  };
}

/** One request within the caller's scope (404 otherwise). */
export async function getPurchaseRequest(ctx: Context, id: string): Promise<PurchaseRequest> {
  return presentRequest(ctx.database.db, ctx, await loadRequestRow(ctx.database.db, ctx, id));
}
