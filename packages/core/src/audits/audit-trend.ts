import type { AuditPlanTrend } from '@custodia/contracts';
import { type AuditItemResult, type AuditTallyRow, accuracyChange, accuracyCounts, auditAccuracy } from '@custodia/domain';
import { readBool } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { loadPlanRow } from './audit-records.js';

/** Runs shown, as on the plan's page. */
const RUNS = 100;

/**
 * How accurate the register was at each closed run of a plan, the last closed first, and how that changed from the run
 * before (Table 3.6 "Review and analyse verification and audit findings": the results prepare the next audits). The
 * counts are over what each run set out to check (`domain/audits/accuracy.ts`); one more run than shown is read, so
 * the oldest shown has its change too. The plan must be within the caller's scope (404 otherwise).
 */
export async function auditPlanTrend(ctx: Context, planId: string): Promise<AuditPlanTrend> {
  const db = ctx.database.db;
  const plan = await loadPlanRow(db, ctx, planId);
  const runs = await db.selectFrom('audit_runs').select(['id', 'started_at', 'closed_at', 'sample_method', 'sample_population', 'sample_size'])
    .where('plan_id', '=', plan.id).where('status', '=', 'closed').where('closed_at', 'is not', null)
    .orderBy('closed_at', 'desc').orderBy('id', 'desc').limit(RUNS + 1).execute();
  const tallies = new Map<string, AuditTallyRow[]>(runs.map((r) => [r.id, []]));
  if (runs.length) {
    const rows = await db.selectFrom('audit_items').select(['run_id', 'result', 'sampled', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', 'in', runs.map((r) => r.id)).groupBy(['run_id', 'result', 'sampled']).execute();
    for (const r of rows) tallies.get(r.run_id)!.push({ result: r.result as AuditItemResult, sampled: readBool(r.sampled), count: Number(r.n) });
  }
  const measured = runs.map((r) => {
    const counts = accuracyCounts(tallies.get(r.id)!);
    return { r, counts, accuracy: auditAccuracy(counts) };
  });
  return {
    planId: plan.id,
    runs: measured.slice(0, RUNS).map(({ r, counts, accuracy }, i) => ({
      runId: r.id, startedAt: r.started_at, closedAt: r.closed_at!, closedOn: localDateOf(ctx, r.closed_at!),
      sample: r.sample_method !== null ? { population: Number(r.sample_population ?? 0), size: Number(r.sample_size ?? 0) } : null,
      ...counts, accuracy, change: i + 1 < measured.length ? accuracyChange(accuracy, measured[i + 1]!.accuracy) : null,
    })),
  };
}
