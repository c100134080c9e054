import {
  INVENTORY_SECTIONS, type HardwareSummary, type InventorySection, type InventorySnapshot, type InventorySource, type NetworkInterface,
  type OperatingSystem, type ReportedIdentity,
} from './inventory.js';

/**
 * Sources whose inventories describe a device from outside and only in part: a discovery feed row lists the MACs one
 * network tool saw, an SBOM only software. Their partial inventories create a device they do not know (an agent's
 * partial, changed sections only, cannot), and the interfaces they report add to the known ones instead of replacing
 * them.
 */
export const DESCRIBING_SOURCES: readonly InventorySource[] = ['csv-feed', 'sbom'];

/**
 * What is known of a device after one more inventory. A full inventory replaces everything (a value it no longer
 * reports is gone). A partial one (agents send only changed sections between full runs; feeds and SBOMs know only
 * some of a device) changes only the sections it lists, and within them field by field: a value it does not report
 * is missing data, not a removal, so the known one stays. Lists it lists (CPUs, disks, software…) are replaced whole,
 * as the agents send a changed section whole; a feed's interfaces are added to the known ones (union by MAC). The
 * host's IP addresses follow the interfaces: they are kept unless it reports some, or reports the interfaces.
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
  const describing = DESCRIBING_SOURCES.includes(incoming.source);
  const networks = !listed.has('networks') ? known.networks : describing ? unionByMac(known.networks, incoming.networks) : incoming.networks;
  // The agents derive the addresses from the interfaces when the hardware section has none: an agent partial that
  // reports its interfaces reports their addresses too, even none. A feed's interfaces carry no addresses.
  const reportsAddresses = listed.has('networks') ? incoming.hardware.ipAddresses.length > 0 || !describing
    : listed.has('hardware') && incoming.hardware.ipAddresses.length > 0;
  const hardware = listed.has('hardware') ? mergeHardware(known.hardware, incoming.hardware) : known.hardware;

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
    hardware: { ...hardware, ipAddresses: reportsAddresses ? incoming.hardware.ipAddresses : known.hardware.ipAddresses },
    operatingSystem: listed.has('operatingSystem') ? mergeOperatingSystem(known.operatingSystem, incoming.operatingSystem) : known.operatingSystem,
    cpus: take('cpus'),
    memories: take('memories'),
    storages: take('storages'),
    networks,
    monitors: take('monitors'),
    software: take('software'),
  };
}

/** Reported hardware values replace the known ones; the ones not reported stay. */
function mergeHardware(known: HardwareSummary, incoming: HardwareSummary): HardwareSummary {
  return {
    memoryMb: incoming.memoryMb ?? known.memoryMb,
    chassis: incoming.chassis ?? known.chassis,
    ipAddresses: incoming.ipAddresses,
    lastLoggedUser: incoming.lastLoggedUser ?? known.lastLoggedUser,
  };
}

/**
 * Reported OS values replace the known ones, the others stay — unless it names another OS or version: then the known
 * full name, kernel and the rest described the OS that is gone, and the reported one replaces it whole.
 */
function mergeOperatingSystem(known: OperatingSystem | null, incoming: OperatingSystem | null): OperatingSystem | null {
  if (incoming === null) return known;
  const differs = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() !== b.toLowerCase();
  if (known === null || differs(incoming.name, known.name) || differs(incoming.version, known.version)) return incoming;
  return {
    name: incoming.name ?? known.name, version: incoming.version ?? known.version, fullName: incoming.fullName ?? known.fullName,
    kernelName: incoming.kernelName ?? known.kernelName, kernelVersion: incoming.kernelVersion ?? known.kernelVersion, arch: incoming.arch ?? known.arch,
  };
}

/** The known interfaces, then the reported ones whose MAC is not among them. */
function unionByMac(known: readonly NetworkInterface[], incoming: readonly NetworkInterface[]): NetworkInterface[] {
  const macs = new Set(known.map((n) => n.mac?.toLowerCase()).filter((m) => m !== undefined));
  return [...known, ...incoming.filter((n) => n.mac === null || !macs.has(n.mac.toLowerCase()))];
}
