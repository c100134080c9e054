import { notSeenSince } from '@custodia/domain';
import type { EventInput } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { readDiscoverySettings } from './discovery-settings.js';
import { raiseDiscrepancy } from './discrepancy-store.js';
import { localDateOf } from '../shared/today.js';

/** Stage kinds in which an asset is expected to keep reporting: in use, in stock, in maintenance. */
const EXPECTED_TO_REPORT = new Set(['in_use', 'available', 'maintenance']);

/**
 * Registered but not seen: an asset whose discovered devices have all been silent for the configured number of days,
 * while its stage says it should be reporting, is queued as possibly lost or stolen (once per asset while open).
 */
export async function detectNotSeen(ctx: Context): Promise<{ queued: number }> {
  const settings = await readDiscoverySettings(ctx.database.db);
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - settings.notSeenDays * 86_400_000).toISOString();
  const rows = await ctx.database.db.selectFrom('discovered_devices as d')
    .innerJoin('assets as a', 'a.id', 'd.asset_id')
    .select(['a.id as asset_id', 'a.tag', 'a.stage', 'a.lifecycle_model_id', 'a.owner_org_unit_id'])
    .select((eb) => eb.fn.max('d.last_seen_at').as('last_seen_at'))
    .groupBy(['a.id', 'a.tag', 'a.stage', 'a.lifecycle_model_id', 'a.owner_org_unit_id'])
    .having((eb) => eb.fn.max('d.last_seen_at'), '<', cutoff)
    .execute();
  const kinds = new Map<string, Map<string, string>>();
  let queued = 0;
  for (const r of rows) {
    if (!kinds.has(r.lifecycle_model_id)) {
      const m = await ctx.database.db.selectFrom('lifecycle_models').select('definition').where('id', '=', r.lifecycle_model_id).executeTakeFirstOrThrow();
      const def = (typeof m.definition === 'string' ? JSON.parse(m.definition) : m.definition) as { stages: { key: string; kind: string }[] };
      kinds.set(r.lifecycle_model_id, new Map(def.stages.map((s) => [s.key, s.kind])));
    }
    if (!EXPECTED_TO_REPORT.has(kinds.get(r.lifecycle_model_id)!.get(r.stage) ?? '')) continue;
    const lastSeen = String(r.last_seen_at);
    if (!notSeenSince(lastSeen, now, settings.notSeenDays)) continue;
    const events = await runChange(ctx, null, async (tx, nowIso) => {
      const ev: EventInput[] = await raiseDiscrepancy(tx, {
        kind: 'not_seen', dedupeKey: `not_seen:${r.asset_id}`, assetId: r.asset_id, deviceId: null, orgUnitId: r.owner_org_unit_id,
        evidence: { lastSeenAt: lastSeen, days: settings.notSeenDays }, discoveredValue: lastSeen,
        summary: `${r.tag} has not reported for more than ${settings.notSeenDays} days (last seen ${localDateOf(ctx, lastSeen)}): possibly lost or stolen`,
      }, nowIso, localDateOf(ctx, nowIso));
      return { result: ev, events: ev };
    });
    queued += events.length;
  }
  return { queued };
}

/** Deletes raw inventories older than the retention period (the device data they produced stays). */
export async function pruneInventoryEvidence(ctx: Context): Promise<{ deleted: number }> {
  const settings = await readDiscoverySettings(ctx.database.db);
  const cutoff = new Date(ctx.now().getTime() - settings.retentionDays * 86_400_000).toISOString();
  const r = await ctx.database.db.deleteFrom('inventory_snapshots').where('received_at', '<', cutoff).executeTakeFirst();
  return { deleted: Number(r.numDeletedRows) };
}
