import { ORG_UNIT_PLACED_TYPES, readStoredChanges, webhookEventKind, webhookWants } from '@custodia/domain';
import type { Transaction } from 'kysely';
import { newId } from '../ids.js';
import { readBool, readJson } from '../json.js';
import type { Tables } from '../schema.js';

interface ActiveWebhook { id: string; kinds: string[]; orgUnitId: string | null }
type EventRow = Pick<Tables['events'], 'seq' | 'entity_type' | 'entity_id' | 'action' | 'changes' | 'occurred_at'>;

/**
 * The active webhooks as of a stamp (`event_chain.webhooks_stamp`, rewritten with a new id by every webhook change).
 * A stamp names one state of the webhooks table in one database, so the cache needs no other invalidation and holds
 * across processes: a change made by another server shows as a new stamp on the next append. A few stamps are kept
 * (tests and tools open several databases in one process).
 */
const cache = new Map<string, readonly ActiveWebhook[]>();
const CACHE_MAX = 16;

/** Marks the webhooks as changed, inside the transaction that changes them: the next append reads them again. */
export async function touchWebhooks(trx: Transaction<Tables>): Promise<void> {
  await trx.updateTable('event_chain').set({ webhooks_stamp: newId() }).where('id', '=', 1).execute();
}

/**
 * What the event appender calls per batch of events when the stamp is not empty: null when no webhook is active (the
 * appender then does nothing more), else a function giving the outbox rows of a batch, which the appender inserts in
 * its transaction: a delivery exists exactly when its event committed.
 */
export async function webhookOutbox(trx: Transaction<Tables>, stamp: string): Promise<((rows: readonly EventRow[]) => Promise<Tables['webhook_deliveries'][]>) | null> {
  let hooks = cache.get(stamp);
  if (!hooks) {
    const rows = await trx.selectFrom('webhooks').select(['id', 'event_kinds', 'org_unit_id', 'active']).execute();
    hooks = rows.filter((r) => readBool(r.active)).map((r) => ({ id: r.id, kinds: readJson<string[]>(r.event_kinds, []), orgUnitId: r.org_unit_id }));
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(stamp, hooks);
  }
  if (hooks.length === 0) return null;
  const active = hooks;
  return async (events) => {
    const wanted: { event: EventRow; kind: string; hooks: ActiveWebhook[] }[] = [];
    for (const event of events) {
      const kind = webhookEventKind(event.entity_type, event.action);
      if (!kind) continue;
      const subscribed = active.filter((h) => h.kinds.includes(kind));
      if (subscribed.length) wanted.push({ event, kind, hooks: subscribed });
    }
    if (!wanted.length) return [];
    const filtered = wanted.some((w) => w.hooks.some((h) => h.orgUnitId !== null));
    const paths = filtered ? await unitPaths(trx, wanted.map((w) => w.event)) : new Map<string, string | null>();
    const deliveries: Tables['webhook_deliveries'][] = [];
    for (const { event, kind, hooks: subscribed } of wanted) {
      const path = paths.get(`${event.entity_type}:${event.entity_id}`) ?? null;
      for (const hook of subscribed) {
        if (!webhookWants(hook, kind, path)) continue;
        deliveries.push({
          id: newId(), webhook_id: hook.id, event_seq: Number(event.seq), event_kind: kind, status: 'pending', attempts: 0, next_attempt_at: event.occurred_at,
          last_attempt_at: null, last_status_code: null, last_error: null, delivered_at: null, created_at: event.occurred_at,
        });
      }
    }
    return deliveries;
  };
}

/** Where each placed type keeps its org unit, and the field of its events that names it (for a record deleted meanwhile). */
const PLACEMENT: Record<(typeof ORG_UNIT_PLACED_TYPES)[number], { table: 'assets' | 'people' | 'discrepancies' | 'org_units'; column: string; field: string }> = {
  asset: { table: 'assets', column: 'owner_org_unit_id', field: 'ownerOrgUnitId' },
  person: { table: 'people', column: 'org_unit_id', field: 'orgUnitId' },
  discrepancy: { table: 'discrepancies', column: 'org_unit_id', field: 'orgUnitId' },
  org_unit: { table: 'org_units', column: 'id', field: 'id' },
};

/** The org-unit path of each event's record as the transaction sees it (after the change), one query per type and 500 ids. */
async function unitPaths(trx: Transaction<Tables>, events: readonly EventRow[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const db = trx as Transaction<any>;
  for (const [type, place] of Object.entries(PLACEMENT)) {
    const ofType = events.filter((e) => e.entity_type === type);
    const ids = [...new Set(ofType.map((e) => e.entity_id))];
    for (let i = 0; i < ids.length; i += 500) {
      const rows: { id: string; path: string | null }[] = await db.selectFrom(`${place.table} as r`).leftJoin('org_units as u', 'u.id', `r.${place.column}`)
        .select(['r.id as id', 'u.path as path']).where('r.id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) out.set(`${type}:${r.id}`, r.path);
    }
    // A record deleted by this change: its unit as its event names it (the side before a deletion).
    const gone = ofType.filter((e) => !out.has(`${type}:${e.entity_id}`));
    const unitIds = new Map<string, string>();
    for (const e of gone) {
      const change = readStoredChanges(e.changes)[place.field];
      const unit = (change?.after ?? change?.before) as unknown;
      if (typeof unit === 'string') unitIds.set(`${type}:${e.entity_id}`, unit);
    }
    if (unitIds.size) {
      const units = await trx.selectFrom('org_units').select(['id', 'path']).where('id', 'in', [...new Set(unitIds.values())]).execute();
      const pathOf = new Map(units.map((u) => [u.id, u.path]));
      for (const [key, unit] of unitIds) out.set(key, pathOf.get(unit) ?? null);
    }
  }
  return out;
}
