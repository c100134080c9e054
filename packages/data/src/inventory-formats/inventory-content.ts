import {
  INVENTORY_SECTIONS,
  type Cpu,
  type InstalledSoftware,
  type InventorySection,
  type InventorySnapshot,
  type InventorySource,
  type Memory,
  type Monitor,
  type NetworkInterface,
  type OperatingSystem,
  type Storage,
} from '@custodia/domain';
import { hostAddresses, isLoopback, normaliseMac, toAddress, toCalendarDate, toCount, toFlag, toInstant } from './fields.js';

/**
 * Read access to the CONTENT of an agent inventory, in the XML protocol's names (upper case). The XML reader and
 * the GLPI JSON reader (lower case, a few renamed keys) implement it, so both map through `snapshotFromContent`.
 * Every accessor answers null / empty for a missing value or one of the wrong shape; none throws.
 */
export interface ContentReader {
  /** A text value (already cleaned); null when missing, empty or not text. */
  text(key: string): string | null;
  /** Every occurrence of a section (repeated XML elements, a JSON array, or a JSON object as one occurrence). */
  sections(key: string): ContentReader[];
}

const EMPTY_READER: ContentReader = { text: () => null, sections: () => [] };

const first = (reader: ContentReader, key: string): ContentReader => reader.sections(key)[0] ?? EMPTY_READER;

export interface ContentOptions {
  source: InventorySource;
  deviceId: string | null;
  /** Used when the content has no VERSIONCLIENT (OCS): typically the User-Agent. */
  agent?: string | null;
  partial: boolean;
  sections: InventorySection[];
}

/**
 * Maps agent inventory content to a snapshot. ENVS, PROCESSES, users and the other sections not in the snapshot are
 * never read (environment variables and command lines can hold secrets).
 */
