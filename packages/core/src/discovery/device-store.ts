import type { DeviceIdentity, InventorySnapshot } from '@custodia/domain';
import { type SoftwareList, readJson, writeJson } from '@custodia/data';
import type { Row } from '@custodia/data';
import type { Tx } from '../shared/change.js';

export type DeviceRow = Row<'discovered_devices'>;

/** What the device row keeps of the sections besides the software list (which has its own table). */
interface StoredComponents {
  identity: InventorySnapshot['identity'];
  hardware: InventorySnapshot['hardware'];
  operatingSystem: InventorySnapshot['operatingSystem'];
  cpus: InventorySnapshot['cpus'];
  memories: InventorySnapshot['memories'];
  storages: InventorySnapshot['storages'];
  networks: InventorySnapshot['networks'];
  monitors: InventorySnapshot['monitors'];
}

/** The snapshot known for a device, rebuilt from its row and software list (a partial inventory merges into it). */
export async function knownSnapshot(tx: Tx, device: DeviceRow): Promise<InventorySnapshot> {
  const c = readJson<StoredComponents>(device.components, {} as StoredComponents);
  const sw = await tx.selectFrom('device_software').select('items').where('device_id', '=', device.id).executeTakeFirst();
  return {
    source: device.source as InventorySnapshot['source'], agent: device.agent, collectedAt: device.collected_at, partial: false,
    sections: ['hardware', 'operatingSystem', 'cpus', 'memories', 'storages', 'networks', 'monitors', 'software'],
    identity: c.identity ?? { serial: device.serial, uuid: device.uuid, hostname: device.hostname, fqdn: device.fqdn, manufacturer: device.manufacturer, model: device.model, agentDeviceId: device.agent_device_id, virtualization: device.virtualization },
    hardware: c.hardware ?? { memoryMb: device.memory_mb === null ? null : Number(device.memory_mb), chassis: null, ipAddresses: readJson<string[]>(device.ip_addresses, []), lastLoggedUser: null },
    operatingSystem: c.operatingSystem ?? null, cpus: c.cpus ?? [], memories: c.memories ?? [], storages: c.storages ?? [], networks: c.networks ?? [], monitors: c.monitors ?? [],
    software: sw ? readJson<InventorySnapshot['software']>(sw.items, []) : [],
  };
}

export const cpuSummary = (s: InventorySnapshot): string | null => {
  const first = s.cpus.find((c) => c.name);
  if (!first?.name) return null;
  const cores = s.cpus.reduce((n, c) => n + (c.cores ?? 0), 0);
  return s.cpus.length > 1 ? `${s.cpus.length} × ${first.name}` : cores > 0 ? `${first.name} (${cores} cores)` : first.name;
};

/** The columns of a device row for a snapshot. */
export function deviceColumns(s: InventorySnapshot, identity: DeviceIdentity) {
  const components: StoredComponents = {
    identity: s.identity, hardware: s.hardware, operatingSystem: s.operatingSystem, cpus: s.cpus, memories: s.memories, storages: s.storages, networks: s.networks, monitors: s.monitors,
  };
  return {
    source: s.source, agent: s.agent, agent_device_id: identity.agentDeviceId, hostname: identity.hostname, hostname_key: identity.hostnameKey, fqdn: identity.fqdn,
    serial: identity.serial, serial_key: identity.serialKey, uuid: identity.uuid, manufacturer: identity.manufacturer, model: identity.model,
    virtualization: s.identity.virtualization, os_name: s.operatingSystem?.name ?? null, os_version: s.operatingSystem?.version ?? null, os_full_name: s.operatingSystem?.fullName ?? null,
    memory_mb: s.hardware.memoryMb, cpu_summary: cpuSummary(s), ip_addresses: writeJson(s.hardware.ipAddresses), macs: writeJson(identity.macs),
    components: writeJson(components), software_count: s.software.length,
  };
}

/** Replaces the MACs of a device (its physical interfaces), used to match by MAC. */
export async function replaceDeviceMacs(tx: Tx, deviceId: string, macs: readonly string[], previous: readonly string[] | null): Promise<void> {
  if (previous && previous.length === macs.length && previous.every((m, i) => m === macs[i])) return;
  if (previous) await tx.deleteFrom('device_macs').where('device_id', '=', deviceId).execute();
  if (macs.length) await tx.insertInto('device_macs').values(macs.map((mac) => ({ device_id: deviceId, mac }))).execute();
}

/** Writes the software list when it changed; answers the previous list when it did (for the history summary). */
export async function replaceDeviceSoftware(tx: Tx, deviceId: string, list: SoftwareList, now: string, isNew: boolean): Promise<{ changed: boolean; before: InventorySnapshot['software'] }> {
  const { items, json, sha256 } = list;
  if (isNew) {
    await tx.insertInto('device_software').values({ device_id: deviceId, items: json, item_count: items.length, sha256, updated_at: now }).execute();
    return { changed: items.length > 0, before: [] };
  }
  const prev = await tx.selectFrom('device_software').select('sha256').where('device_id', '=', deviceId).executeTakeFirst();
  if (prev?.sha256 === sha256) return { changed: false, before: [] };
  const before = prev ? await tx.selectFrom('device_software').select('items').where('device_id', '=', deviceId).executeTakeFirstOrThrow() : null;
  await tx.insertInto('device_software').values({ device_id: deviceId, items: json, item_count: items.length, sha256, updated_at: now })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ items: json, item_count: items.length, sha256, updated_at: now })).execute();
  return { changed: true, before: before ? readJson<InventorySnapshot['software']>(before.items, []) : [] };
}
