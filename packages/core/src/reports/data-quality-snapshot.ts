import { type Expression, type SqlBool, sql } from 'kysely';
import { DATA_QUALITY_FIGURE_KEYS } from '@custodia/domain';
import { longReads } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { todayOf } from '../shared/today.js';
import { dataQualityFigureConditions, dataQualityReference } from '../shared/data-quality-sql.js';

export interface DataQualitySnapshot {
  /** The organisation's date the figures are recorded for. */
  day: string;
  /** Owner org units with assets (assets with none count as one more). */
  units: number;
  /** Assets counted. */
  assets: number;
}

/** Rows per insert: 6 parameters each stay well under either engine's limit. */
const BATCH = 500;

/**
 * Records today's data-quality figures (ITAM practice guide: quality continually reviewed and improved), so the
 * dashboard's figures have a history (`dataQualityTrend`). Today is the organisation's date (`todayOf`).
 *
 * One pass over the register, grouped by owner org unit, counts each figure under the dashboard's own conditions
 * (`dataQualityFigureConditions`) and the unit's assets; a reader's trend sums the units of their scope, which is how
 * the dashboard scopes (`unitInScope` on the owner org unit; no unit: organisation-wide readers only). It covers the
 * whole register whoever runs it: the hourly server job, or `custodia report quality-snapshot`.
 *
 * Taken again the same day, it replaces that day's rows in one transaction — a unit whose assets all left it has no
 * row any more — and the unique key (day, unit, figure) keeps one row each even when two servers take it at once:
 * the later insert updates the rows the other one committed. The figures are derived from the register, not a
 * change to it: no history event.
 */
export async function takeDataQualitySnapshot(ctx: Context): Promise<DataQualitySnapshot> {
  const db = longReads(ctx.database);
  const day = todayOf(ctx);
  const conditions = dataQualityFigureConditions(await dataQualityReference(db, ctx.database.engine, day));
  const countIf = (cond: Expression<SqlBool>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const rows: Record<string, unknown>[] = await db.selectFrom('assets')
    .select((eb) => [
      'assets.owner_org_unit_id',
      eb.fn.countAll<number>().as('assets'),
      ...DATA_QUALITY_FIGURE_KEYS.map((key, i) => countIf(conditions[key](eb)).as(`f${i}`)),
    ])
    .groupBy('assets.owner_org_unit_id')
    .execute();

  const takenAt = ctx.now().toISOString();
  const values = rows.flatMap((r) => DATA_QUALITY_FIGURE_KEYS.map((figure, i) => ({
    day, org_unit_id: (r['owner_org_unit_id'] as string | null) ?? null, figure, flagged: Number(r[`f${i}`] ?? 0), assets: Number(r['assets'] ?? 0), taken_at: takenAt,
  })));
  await ctx.database.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('data_quality_snapshots').where('day', '=', day).execute();
    for (let i = 0; i < values.length; i += BATCH) {
      await tx.insertInto('data_quality_snapshots').values(values.slice(i, i + BATCH))
        .onConflict((oc) => oc.expression(sql`day, coalesce(org_unit_id, ''), figure`).doUpdateSet((eb) => ({
          flagged: eb.ref('excluded.flagged'), assets: eb.ref('excluded.assets'), taken_at: eb.ref('excluded.taken_at'),
        })))
        .execute();
    }
  });
  return { day, units: rows.length, assets: rows.reduce((sum, r) => sum + Number(r['assets'] ?? 0), 0) };
}
