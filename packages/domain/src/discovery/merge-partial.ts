import { INVENTORY_SECTIONS, type InventorySection, type InventorySnapshot, type ReportedIdentity } from './inventory.js';

/**
 * What is known of a device after one more inventory. A full inventory replaces everything (a value it no longer
 * reports is gone). A partial one (agents send only changed sections between full runs) replaces only the sections it
 * lists and keeps the others; its identity values replace the known ones only where it reports them.
 *
 * Ordering is the caller's concern: the incoming inventory is taken as the newer one.
 */
export function mergeSnapshot(known: InventorySnapshot | null, incoming: InventorySnapshot): InventorySnapshot {
  if (known === null || !incoming.partial) return incoming;

  const listed = new Set(incoming.sections);
  const take = <K extends InventorySection>(section: K): InventorySnapshot[K] => (listed.has(section) ? incoming : known)[section];
  const pick = <K extends keyof ReportedIdentity>(field: K): ReportedIdentity[K] => incoming.identity[field] ?? known.identity[field];
  const identity: ReportedIdentity = {
    serial: pick('serial'), uuid: pick('uuid'), hostname: pick('hostname'), fqdn: pick('fqdn'), manufacturer: pick('manufacturer'),
    model: pick('model'), agentDeviceId: pick('agentDeviceId'), virtualization: pick('virtualization'),
  };
  // The result holds every section the known snapshot held plus those just received; it stays partial only while
  // some section has never been received.
  const held = known.partial ? new Set([...known.sections, ...incoming.sections]) : new Set(INVENTORY_SECTIONS);
  const complete = INVENTORY_SECTIONS.every((s) => held.has(s));

  return {
    source: incoming.source,
    agent: incoming.agent ?? known.agent,
    collectedAt: incoming.collectedAt ?? known.collectedAt,
    partial: !complete,
    sections: INVENTORY_SECTIONS.filter((s) => held.has(s)),
    identity,
    hardware: take('hardware'),
    operatingSystem: take('operatingSystem'),
    cpus: take('cpus'),
    memories: take('memories'),
    storages: take('storages'),
    networks: take('networks'),
    monitors: take('monitors'),
    software: take('software'),
  };
}
