import type { AuditPlan, AuditPlanDetail, AuditPlanListQuery } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { decodeInstantCursor, encodeCursor } from '../shared/pagination.js';
import { containsFolded } from '../shared/search-sql.js';
import { unitInScope } from '../shared/scope-sql.js';
import { latestRuns, loadPlanRow, presentPlan, presentRun, runCounts } from './audit-records.js';

/** Audit plans within the caller's scope, newest first (keyset on created_at, id). */
export async function listAuditPlans(ctx: Context, query: AuditPlanListQuery): Promise<{ items: AuditPlan[]; nextCursor: string | null; total?: number }> {
  const db = ctx.database.db;
  let q = db.selectFrom('audit_plans').selectAll().where((eb) => unitInScope(eb, 'audit_plans.scope_org_unit_id', ctx.access.scope));
  if (query.status) q = q.where('status', '=', query.status);
  if (query.q) q = q.where((eb) => containsFolded(eb, ctx.database.engine, 'name', query.q!));
  const total = query.includeTotal === 'true' ? Number((await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0) : undefined;
  if (query.cursor) {
    const c = decodeInstantCursor(query.cursor);
    q = q.where((eb) => eb.or([eb('created_at', '<', c.v), eb.and([eb('created_at', '=', c.v), eb('id', '<', c.id)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const latest = await latestRuns(db, page.map((r) => r.id));
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentPlan(r, latest.get(r.id) ?? null)),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.created_at, id: last.id }) : null,
    ...(total === undefined ? {} : { total }),
  };
}

/** One plan with its runs (newest first, at most 100) and their counts. */
export async function getAuditPlan(ctx: Context, id: string): Promise<AuditPlanDetail> {
  const db = ctx.database.db;
  const row = await loadPlanRow(db, ctx, id);
  const runs = await db.selectFrom('audit_runs').selectAll().where('plan_id', '=', id).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(100).execute();
  const counts = await runCounts(db, runs.map((r) => r.id));
  const presented = runs.map((r) => presentRun(r, row.name, counts.get(r.id)!));
  const latest = presented[0];
  return {
    ...presentPlan(row, latest ? { id: latest.id, status: latest.status, startedAt: latest.startedAt, closedAt: latest.closedAt } : null),
    runs: presented,
  };
}
