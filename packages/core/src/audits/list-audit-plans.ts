import { sql } from 'kysely';
import type { AuditPlan, AuditPlanDetail, AuditPlanListQuery } from '@custodia/contracts';
import { PLAN_STATUSES_TO_DO } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { decodeCursorFor, encodeCursor } from '../shared/pagination.js';
import { containsFolded } from '../shared/search-sql.js';
import { unitInScope } from '../shared/scope-sql.js';
import { latestRuns, loadPlanRow, presentPlan, presentRun, runCounts } from './audit-records.js';
import { todayOf } from '../shared/today.js';

/** Sorts a plan without a due date after every dated one. */
const NO_DUE_DATE = '9999-12-31';

/**
 * Audit plans within the caller's scope: newest first (keyset on created_at, id), or soonest due first (keyset on the
 * due date, plans without one last, then id). `overdue=true` keeps the plans due before today (the organisation's
 * date) still to be done (`domain/audits/recurrence.ts: isPlanOverdue`, as SQL); `overdue=false` the others.
 */
export async function listAuditPlans(ctx: Context, query: AuditPlanListQuery): Promise<{ items: AuditPlan[]; nextCursor: string | null; total?: number }> {
  const db = ctx.database.db;
  const today = todayOf(ctx);
  let q = db.selectFrom('audit_plans').selectAll().where((eb) => unitInScope(eb, 'audit_plans.scope_org_unit_id', ctx.access.scope));
  if (query.status) q = q.where('status', '=', query.status);
  if (query.overdue === 'true') q = q.where('due_on', '<', today).where('status', 'in', [...PLAN_STATUSES_TO_DO]);
  if (query.overdue === 'false') q = q.where((eb) => eb.or([eb('due_on', 'is', null), eb('due_on', '>=', today), eb('status', 'not in', [...PLAN_STATUSES_TO_DO])]));
  if (query.q) q = q.where((eb) => containsFolded(eb, ctx.database.engine, 'name', query.q!));
  const total = query.includeTotal === 'true' ? Number((await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0) : undefined;
  const byDue = query.sort === 'dueOn';
  // The due date as one comparable text on both engines (PostgreSQL's date compared as its ISO text).
  const due = sql<string>`coalesce(cast(due_on as text), ${NO_DUE_DATE})`;
  if (query.cursor) {
    if (byDue) {
      const c = decodeCursorFor(query.cursor, 'dueOn');
      const v = String(c.v);
      q = q.where((eb) => eb.or([eb(due, '>', v), eb.and([eb(due, '=', v), eb('id', '>', c.id)])]));
    } else {
      const c = decodeCursorFor(query.cursor, 'createdAt', true);
      q = q.where((eb) => eb.or([eb('created_at', '<', c.v), eb.and([eb('created_at', '=', c.v), eb('id', '<', c.id)])]));
    }
  }
  q = byDue ? q.orderBy(due).orderBy('id') : q.orderBy('created_at', 'desc').orderBy('id', 'desc');
  const rows = await q.limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const latest = await latestRuns(db, page.map((r) => r.id));
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentPlan(r, latest.get(r.id) ?? null, today)),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ v: byDue ? (last.due_on ?? NO_DUE_DATE) : last.created_at, id: last.id, k: byDue ? 'dueOn' : 'createdAt' }) : null,
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
    ...presentPlan(row, latest ? { id: latest.id, status: latest.status, startedAt: latest.startedAt, closedAt: latest.closedAt } : null, todayOf(ctx)),
    runs: presented,
  };
}
