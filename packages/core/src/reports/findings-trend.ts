import { type RawBuilder, sql } from 'kysely';
import type { FindingsTrend, FindingsTrendQuery } from '@custodia/contracts';
import { DISCREPANCY_KINDS, RESOLUTION_KEYS, addMonths, startOfDate } from '@custodia/domain';
import { longReads } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { todayOf } from '../shared/today.js';
import { discrepancyInScope } from '../discovery/discrepancies.js';

type Month = FindingsTrend['months'][number];
type Figures = Omit<Month, 'month' | 'from' | 'to' | 'byKind'>;
type ResolvedBy = Figures['resolvedBy'];

/**
 * Findings over time (ITAM practice guide Table 3.6 "Review and analyse verification and audit findings": trends),
 * scoped as the queue is: per calendar month of the organisation's time zone, the discrepancies raised, those that
 * left the queue (by resolution) and the backlog at each month's end, in all and per kind.
 *
 * Each discrepancy row is one finding's life: raised at `created_at`, open until `resolved_at` (a person's resolution,
 * setting it aside until a date included, or Custodia settling it); a subject found again later is a new row. So the
 * months are cut at the instants their first days start in the organisation's zone (`startOfDate`), passed as
 * parameters — the engines' date functions differ, comparisons of instants do not — and each row falls in the month
 * whose end it precedes first. The backlog is the one open when the first month starts, plus what each month raised,
 * less what it resolved. Scope is today's (an asset's findings follow its owner), and the findings of a deleted asset
 * went with it.
 */
export async function findingsTrend(ctx: Context, query: FindingsTrendQuery): Promise<FindingsTrend> {
  const db = longReads(ctx.database);
  const today = todayOf(ctx);
  const first = addMonths(`${today.slice(0, 7)}-01`, 1 - query.months);
  const starts = Array.from({ length: query.months + 1 }, (_, i) => addMonths(first, i));
  const bounds = starts.map((d) => startOfDate(d, ctx.timeZone).toISOString());
  const from = bounds[0]!;
  const to = bounds[bounds.length - 1]!;
  // The month of an instant within [from, to): the first whose end lies after it.
  const monthOf = (column: 'created_at' | 'resolved_at'): RawBuilder<number> =>
    sql<number>`case ${sql.join(bounds.slice(1).map((end, i) => sql`when ${sql.ref(column)} < ${end} then ${sql.lit(i)}`), sql` `)} end`;
  const queue = () => db.selectFrom('discrepancies').where(discrepancyInScope(ctx.access.scope));

  // Grouped outside the subquery: PostgreSQL would not match the CASE of the select list with that of a GROUP BY, whose parameters get other numbers.
  const raised = await db.selectFrom(queue().select(['kind', monthOf('created_at').as('m')]).where('created_at', '>=', from).where('created_at', '<', to).as('r'))
    .select(['r.kind', 'r.m', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['r.kind', 'r.m']).execute();
  const resolved = await db.selectFrom(queue().select(['kind', 'resolution', monthOf('resolved_at').as('m')]).where('resolved_at', '>=', from).where('resolved_at', '<', to).as('r'))
    .select(['r.kind', 'r.resolution', 'r.m', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['r.kind', 'r.resolution', 'r.m']).execute();
  const openBefore = await queue().where('created_at', '<', from).where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>=', from)]))
    .select((eb) => ['kind', eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();

  const kinds = DISCREPANCY_KINDS.map((k) => k.key as string);
  const cells = new Map(kinds.map((k) => [k, starts.slice(0, -1).map(emptyFigures)]));
  for (const r of raised) { const c = cells.get(r.kind)?.[Number(r.m)]; if (c) c.raised += Number(r.n); }
  for (const r of resolved) {
    const c = cells.get(r.kind)?.[Number(r.m)];
    if (!c) continue;
    c.resolved += Number(r.n);
    const how = (r.resolution ?? 'settled') as keyof ResolvedBy;
    if (how in c.resolvedBy) c.resolvedBy[how] += Number(r.n);
  }
  for (const k of kinds) {
    let backlog = Number(openBefore.find((o) => o.kind === k)?.n ?? 0);
    for (const c of cells.get(k)!) { backlog += c.raised - c.resolved; c.openAtEnd = backlog; }
  }

  const title = new Map(DISCREPANCY_KINDS.map((k) => [k.key as string, k.title]));
  const months: Month[] = starts.slice(0, -1).map((start, i) => {
    const byKind = kinds.map((kind) => ({ kind: kind as Month['byKind'][number]['kind'], title: title.get(kind) ?? kind, ...cells.get(kind)![i]! }));
    return { month: start.slice(0, 7), from: bounds[i]!, to: bounds[i + 1]!, ...sumOf(byKind), byKind };
  });
  return { today, timeZone: ctx.timeZone, months };
}

function emptyFigures(): Figures {
  return { raised: 0, resolved: 0, resolvedBy: { ...Object.fromEntries(RESOLUTION_KEYS.map((r) => [r, 0])), settled: 0 } as ResolvedBy, openAtEnd: 0 };
}

function sumOf(rows: readonly Figures[]): Figures {
  const total = emptyFigures();
  for (const r of rows) {
    total.raised += r.raised;
    total.resolved += r.resolved;
    total.openAtEnd += r.openAtEnd;
    for (const key of Object.keys(total.resolvedBy) as (keyof ResolvedBy)[]) total.resolvedBy[key] += r.resolvedBy[key];
  }
  return total;
}
