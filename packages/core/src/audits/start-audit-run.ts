import { randomBytes } from 'node:crypto';
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { AppError } from '@custodia/contracts';
import type { AuditRun } from '@custodia/contracts';
import { AUDIT_EXCLUDED_STAGE_KINDS, type AuditPlanStatus, SAMPLE_METHOD, canStartRun, drawSample, sampleRandom, sampleSize } from '@custodia/domain';
import { type EventInput, type Tables, newId } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, runChange } from '../shared/change.js';
import { unitInScope } from '../shared/scope-sql.js';
import { stageAmong, stagesOfKinds } from '../shared/stage-kinds-sql.js';
import { loadPlanRow, planSample, presentRun, runCounts } from './audit-records.js';

const BATCH = 500;

/**
 * Starts a run of a plan (Table 3.6 "Collect IT asset data"): snapshots what the register says should be found — the
 * assets matching every scope of the plan (location subtree, org-unit subtree, type), within the caller's scope, except
 * those in a stage of an excluded kind of their own lifecycle model (lost, disposed, not yet received) — as items
 * `pending`, each with the location the register gives it. One run at a time per plan; the plan goes `in_progress`.
 *
 * A plan that samples draws its sample here (`domain/audits/sampling.ts`): positions among the scope's assets in tag
 * order, from a random seed the run records with its method, so the report says which sample it was and anyone can
 * draw it again. Every asset of the scope is still an item (one not drawn is recognised, and counts, if it is
 * recorded anyway); only the drawn ones are looked for. `options.seed` fixes the seed (tests, a re-run of a draw).
 */
export async function startAuditRun(ctx: Context, planId: string, reason?: string, options: { seed?: string } = {}): Promise<AuditRun> {
  return runChange(ctx, reason, async (tx, now) => {
    const plan = await loadPlanRow(tx, ctx, planId);
    const verdict = canStartRun(plan.status as AuditPlanStatus);
    if (!verdict.ok) throw new AppError('CONFLICT', verdict.reason);
    // Guarded by the status read above: a concurrent start (or cancel) that committed first makes this match nothing.
    const moved = await tx.updateTable('audit_plans').set({ status: 'in_progress', version: Number(plan.version) + 1, updated_at: now })
      .where('id', '=', planId).where('version', '=', Number(plan.version)).where('status', 'in', ['planned', 'completed']).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'The plan was changed meanwhile (another run may have started): reload it');

    const rule = planSample(plan);
    const seed = rule ? (options.seed ?? randomBytes(8).toString('hex')) : null;
    const run = {
      id: newId(), plan_id: planId, status: 'in_progress', started_at: now, started_by: ctx.actor, closed_at: null, closed_by: null, version: 1,
      sample_method: rule ? SAMPLE_METHOD : null, sample_seed: seed, sample_population: null as number | null, sample_size: null as number | null,
    };
    await tx.insertInto('audit_runs').values(run).execute();
    const scope = await scopeQuery(tx, ctx, plan);
    let drawn: Set<number> | null = null;
    if (rule && seed !== null && scope) {
      const population = Number((await scope.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
      drawn = new Set(drawSample(population, sampleSize(population, rule), sampleRandom(seed)));
    }
    const population = scope ? await snapshotExpected(tx, scope, run.id, drawn) : 0;
    if (rule) {
      run.sample_population = population;
      run.sample_size = drawn?.size ?? 0;
      await tx.updateTable('audit_runs').set({ sample_population: run.sample_population, sample_size: run.sample_size }).where('id', '=', run.id).execute();
    }
    const counts = (await runCounts(tx, [run.id])).get(run.id)!;
    const sample: Record<string, { before: unknown; after: unknown }> = rule ? { sample: { before: null, after: { method: SAMPLE_METHOD, seed, population, size: run.sample_size } } } : {};
    const events: EventInput[] = [
      { entityType: 'audit_run', entityId: run.id, action: 'create', changes: { planId: { before: null, after: planId }, status: { before: null, after: 'in_progress' }, expected: { before: null, after: counts.expected }, ...sample } },
      { entityType: 'audit_plan', entityId: planId, action: 'update', changes: { status: { before: plan.status, after: 'in_progress' } } },
    ];
    return { result: presentRun(run, plan.name, counts), events };
  });
}

type ScopeQuery = SelectQueryBuilder<Tables, 'assets', { id: string; tag: string; location_id: string | null; tag_key: string }>;

/** The assets the register places in the plan's scope, within the caller's scope; null when a scope was deleted since planning. */
async function scopeQuery(tx: Tx, ctx: Context, plan: { scope_location_id: string | null; scope_org_unit_id: string | null; scope_asset_type_id: string | null }): Promise<ScopeQuery | null> {
  // Per lifecycle model version, the stages whose kind no audit expects to find.
  const excluded = await stagesOfKinds(tx, AUDIT_EXCLUDED_STAGE_KINDS);
  const notExcluded = (eb: ExpressionBuilder<Tables, 'assets'>): Expression<SqlBool> => (excluded.size === 0 ? sql<SqlBool>`1 = 1` : eb.not(stageAmong(eb, excluded)));
  const location = plan.scope_location_id ? await tx.selectFrom('locations').select('path').where('id', '=', plan.scope_location_id).executeTakeFirst() : null;
  const unit = plan.scope_org_unit_id ? await tx.selectFrom('org_units').select('path').where('id', '=', plan.scope_org_unit_id).executeTakeFirst() : null;
  // A scope deleted since planning matches nothing rather than everything.
  if ((plan.scope_location_id && !location) || (plan.scope_org_unit_id && !unit)) return null;
  let q = tx.selectFrom('assets').select(['assets.id', 'assets.tag', 'assets.location_id', 'assets.tag_key'])
    .where((eb) => unitInScope(eb, 'assets.owner_org_unit_id', ctx.access.scope))
    .where(notExcluded);
  if (plan.scope_asset_type_id) q = q.where('assets.asset_type_id', '=', plan.scope_asset_type_id);
  if (location) q = q.where('assets.location_id', 'in', tx.selectFrom('locations').select('locations.id').where('locations.path', 'like', `${location.path}%`));
  if (unit) q = q.where('assets.owner_org_unit_id', 'in', tx.selectFrom('org_units').select('org_units.id').where('org_units.path', 'like', `${unit.path}%`));
  return q;
}

/** Inserts the scope's assets as pending items, `drawn` naming the positions (in tag order) of a sample; returns how many. */
async function snapshotExpected(tx: Tx, q: ScopeQuery, runId: string, drawn: Set<number> | null): Promise<number> {
  // A batch at a time in tag order (keyset on the unique tag key): a plan over the whole register of a million
  // assets never holds them all in memory.
  let expected = 0;
  let after: string | null = null;
  for (;;) {
    const batch = await (after === null ? q : q.where('assets.tag_key', '>', after)).orderBy('assets.tag_key').limit(BATCH).execute();
    if (batch.length === 0) break;
    await tx.insertInto('audit_items').values(batch.map((a, i) => ({
      id: newId(), run_id: runId, asset_id: a.id, tag: a.tag, expected: 1, expected_location_id: a.location_id, found_location_id: null, result: 'pending',
      method: null, recorded_at: null, recorded_by: null, note: null, sampled: drawn === null || drawn.has(expected + i) ? 1 : 0,
    }))).execute();
    expected += batch.length;
    after = batch[batch.length - 1]!.tag_key;
    if (batch.length < BATCH) break;
  }
  return expected;
}
