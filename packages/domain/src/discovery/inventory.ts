/**
 * The one shape every discovery input becomes (OCS / FusionInventory XML, GLPI agent JSON, CSV discovery feeds,
 * CycloneDX / SPDX SBOMs): what a source says it saw on one device at one time. Parsers in `data/inventory-formats`
 * produce it; the rules here (identity, reconciliation, field authority, partial merge) consume it.
 *
 * Strings are already NFC-normalised and trimmed; empty strings are `null`. Identity values are the raw reported
 * ones: junk ("To Be Filled By O.E.M.", all-zero UUIDs…) is removed by `identityOf`, not by the parsers, so the
 * evidence keeps what the agent really sent.
 */

/** Where an inventory came from. */
export const INVENTORY_SOURCES = ['fusioninventory', 'ocs', 'glpi-agent', 'inventory-file', 'csv-feed', 'sbom'] as const;
export type InventorySource = (typeof INVENTORY_SOURCES)[number];

/** Sections of an inventory; a partial inventory carries only some, and only those replace what is known. */
export const INVENTORY_SECTIONS = ['hardware', 'operatingSystem', 'cpus', 'memories', 'storages', 'networks', 'monitors', 'software'] as const;
export type InventorySection = (typeof INVENTORY_SECTIONS)[number];

export interface ReportedIdentity {
  /** BIOS / system serial number as reported (`BIOS/SSN`, falling back to `MSN`). */
  serial: string | null;
  /** SMBIOS system UUID (`HARDWARE/UUID`). */
  uuid: string | null;
  hostname: string | null;
  fqdn: string | null;
  manufacturer: string | null;
  model: string | null;
  /** The agent's own device id (`DEVICEID`), stable per host for the daemon agents. */
  agentDeviceId: string | null;
  /** Hypervisor / container kind when the agent says the host is virtual (`VMSYSTEM`, "Physical" → null). */
  virtualization: string | null;
}

export interface HardwareSummary {
  memoryMb: number | null;
  chassis: string | null;
  /** Reported IPv4/IPv6 addresses of the host, loopback excluded. */
  ipAddresses: string[];
  lastLoggedUser: string | null;
}

export interface OperatingSystem {
  name: string | null;
  version: string | null;
  fullName: string | null;
  kernelName: string | null;
  kernelVersion: string | null;
  arch: string | null;
}

export interface Cpu { name: string | null; manufacturer: string | null; cores: number | null; threads: number | null; speedMhz: number | null }
export interface Memory { capacityMb: number | null; type: string | null; speedMhz: number | null; serial: string | null; slot: string | null }
export interface Storage { name: string | null; model: string | null; manufacturer: string | null; serial: string | null; sizeMb: number | null; type: string | null }
/** One network interface; the agents report one element per address, parsers aggregate them per name + MAC. */
export interface NetworkInterface { name: string; mac: string | null; ipv4: string[]; ipv6: string[]; virtual: boolean; up: boolean | null; type: string | null }
export interface Monitor { name: string | null; manufacturer: string | null; serial: string | null }
export interface InstalledSoftware { name: string; version: string | null; publisher: string | null; installDate: string | null; arch: string | null; origin: string | null }

export interface InventorySnapshot {
  source: InventorySource;
  /** Agent name and version (`User-Agent`, `VERSIONCLIENT`, SBOM tool). */
  agent: string | null;
  /** When the agent says it collected the inventory (ISO-8601), if it says; the server's own time is kept apart. */
  collectedAt: string | null;
  /** True when only `sections` are present and the rest must be kept from what is already known. */
  partial: boolean;
  sections: InventorySection[];
  identity: ReportedIdentity;
  hardware: HardwareSummary;
  operatingSystem: OperatingSystem | null;
  cpus: Cpu[];
  memories: Memory[];
  storages: Storage[];
  networks: NetworkInterface[];
  monitors: Monitor[];
  software: InstalledSoftware[];
}
