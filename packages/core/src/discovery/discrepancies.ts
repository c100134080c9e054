import { AppError } from '@custodia/contracts';
import type { Discrepancy } from '@custodia/contracts';
import type { z } from 'zod';
import type { DiscrepancyListQuery } from '@custodia/contracts';
import { resolutionsForDiscrepancy } from '@custodia/domain';
import type { DiscrepancyKind, Scope } from '@custodia/domain';
import { longReads, readJson } from '@custodia/data';
import type { Row, Tables } from '@custodia/data';
import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Context } from '../shared/context.js';
import { cursorOfAnotherOrder, decodeInstantCursor, encodeCursor } from '../shared/pagination.js';
import { unitInScope } from '../shared/scope-sql.js';
import type { Tx } from '../shared/change.js';
import { readValue } from './discrepancy-store.js';

type DiscrepancyView = z.infer<typeof Discrepancy>;

export function presentDiscrepancy(r: Row<'discrepancies'>): DiscrepancyView {
  return {
    id: r.id, kind: r.kind as DiscrepancyView['kind'], status: r.status as DiscrepancyView['status'], summary: r.summary,
    assetId: r.asset_id, deviceId: r.device_id, auditRunId: r.audit_run_id, field: r.field,
    registerValue: readValue(r.register_value), discoveredValue: readValue(r.discovered_value), evidence: readJson<Record<string, unknown>>(r.evidence, {}),
    owner: r.owner, dueOn: r.due_on, ignoreUntil: r.ignore_until, resolution: r.resolution as DiscrepancyView['resolution'], resolutionNote: r.resolution_note,
    resolvedBy: r.resolved_by, resolvedAt: r.resolved_at,
    allowedResolutions: r.status === 'open'
      ? [...resolutionsForDiscrepancy({ kind: r.kind as DiscrepancyKind, assetId: r.asset_id, deviceId: r.device_id, field: r.field })] as DiscrepancyView['allowedResolutions']
      : [],
    detectedAt: r.detected_at, createdAt: r.created_at, version: Number(r.version),
  };
}

/**
 * A discrepancy about an asset is in scope through the org unit owning the asset now (an asset changing hands takes
 * its discrepancies with it), one about no asset through the org unit it was filed under (the agent token's, the
 * audit plan's).
 */
export const discrepancyInScope = (scope: Scope) => (eb: ExpressionBuilder<Tables, 'discrepancies'>) =>
  scope.kind === 'all' ? sql<SqlBool>`1 = 1` : eb.or([
    eb.and([eb('discrepancies.asset_id', 'is not', null), eb('discrepancies.asset_id', 'in', eb.selectFrom('assets').select('assets.id').where((w) => unitInScope(w, 'assets.owner_org_unit_id', scope)))]),
    eb.and([eb('discrepancies.asset_id', 'is', null), unitInScope(eb, 'discrepancies.org_unit_id', scope)]),
  ]);

/**
 * The queue within the caller's scope, last detected first (the default, which every detection moves: a discrepancy
 * found again goes back to the first page) or newest raised first, which detections leave alone.
 */
export async function listDiscrepancies(ctx: Context, query: z.infer<typeof DiscrepancyListQuery>) {
  const total = query.includeTotal === 'true'
    ? Number((await queueQuery(longReads(ctx.database), ctx.access.scope, query).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
    : undefined;
  const rows = await queuePageQuery(ctx.database.db, ctx.access.scope, query).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last
    ? encodeCursor(query.sort === '-createdAt' ? { v: last.created_at, id: last.id, k: 'createdAt' } : { v: last.detected_at, id: last.id, k: 'detectedAt' })
    : null;
  return { items: page.map(presentDiscrepancy), nextCursor, ...(total === undefined ? {} : { total }) };
}

type QueueQuery = Pick<z.infer<typeof DiscrepancyListQuery>, 'status' | 'kind' | 'assetId' | 'deviceId' | 'auditRunId'>;

function queueQuery(db: Context['database']['db'], scope: Scope, query: QueueQuery) {
  let q = db.selectFrom('discrepancies').selectAll().where(discrepancyInScope(scope));
  if (query.status) q = q.where('status', '=', query.status);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.assetId) q = q.where('asset_id', '=', query.assetId);
  if (query.deviceId) q = q.where('device_id', '=', query.deviceId);
  if (query.auditRunId) q = q.where('audit_run_id', '=', query.auditRunId);
  return q;
}

/**
 * One page of the queue (one row more than asked, to know whether another page follows), keyset-paginated. Raised
 * order is id order: ids are UUIDv7, time-ordered and never rewritten, so it needs no column of its own.
 */
export function queuePageQuery(db: Context['database']['db'], scope: Scope, query: QueueQuery & { sort?: DiscrepancySort | undefined; cursor?: string | undefined; limit: number }) {
  let q = queueQuery(db, scope, query);
  if (query.sort === '-createdAt') {
    if (query.cursor) {
      const c = decodeInstantCursor(query.cursor);
      if (c.k !== 'createdAt') throw cursorOfAnotherOrder();
      q = q.where('id', '<', c.id);
    }
    return q.orderBy('id', 'desc').limit(query.limit + 1);
  }
  if (query.cursor) {
    const c = decodeInstantCursor(query.cursor);
    // A cursor naming no order is read as the default order's.
    if (c.k !== undefined && c.k !== 'detectedAt') throw cursorOfAnotherOrder();
    // `detected_at <= v` lets the engine start the index range at the cursor instead of reading the newer rows again.
    q = q.where('detected_at', '<=', c.v).where((eb) => eb.or([eb('detected_at', '<', c.v), eb.and([eb('detected_at', '=', c.v), eb('id', '<', c.id)])]));
  }
  return q.orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1);
}

type DiscrepancySort = z.infer<typeof DiscrepancyListQuery>['sort'];
export async function loadDiscrepancyRow(db: Context['database']['db'] | Tx, ctx: Context, id: string): Promise<Row<'discrepancies'>> {
  const row = await db.selectFrom('discrepancies').selectAll().where('id', '=', id).where(discrepancyInScope(ctx.access.scope)).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No discrepancy ${id}`, { securityNote: 'discrepancy missing or outside scope' });
  return row;
}

export async function getDiscrepancy(ctx: Context, id: string): Promise<DiscrepancyView> {
  return presentDiscrepancy(await loadDiscrepancyRow(ctx.database.db, ctx, id));
}
