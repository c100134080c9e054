import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { ExpressionBuilder } from 'kysely';
import { AppError } from '@custodia/contracts';
import type { DeviceListQuery, SoftwareQuery } from '@custodia/contracts';
import type { z } from 'zod';
import { type InventorySnapshot, foldForSearch, serialKey } from '@custodia/domain';
import { PG_DEVICE_SERIAL_SQL, type Tables, longReads, readBool, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { cursorOfAnotherOrder, decodeCursor, decodeInstantCursor, decodeIntegerCursor, encodeCursor } from '../shared/pagination.js';
import { containsFolded, likeEscape, likeEscaped } from '../shared/search-sql.js';
import { unitInScope } from '../shared/scope-sql.js';
import type { DeviceRow } from './device-store.js';
import { reportsFrom } from './location-check.js';

export function presentDevice(d: DeviceRow) {
  return {
    id: d.id, assetId: d.asset_id, status: d.status as 'active' | 'ignored', source: d.source, agent: d.agent, hostname: d.hostname, fqdn: d.fqdn, serial: d.serial, uuid: d.uuid,
    manufacturer: d.manufacturer, model: d.model, virtualization: d.virtualization, osName: d.os_name, osVersion: d.os_version, osFullName: d.os_full_name,
    memoryMb: d.memory_mb === null ? null : Number(d.memory_mb), cpuSummary: d.cpu_summary, ipAddresses: readJson<string[]>(d.ip_addresses, []), macs: readJson<string[]>(d.macs, []),
    softwareCount: Number(d.software_count), collectedAt: d.collected_at, firstSeenAt: d.first_seen_at, lastSeenAt: d.last_seen_at, version: Number(d.version),
  };
}

/**
 * Devices are in scope through the asset they are linked to (its owner org unit), or through the org unit of the agent
 * token that reported them while unlinked.
 */
export const deviceInScope = (ctx: Context) => (eb: ExpressionBuilder<Tables, 'discovered_devices'>) =>
  ctx.access.scope.kind === 'all' ? sql<SqlBool>`1 = 1` : eb.or([
    eb.and([eb('discovered_devices.asset_id', 'is not', null), eb('discovered_devices.asset_id', 'in', eb.selectFrom('assets').select('assets.id').where((w) => unitInScope(w, 'assets.owner_org_unit_id', ctx.access.scope)))]),
    eb.and([eb('discovered_devices.asset_id', 'is', null), unitInScope(eb, 'discovered_devices.org_unit_id', ctx.access.scope)]),
  ]);

/**
 * Discovered devices, in one of two orders: most recently seen first (the default, which every report moves: a device
 * seen again goes back to the first page), or by host name key, which a report moves only when it brings another host
 * name, so paging through it shows each device once. Each cursor names its order (`k`); one from another order, or
 * edited, is 400 INVALID_CURSOR.
 */
export async function listDevices(ctx: Context, query: z.infer<typeof DeviceListQuery>) {
  // Free text may read the whole table: on SQLite it runs on a reader thread, not the event loop.
  let q = (query.q ? longReads(ctx.database) : ctx.database.db).selectFrom('discovered_devices').selectAll().where(deviceInScope(ctx));
  if (query.linked === 'true') q = q.where('asset_id', 'is not', null);
  if (query.linked === 'false') q = q.where('asset_id', 'is', null);
  if (query.assetId) q = q.where('asset_id', '=', query.assetId);
  if (query.q) {
    const text = query.q;
    // Serial keys are folded by `serialKey` (upper case): PostgreSQL's LIKE is case-sensitive, so the query is folded the same way.
    const serial = `%${likeEscape(serialKey(text))}%`;
    // On PostgreSQL the serial is compared through the expression its trigram index is built on.
    const serialKeyExpr = ctx.database.engine === 'postgres' ? sql.raw(PG_DEVICE_SERIAL_SQL) : sql.ref('serial_key');
    q = q.where((eb) => eb.or([containsFolded(eb, ctx.database.engine, 'hostname', text), likeEscaped(serialKeyExpr, serial), containsFolded(eb, ctx.database.engine, 'os_full_name', text)]));
  }
  const rows = query.sort === 'hostname' ? await byHostname(q, query) : await byLastSeen(q, query);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(presentDevice), nextCursor: rows.length > query.limit && last ? deviceCursor(last, query.sort) : null };
}

type DeviceQuery = SelectQueryBuilder<Tables, 'discovered_devices', DeviceRow>;
type Paging = { cursor?: string | undefined; limit: number };

