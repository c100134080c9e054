import type { ExpressionBuilder, Kysely } from 'kysely';
import { AppError } from '@custodia/contracts';
import { type RecurrenceUnit, type SampleRule, isHeldAsGone, isPlanOverdue } from '@custodia/domain';
import type { AuditCounts, AuditItem, AuditPlan, AuditRun } from '@custodia/contracts';
import { type Row, type Tables, readBool, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { unitInScope } from '../shared/scope-sql.js';
import { loadModel } from '../lifecycle/model-store.js';

type Db = Kysely<Tables>;

/**
 * Reading and presenting audit plans, runs and items. A plan lies in the org unit it is scoped to: a caller whose
 * grant covers some org units sees the plans scoped inside them (and their runs); a plan without an org unit is seen
 * with an organisation-wide grant only. Anything else answers 404 like a missing record.
 */

export async function loadPlanRow(db: Db, ctx: Context, id: string): Promise<Row<'audit_plans'>> {
  const row = await db.selectFrom('audit_plans').selectAll().where('id', '=', id)
    .where((eb) => unitInScope(eb, 'audit_plans.scope_org_unit_id', ctx.access.scope)).executeTakeFirst();
  if (row) return row;
  const exists = ctx.access.scope.kind !== 'all' && (await db.selectFrom('audit_plans').select('id').where('id', '=', id).executeTakeFirst());
  throw new AppError('NOT_FOUND', `No audit plan with id ${id}`, exists ? { securityNote: 'audit plan outside the caller\'s scope' } : {});
}

export async function loadRunRow(db: Db, ctx: Context, id: string): Promise<Row<'audit_runs'> & { plan_name: string; plan_org_unit_id: string | null }> {
  const row = await db.selectFrom('audit_runs').innerJoin('audit_plans', 'audit_plans.id', 'audit_runs.plan_id')
    .selectAll('audit_runs').select(['audit_plans.name as plan_name', 'audit_plans.scope_org_unit_id as plan_org_unit_id'])
    .where('audit_runs.id', '=', id)
    .where((eb) => unitInScope(eb, 'audit_plans.scope_org_unit_id', ctx.access.scope)).executeTakeFirst();
  if (row) return row;
  const exists = ctx.access.scope.kind !== 'all' && (await db.selectFrom('audit_runs').select('id').where('id', '=', id).executeTakeFirst());
  throw new AppError('NOT_FOUND', `No audit run with id ${id}`, exists ? { securityNote: 'audit run outside the caller\'s scope' } : {});
}

const EMPTY_COUNTS: AuditCounts = { expected: 0, found: 0, wrongLocation: 0, unexpected: 0, missing: 0, pending: 0, notSampled: 0 };

/**
 * The counts of each run, from one GROUP BY over its items. An item not drawn into the run's sample counts only once it
 * is recorded (an asset of the scope found anyway); until then it is `notSampled`.
 */
export async function runCounts(db: Db, runIds: string[]): Promise<Map<string, AuditCounts>> {
  const out = new Map<string, AuditCounts>(runIds.map((id) => [id, { ...EMPTY_COUNTS }]));
  if (!runIds.length) return out;
  const rows = await db.selectFrom('audit_items').select(['run_id', 'result', 'sampled', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', 'in', runIds).groupBy(['run_id', 'result', 'sampled']).execute();
  for (const r of rows) {
    const c = out.get(r.run_id)!;
    const n = Number(r.n);
    if (!readBool(r.sampled) && r.result === 'pending') c.notSampled += n;
    else if (r.result === 'found') c.found += n;
    else if (r.result === 'wrong_location') c.wrongLocation += n;
    else if (r.result === 'unexpected') c.unexpected += n;
    else if (r.result === 'missing') c.missing += n;
    else if (r.result === 'pending') c.pending += n;
  }
  for (const c of out.values()) c.expected = c.found + c.wrongLocation + c.missing + c.pending;
  return out;
}

export function presentRun(r: Row<'audit_runs'>, planName: string, counts: AuditCounts): AuditRun {
  return {
    id: r.id, planId: r.plan_id, planName, status: r.status as AuditRun['status'], startedAt: r.started_at, startedBy: r.started_by,
    closedAt: r.closed_at, closedBy: r.closed_by, counts,
    sample: r.sample_method !== null && r.sample_seed !== null
      ? { method: r.sample_method, seed: r.sample_seed, population: Number(r.sample_population ?? 0), size: Number(r.sample_size ?? 0) } : null,
    version: Number(r.version),
  };
}

/** Items a run shows: those it checks (drawn, or all when it is not a sample), and any asset of the scope recorded anyway. */
export const shownItem = (eb: ExpressionBuilder<Tables, 'audit_items'>) => eb.or([eb('audit_items.sampled', '=', 1), eb('audit_items.result', '!=', 'pending')]);

/** A plan's sample rule from its columns. */
export function planSample(r: Pick<Row<'audit_plans'>, 'sample_count' | 'sample_percent'>): SampleRule | null {
  if (r.sample_count !== null) return { count: Number(r.sample_count) };
  if (r.sample_percent !== null) return { percent: Number(r.sample_percent) };
  return null;
}

export async function readRun(db: Db, ctx: Context, id: string): Promise<AuditRun> {
  const row = await loadRunRow(db, ctx, id);
  return presentRun(row, row.plan_name, (await runCounts(db, [row.id])).get(row.id)!);
}

/** The most recent run of each plan. */
export async function latestRuns(db: Db, planIds: string[]): Promise<Map<string, AuditPlan['latestRun']>> {
  const out = new Map<string, AuditPlan['latestRun']>();
  if (!planIds.length) return out;
  const rows = await db.selectFrom('audit_runs').select(['id', 'plan_id', 'status', 'started_at', 'closed_at']).where('plan_id', 'in', planIds)
    .orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
  for (const r of rows) if (!out.has(r.plan_id)) out.set(r.plan_id, { id: r.id, status: r.status as AuditRun['status'], startedAt: r.started_at, closedAt: r.closed_at });
  return out;
}

/** A plan as the API shows it; `today` (the organisation's date, shared/today.ts) decides whether it is overdue. */
export function presentPlan(r: Row<'audit_plans'>, latestRun: AuditPlan['latestRun'], today: string): AuditPlan {
  const recurrence = r.recurrence_every !== null && r.recurrence_unit !== null && r.recurrence_anchor_on !== null
    ? { every: Number(r.recurrence_every), unit: r.recurrence_unit as RecurrenceUnit, anchorOn: r.recurrence_anchor_on } : null;
  return {
    id: r.id, name: r.name, method: r.method as AuditPlan['method'], scopeLocationId: r.scope_location_id, scopeOrgUnitId: r.scope_org_unit_id,
    scopeAssetTypeId: r.scope_asset_type_id, dueOn: r.due_on, assignees: readJson<string[]>(r.assignees, []), notes: r.notes,
    status: r.status as AuditPlan['status'], recurrence, overdue: isPlanOverdue({ dueOn: r.due_on, status: r.status }, today), sample: planSample(r),
    createdBy: r.created_by, latestRun, version: Number(r.version), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** The fields of a plan its history records. */
export function auditedPlan(p: AuditPlan): Record<string, unknown> {
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, latestRun: _l, createdBy: _b, overdue: _o, ...rest } = p;
  return rest;
}

/**
 * Items as the caller may see them: the asset's id and name only when the asset is within the caller's scope (an
 * audit may find an asset of another org unit: the item says what was found, not what the register holds about it),
 * and, for such an asset, the stage it is held in when that stage says it is gone (missing, lost, stolen).
 */
export async function presentItems(db: Db, ctx: Context, rows: Row<'audit_items'>[]): Promise<AuditItem[]> {
  const ids = [...new Set(rows.map((r) => r.asset_id).filter((i): i is string => Boolean(i)))];
  const visible = new Map<string, { name: string; registeredAs: AuditItem['registeredAs'] }>();
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db.selectFrom('assets').select(['id', 'name', 'stage', 'lifecycle_model_id']).where('id', 'in', ids.slice(i, i + 500))
      .where((eb) => unitInScope(eb, 'assets.owner_org_unit_id', ctx.access.scope)).execute();
    for (const a of found) {
      const stage = (await loadModel(db, a.lifecycle_model_id)).definition.stages.find((s) => s.key === a.stage);
      visible.set(a.id, { name: a.name, registeredAs: stage && isHeldAsGone(stage.kind) ? { stage: stage.key, stageName: stage.name, kind: stage.kind } : null });
    }
  }
  return rows.map((r) => {
    const shown = r.asset_id !== null ? visible.get(r.asset_id) : undefined;
    return {
      id: r.id, tag: r.tag, assetId: shown ? r.asset_id : null, assetName: shown ? shown.name : null, expected: readBool(r.expected),
      expectedLocationId: r.expected_location_id, foundLocationId: r.found_location_id, result: r.result as AuditItem['result'],
      method: r.method as AuditItem['method'], recordedAt: r.recorded_at, recordedBy: r.recorded_by, note: r.note, sampled: readBool(r.sampled), registeredAs: shown?.registeredAs ?? null,
    };
  });
}