export function snapshotFromContent(content: ContentReader, options: ContentOptions): InventorySnapshot {
  const bios = first(content, 'BIOS');
  const hardware = first(content, 'HARDWARE');
  const osSection = content.sections('OPERATINGSYSTEM')[0];
  const networks = aggregateNetworks(content.sections('NETWORKS').map(rawNetwork));
  const vmsystem = hardware.text('VMSYSTEM');
  const ipaddr = hardware.text('IPADDR');
  const offset = first(osSection ?? EMPTY_READER, 'TIMEZONE').text('OFFSET');
  return {
    source: options.source,
    agent: content.text('VERSIONCLIENT') ?? options.agent ?? null,
    collectedAt: toInstant(first(content, 'ACCESSLOG').text('LOGDATE'), offset),
    partial: options.partial,
    sections: options.sections,
    identity: {
      serial: bios.text('SSN') ?? bios.text('MSN'),
      uuid: hardware.text('UUID'),
      hostname: hardware.text('NAME'),
      fqdn: osSection?.text('FQDN') ?? null,
      manufacturer: bios.text('SMANUFACTURER') ?? bios.text('MMANUFACTURER') ?? bios.text('BMANUFACTURER'),
      model: bios.text('SMODEL') ?? bios.text('MMODEL'),
      agentDeviceId: options.deviceId,
      virtualization: vmsystem === null || vmsystem.toLowerCase() === 'physical' ? null : vmsystem,
    },
    hardware: {
      memoryMb: toCount(hardware.text('MEMORY')),
      chassis: hardware.text('CHASSIS_TYPE'),
      ipAddresses: ipaddr !== null ? hostAddresses(ipaddr, /\//) : addressesOf(networks),
      lastLoggedUser: hardware.text('LASTLOGGEDUSER'),
    },
    operatingSystem: osSection !== undefined ? operatingSystemOf(osSection) : operatingSystemFromHardware(hardware),
    cpus: content.sections('CPUS').map(cpuOf),
    memories: content.sections('MEMORIES').map(memoryOf),
    storages: content.sections('STORAGES').map(storageOf),
    networks,
    monitors: content.sections('MONITORS').map(monitorOf),
    software: content.sections('SOFTWARES').flatMap(softwareOf),
  };
}

/** All sections: XML inventories are always full. */
export const ALL_SECTIONS: readonly InventorySection[] = INVENTORY_SECTIONS;

function operatingSystemOf(os: ContentReader): OperatingSystem {
  return {
    name: os.text('NAME'),
    version: os.text('VERSION'),
    fullName: os.text('FULL_NAME'),
    kernelName: os.text('KERNEL_NAME'),
    kernelVersion: os.text('KERNEL_VERSION'),
    arch: os.text('ARCH'),
  };
}

const ARCH = /^(x86_64|amd64|i[3-6]86|x86|aarch64|arm64|armv\d\w*|armhf|ppc64le|ppc64|s390x|riscv64|mips\w*|sparc\w*)$/i;

/**
 * OCS sends no OPERATINGSYSTEM section, only HARDWARE/OSNAME ("Debian GNU/Linux 12"), OSVERSION ("12") and
 * OSCOMMENTS ("Debian GNU/Linux 12 (bookworm)"; on other agents the kernel build). The name loses a trailing copy of
 * the version, the full name is OSCOMMENTS when it extends OSNAME, and the architecture is the first part of
 * HARDWARE/DESCRIPTION ("x86_64/00-00-00 01:13:40") when that is an architecture.
 */
function operatingSystemFromHardware(hardware: ContentReader): OperatingSystem | null {
  const osName = hardware.text('OSNAME');
  const version = hardware.text('OSVERSION');
  if (osName === null && version === null) return null;
  const comments = hardware.text('OSCOMMENTS');
  const name = osName !== null && version !== null && osName.endsWith(` ${version}`) ? osName.slice(0, -version.length - 1).trim() : osName;
  const arch = hardware.text('DESCRIPTION')?.split('/')[0] ?? '';
  return {
    name,
    version,
    fullName: osName !== null && comments !== null && comments.startsWith(osName) ? comments : osName,
    kernelName: null,
    kernelVersion: null,
    arch: ARCH.test(arch) ? arch : null,
  };
}

/** FusionInventory / GLPI: NAME, CORE, THREAD; OCS: TYPE, CORES, THREADS (or LOGICAL_CPUS). */
function cpuOf(cpu: ContentReader): Cpu {
  return {
    name: cpu.text('NAME') ?? cpu.text('TYPE'),
    manufacturer: cpu.text('MANUFACTURER'),
    cores: toCount(cpu.text('CORE') ?? cpu.text('CORES')),
    threads: toCount(cpu.text('THREAD') ?? cpu.text('THREADS') ?? cpu.text('LOGICAL_CPUS')),
    speedMhz: toCount(cpu.text('SPEED')),
  };
}

function memoryOf(memory: ContentReader): Memory {
  return {
    capacityMb: toCount(memory.text('CAPACITY')),
    type: memory.text('TYPE'),
    speedMhz: toCount(memory.text('SPEED')),
    serial: memory.text('SERIALNUMBER'),
    slot: memory.text('CAPTION'),
  };
}

function storageOf(storage: ContentReader): Storage {
  return {
    name: storage.text('NAME'),
    model: storage.text('MODEL'),
    manufacturer: storage.text('MANUFACTURER'),
    serial: storage.text('SERIALNUMBER'),
    sizeMb: toCount(storage.text('DISKSIZE')),
    type: storage.text('TYPE'),
  };
}

function monitorOf(monitor: ContentReader): Monitor {
  return {
    name: monitor.text('NAME') ?? monitor.text('CAPTION'),
    manufacturer: monitor.text('MANUFACTURER'),
    serial: monitor.text('SERIAL'),
  };
}

/**
 * One installed package; a nameless one is skipped. OCS names dpkg multi-arch packages with their architecture
 * ("zlib1g-dev:amd64", dpkg's binary:Package) where FusionInventory says "zlib1g-dev": the suffix is removed when it
 * repeats the reported architecture, so the same package has the same name from every agent.
 */
function softwareOf(software: ContentReader): InstalledSoftware[] {
  let name = software.text('NAME');
  if (name === null) return [];
  const arch = software.text('ARCH') ?? software.text('ARCHITECTURE');
  const origin = software.text('FROM');
  if (arch !== null && origin === 'deb' && name.endsWith(`:${arch}`) && name.length > arch.length + 1) {
    name = name.slice(0, -arch.length - 1);
  }
  return [
    {
      name,
      version: software.text('VERSION'),
      publisher: software.text('PUBLISHER'),
      installDate: toCalendarDate(software.text('INSTALLDATE')),
      arch,
      origin,
    },
  ];
}

interface RawNetwork {
  name: string | null;
  mac: string | null;
  addresses: string[];
  virtual: boolean;
  up: boolean | null;
  type: string | null;
}

/** One NETWORKS element: one address of one interface. OCS puts IPv6 addresses in IPADDRESS too. */
function rawNetwork(network: ContentReader): RawNetwork {
  const status = network.text('STATUS')?.toLowerCase();
  const type = network.text('TYPE');
  const addresses = [network.text('IPADDRESS'), network.text('IPADDRESS6')]
    .map((value) => (value === null ? null : toAddress(value)))
    .filter((a): a is string => a !== null);
  return {
    name: network.text('DESCRIPTION'),
    mac: normaliseMac(network.text('MACADDR')),
    addresses,
    virtual: toFlag(network.text('VIRTUALDEV')) === true || type?.toLowerCase() === 'loopback',
    up: status === 'up' ? true : status === 'down' ? false : null,
    type,
  };
}

/**
 * The agents report one element per address, so an interface repeats: elements are grouped by interface name + MAC
 * (in first-seen order), their addresses collected, and the first non-null status and type kept.
 */
export function aggregateNetworks(raw: readonly RawNetwork[]): NetworkInterface[] {
  const byKey = new Map<string, NetworkInterface>();
  for (const entry of raw) {
    const name = entry.name ?? entry.mac;
    if (name === null) continue;
    const key = `${name}\u0000${entry.mac ?? ''}`;
    let network = byKey.get(key);
    if (network === undefined) {
      network = { name, mac: entry.mac, ipv4: [], ipv6: [], virtual: entry.virtual, up: entry.up, type: entry.type };
      byKey.set(key, network);
    } else {
      network.virtual ||= entry.virtual;
      network.up ??= entry.up;
      network.type ??= entry.type;
    }
    for (const address of entry.addresses) {
      const list = address.includes(':') ? network.ipv6 : network.ipv4;
      if (!list.includes(address)) list.push(address);
    }
  }
  return [...byKey.values()];
}

/** Host addresses from the interfaces, when HARDWARE/IPADDR is absent (glpi-agent does not send it). */
function addressesOf(networks: readonly NetworkInterface[]): string[] {
  const all = networks.flatMap((n) => [...n.ipv4, ...n.ipv6]).filter((a) => !isLoopback(a));
  return [...new Set(all)];
}

/** A snapshot that says nothing yet: the start of the SBOM and CSV feed mappings. */
export function emptySnapshot(source: InventorySource, partial: boolean, sections: InventorySection[]): InventorySnapshot {
  return {
    source,
    agent: null,
    collectedAt: null,
    partial,
    sections,
    identity: { serial: null, uuid: null, hostname: null, fqdn: null, manufacturer: null, model: null, agentDeviceId: null, virtualization: null },
    hardware: { memoryMb: null, chassis: null, ipAddresses: [], lastLoggedUser: null },
    operatingSystem: null,
    cpus: [],
    memories: [],
    storages: [],
    networks: [],
    monitors: [],
    software: [],
  };
}