/** Most recently seen first: one row more than asked, to know whether another page follows. */
function byLastSeen(q: DeviceQuery, query: Paging): Promise<DeviceRow[]> {
  if (query.cursor) {
    const c = decodeInstantCursor(query.cursor);
    // A cursor naming no order is read as the default order's.
    if (c.k !== undefined && c.k !== 'lastSeenAt') throw cursorOfAnotherOrder();
    q = q.where((eb) => eb.or([eb('last_seen_at', '<', c.v), eb.and([eb('last_seen_at', '=', c.v), eb('id', '<', c.id)])]));
  }
  return q.orderBy('last_seen_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
}

/**
 * By host name key (code point order on both engines), then id; devices without a key follow, by id. Two walks of
 * the (hostname_key, id) index, the second only once the named devices are exhausted, so a page starts at its cursor
 * in the index whichever part it is in.
 */
async function byHostname(q: DeviceQuery, query: Paging): Promise<DeviceRow[]> {
  const after = query.cursor ? hostnameCursor(query.cursor) : null;
  const rows: DeviceRow[] = [];
  if (!after || after.key !== null) {
    let named = q.where('hostname_key', 'is not', null);
    if (after?.key) {
      const { key, id } = after;
      // The redundant `>=` lets the engine start the index range at the cursor.
      named = named.where('hostname_key', '>=', key).where((eb) => eb.or([eb('hostname_key', '>', key), eb.and([eb('hostname_key', '=', key), eb('id', '>', id)])]));
    }
    rows.push(...await named.orderBy('hostname_key').orderBy('id').limit(query.limit + 1).execute());
  }
  if (rows.length <= query.limit) {
    let unnamed = q.where('hostname_key', 'is', null);
    if (after && after.key === null) unnamed = unnamed.where('id', '>', after.id);
    rows.push(...await unnamed.orderBy('id').limit(query.limit + 1 - rows.length).execute());
  }
  return rows;
}

/**
 * The cursor of the last row of a page, naming its order and, by host name, the row's key (`hostname`; a key of the
 * 253 characters kept fits a cursor) or that the row has none (`hostname-none`).
 */
function deviceCursor(last: DeviceRow, sort: z.infer<typeof DeviceListQuery>['sort']): string {
  if (sort !== 'hostname') return encodeCursor({ v: last.last_seen_at, id: last.id, k: 'lastSeenAt' });
  if (last.hostname_key === null) return encodeCursor({ v: '', id: last.id, k: 'hostname-none' });
  return encodeCursor({ v: last.hostname_key, id: last.id, k: 'hostname' });
}

function hostnameCursor(cursor: string): { key: string | null; id: string } {
  const c = decodeCursor(cursor);
  if (c.k === 'hostname' && typeof c.v === 'string' && c.v !== '') return { key: c.v, id: c.id };
  if (c.k === 'hostname-none' && c.v === '') return { key: null, id: c.id };
  throw cursorOfAnotherOrder();
}

async function loadDevice(ctx: Context, id: string): Promise<DeviceRow> {
  const row = await ctx.database.db.selectFrom('discovered_devices').selectAll().where('id', '=', id).where(deviceInScope(ctx)).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No device ${id}`, { securityNote: 'device missing or outside scope' });
  return row;
}

export async function getDevice(ctx: Context, id: string) {
  const d = await loadDevice(ctx, id);
  const c = readJson<Record<string, unknown[]>>(d.components, {});
  const snapshots = await ctx.database.db.selectFrom('inventory_snapshots')
    .select(['id', 'received_at', 'collected_at', 'source', 'format', 'partial', 'outcome', 'anomaly', 'size_bytes'])
    .where('device_id', '=', id).orderBy('received_at', 'desc').limit(20).execute();
  const hardware = c.hardware as unknown as InventorySnapshot['hardware'] | undefined;
  const from = await reportsFrom(ctx, { networks: (c.networks ?? []) as InventorySnapshot['networks'], hardware: hardware ?? { memoryMb: null, chassis: null, ipAddresses: readJson<string[]>(d.ip_addresses, []), lastLoggedUser: null } });
  return {
    ...presentDevice(d),
    reportsFrom: from,
    components: { cpus: c.cpus ?? [], memories: c.memories ?? [], storages: c.storages ?? [], networks: c.networks ?? [], monitors: c.monitors ?? [] } as Record<'cpus' | 'memories' | 'storages' | 'networks' | 'monitors', Record<string, unknown>[]>,
    snapshots: snapshots.map((s) => ({ id: s.id, receivedAt: s.received_at, collectedAt: s.collected_at, source: s.source, format: s.format, partial: readBool(s.partial), outcome: s.outcome, anomaly: s.anomaly, sizeBytes: Number(s.size_bytes) })),
  };
}

/** The software inventory of a device, by name, paged in memory (a device holds hundreds of entries, not millions). */
export async function listDeviceSoftware(ctx: Context, id: string, query: z.infer<typeof SoftwareQuery>) {
  await loadDevice(ctx, id);
  const row = await ctx.database.db.selectFrom('device_software').select('items').where('device_id', '=', id).executeTakeFirst();
  let items = readJson<{ name: string; version: string | null; publisher: string | null; installDate: string | null; arch: string | null; origin: string | null }[]>(row?.items ?? null, []);
  if (query.q) {
    // Ignoring case and accents, as every other search.
    const needle = foldForSearch(query.q);
    items = items.filter((s) => foldForSearch(s.name).includes(needle) || foldForSearch(s.publisher ?? '').includes(needle));
  }
  const start = query.cursor ? decodeIntegerCursor(query.cursor) : 0;
  const page = items.slice(start, start + query.limit);
  return { items: page, nextCursor: start + query.limit < items.length ? encodeCursor({ v: start + query.limit, id: id }) : null, total: items.length };
}
