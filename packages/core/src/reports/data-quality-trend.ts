import type { DataQualityTrend, DataQualityTrendQuery } from '@custodia/contracts';
import { DATA_QUALITY_FIGURES, addDays } from '@custodia/domain';
import { longReads } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { todayOf } from '../shared/today.js';
import { unitInScope } from '../shared/scope-sql.js';

/**
 * The dashboard's data-quality figures over the last `days` days, today (the organisation's date) last, from the daily
 * snapshots (`takeDataQualitySnapshot`), within the caller's scope: each day's figures are summed over the owner org
 * units of the scope, as the dashboard counts them (rows of assets with no owner unit only organisation-wide). Scope
 * is today's: a unit moved since counts where it is now.
 *
 * The days are those a snapshot was taken on, whichever units it covered: a reader none of whose units had assets
 * that day reads zeros rather than a gap.
 */
export async function dataQualityTrend(ctx: Context, query: DataQualityTrendQuery): Promise<DataQualityTrend> {
  const db = longReads(ctx.database);
  const today = todayOf(ctx);
  const from = addDays(today, 1 - query.days);
  const scope = ctx.access.scope;
  const window = () => db.selectFrom('data_quality_snapshots').where('day', '>=', from).where('day', '<=', today);

  const taken = (await window().select('day').distinct().orderBy('day').execute()).map((r) => String(r.day));
  const scoped = scope.kind === 'all' ? window() : window().where((eb) => unitInScope(eb, 'data_quality_snapshots.org_unit_id', scope));
  const sums = await scoped
    .select(['day', 'figure', (eb) => eb.fn.sum<number>('flagged').as('count'), (eb) => eb.fn.sum<number>('assets').as('assets')])
    .groupBy(['day', 'figure'])
    .execute();
  const cell = new Map(sums.map((r) => [`${String(r.day)}|${r.figure}`, { count: Number(r.count ?? 0), assets: Number(r.assets ?? 0) }]));

  return {
    today, timeZone: ctx.timeZone, from,
    figures: DATA_QUALITY_FIGURES.map((f) => ({ key: f.key, label: f.label })),
    days: taken.map((day) => ({
      day,
      figures: DATA_QUALITY_FIGURES.map((f) => ({ key: f.key, ...(cell.get(`${day}|${f.key}`) ?? { count: 0, assets: 0 }) })),
    })),
  };
}
