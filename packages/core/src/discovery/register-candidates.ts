import { type Kysely, sql } from 'kysely';
import type { DeviceIdentity, RegisterRecord } from '@custodia/domain';
import { hostnameKeyOf, normaliseMac } from '@custodia/domain';
import { type Tables, readJson } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import type { DeviceRow } from './device-store.js';
import { engineOf } from '../shared/locks.js';
import { byCodePoint } from '../shared/text-order.js';

/**
 * Candidates for reconciliation come from indexed lookups on the identifiers reported (never a scan): the rules then
 * decide among them exactly as they would over the whole register, since a record can only match on an equal value.
 */
export async function candidateDevices(tx: Tx, identity: DeviceIdentity): Promise<DeviceRow[]> {
  const byMac = identity.macs.length
    ? (await tx.selectFrom('device_macs').select('device_id').where('mac', 'in', identity.macs).limit(200).execute()).map((r) => r.device_id)
    : [];
  const query = deviceCandidatesQuery(tx, identity, byMac);
  return query ? query.execute() : [];
}

/**
 * One `or` of equalities on indexed columns, so both engines combine index look-ups (SQLite's multi-index OR, a
 * PostgreSQL bitmap OR). Null when nothing is reported to look up by: a constant term such as `1 = 0` would make
 * SQLite scan the table. Built on the database or a transaction (the query plan tests explain it outside one).
 */
export function deviceCandidatesQuery(db: Kysely<Tables>, identity: DeviceIdentity, deviceIds: readonly string[]) {
  const ids = [...new Set(deviceIds)];
  if (!identity.agentDeviceId && !identity.serialKey && !identity.uuid && !identity.hostnameKey && !ids.length) return null;
  return db.selectFrom('discovered_devices').selectAll().where((eb) => eb.or([
    ...(identity.agentDeviceId ? [eb('agent_device_id', '=', identity.agentDeviceId)] : []),
    ...(identity.serialKey ? [eb('serial_key', '=', identity.serialKey)] : []),
    ...(identity.uuid ? [eb('uuid', '=', identity.uuid)] : []),
    ...(identity.hostnameKey ? [eb('hostname_key', '=', identity.hostnameKey)] : []),
    ...(ids.length ? [eb('id', 'in', ids)] : []),
  ])).limit(200);
}

export const deviceRecord = (d: DeviceRow): RegisterRecord => ({
  id: d.id, serialKey: d.serial_key, uuid: d.uuid, macs: readJson<string[]>(d.macs, []), hostnameKey: d.hostname_key,
  agentDeviceIds: d.agent_device_id ? [d.agent_device_id] : [],
});

/**
 * Register records for assets that could be this device: same serial, linked to a matching device, or named as the
 * host. Each record joins what the register says (serial, host name and MAC attributes) with the identifiers of the
 * devices already linked to the asset.
 */
export async function candidateAssets(tx: Tx, identity: DeviceIdentity, devices: readonly DeviceRow[]): Promise<RegisterRecord[]> {
  const linked = [...new Set(devices.filter((d) => d.asset_id).map((d) => d.asset_id!))];
  const names = identity.hostname ? [...new Set([identity.hostname, identity.hostnameKey!])] : [];
  const seen = new Set<string>();
  const assets: { id: string; serial_key: string | null; name: string; attributes: unknown }[] = [];
  for (const query of assetCandidateQueries(tx, identity.serialKey, linked, names)) {
    for (const a of await query.execute()) if (!seen.has(a.id)) { seen.add(a.id); assets.push(a); }
  }
  if (!assets.length) return [];
  const ids = assets.map((a) => a.id);
  const linkedDevices = await tx.selectFrom('discovered_devices').select(['asset_id', 'uuid', 'macs', 'hostname_key', 'agent_device_id']).where('asset_id', 'in', ids).execute();
  return assets.map((a) => {
    const attrs = readJson<Record<string, unknown>>(a.attributes, {});
    const mine = linkedDevices.filter((d) => d.asset_id === a.id);
    const attrMac = typeof attrs.mac_address === 'string' ? normaliseMac(attrs.mac_address) : null;
    const hostname = typeof attrs.hostname === 'string' ? attrs.hostname : mine.find((d) => d.hostname_key)?.hostname_key ?? a.name;
    return {
      id: a.id, serialKey: a.serial_key,
      uuid: mine.find((d) => d.uuid)?.uuid ?? null,
      macs: [...new Set([...(attrMac ? [attrMac] : []), ...mine.flatMap((d) => readJson<string[]>(d.macs, []))])].sort(),
      hostnameKey: hostname ? hostnameKeyOf(hostname) : null,
      agentDeviceIds: mine.filter((d) => d.agent_device_id).map((d) => d.agent_device_id!),
    };
  });
}

/** Every value `serial_scope` can take: a manufacturer's id, or `-` for an asset without one (see prepare-asset). */
const SERIAL_SCOPES = sql<string>`(select "id" from "manufacturers" union all select '-')`;

/**
 * The look-ups behind `candidateAssets`, each on an index: a serial in any manufacturer's scope (the unique index on
 * `(serial_scope, serial_key)`, entered once per manufacturer and once for assets without one), the assets already
 * linked (primary key), assets named as the host (`assets_name`). Separate queries: no index starts with
 * `serial_key`, so an `or` of the three would scan the register. Built on the database or a transaction.
 */
export function assetCandidateQueries(db: Kysely<Tables>, serialKey: string | null, ids: readonly string[], names: readonly string[]) {
  const columns = ['id', 'serial_key', 'name', 'attributes'] as const;
  return [
    ...(serialKey ? [db.selectFrom('assets').select(columns).where('serial_key', '=', serialKey)
      .where('serial_scope', 'in', SERIAL_SCOPES).limit(200)] : []),
    ...(ids.length ? [db.selectFrom('assets').select(columns).where('id', 'in', ids).limit(200)] : []),
    // `assets_name` is built on the name by code point (COLLATE "C" on PostgreSQL): the same equality, through it.
    ...(names.length ? [db.selectFrom('assets').select(columns).where(byCodePoint(engineOf(db), 'name'), 'in', names).limit(200)] : []),
  ];
}
