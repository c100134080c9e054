import { type Expression, type SqlBool, sql } from 'kysely';
import type { FindingsReport } from '@custodia/contracts';
import { DISCREPANCY_KINDS } from '@custodia/domain';
import { longReads } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { discrepancyInScope } from '../discovery/discrepancies.js';
import { deviceInScope } from '../discovery/devices.js';

const RECENT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Audit findings and non-compliances (ITAM practice guide Table 2.3) within the caller's scope, as SQL aggregates over
 * the discrepancy queue and the discovered devices, scoped exactly as the queue and the device list are: open
 * findings by kind, those past their due date or without an owner, the exceptions set aside, what was resolved lately,
 * and how many discovered devices are linked to a registered asset.
 */
export async function findingsReport(ctx: Context): Promise<FindingsReport> {
  const db = longReads(ctx.database);
  const now = ctx.now();
  const today = localDateOf(ctx, now);
  const since = new Date(now.getTime() - RECENT_DAYS * DAY_MS).toISOString();
  const countIf = (cond: Expression<SqlBool>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const num = (v: unknown) => Number(v ?? 0);
  const queue = () => db.selectFrom('discrepancies').where(discrepancyInScope(ctx.access.scope));

  const kinds = await queue().where('status', '=', 'open')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('open'), countIf(eb('due_on', '<', today)).as('overdue')])
    .groupBy('kind').execute();
  const totals = await queue()
    .select((eb) => [
      countIf(eb('status', '=', 'open')).as('open'),
      countIf(eb.and([eb('status', '=', 'open'), eb('due_on', '<', today)])).as('overdue'),
      countIf(eb.and([eb('status', '=', 'open'), eb('owner', 'is', null)])).as('without_owner'),
      countIf(eb('status', '=', 'ignored')).as('ignored'),
      countIf(eb.and([eb('status', '=', 'resolved'), eb('resolved_at', '>=', since)])).as('resolved'),
    ]).executeTakeFirstOrThrow();
  const devices = await db.selectFrom('discovered_devices').where(deviceInScope(ctx))
    .select((eb) => [eb.fn.countAll<number>().as('total'), countIf(eb('discovered_devices.asset_id', 'is not', null)).as('linked')])
    .executeTakeFirstOrThrow();

  const title = new Map(DISCREPANCY_KINDS.map((k) => [k.key as string, k.title]));
  return {
    today,
    open: num(totals.open),
    overdue: num(totals.overdue),
    withoutOwner: num(totals.without_owner),
    ignored: num(totals.ignored),
    resolvedLast30Days: num(totals.resolved),
    byKind: kinds.map((k) => ({ kind: k.kind as FindingsReport['byKind'][number]['kind'], title: title.get(k.kind) ?? k.kind, open: num(k.open), overdue: num(k.overdue) }))
      .sort((a, b) => b.open - a.open || a.kind.localeCompare(b.kind)),
    devices: { total: num(devices.total), linked: num(devices.linked) },
  };
}
