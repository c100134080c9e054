import { type SqlBool, sql } from 'kysely';
import type { DeviceIdentity, RegisterRecord } from '@custodia/domain';
import { hostnameKeyOf, normaliseMac } from '@custodia/domain';
import { readJson } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import type { DeviceRow } from './device-store.js';

/**
 * Candidates for reconciliation come from indexed lookups on the identifiers reported (never a scan): the rules then
 * decide among them exactly as they would over the whole register, since a record can only match on an equal value.
 */
export async function candidateDevices(tx: Tx, identity: DeviceIdentity): Promise<DeviceRow[]> {
  const byMac = identity.macs.length
    ? (await tx.selectFrom('device_macs').select('device_id').where('mac', 'in', identity.macs).limit(200).execute()).map((r) => r.device_id)
    : [];
  return tx.selectFrom('discovered_devices').selectAll().where((eb) => eb.or([
    ...(identity.agentDeviceId ? [eb('agent_device_id', '=', identity.agentDeviceId)] : []),
    ...(identity.serialKey ? [eb('serial_key', '=', identity.serialKey)] : []),
    ...(identity.uuid ? [eb('uuid', '=', identity.uuid)] : []),
    ...(identity.hostnameKey ? [eb('hostname_key', '=', identity.hostnameKey)] : []),
    ...(byMac.length ? [eb('id', 'in', [...new Set(byMac)])] : []),
    sql<SqlBool>`1 = 0`,
  ])).limit(200).execute();
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
  const linked = devices.filter((d) => d.asset_id).map((d) => d.asset_id!);
  const names = identity.hostname ? [...new Set([identity.hostname, identity.hostnameKey!])] : [];
  const assets = await tx.selectFrom('assets').select(['id', 'serial_key', 'name', 'attributes']).where((eb) => eb.or([
    ...(identity.serialKey ? [eb('serial_key', '=', identity.serialKey)] : []),
    ...(linked.length ? [eb('id', 'in', [...new Set(linked)])] : []),
    ...(names.length ? [eb('name', 'in', names)] : []),
    sql<SqlBool>`1 = 0`,
  ])).limit(200).execute();
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
