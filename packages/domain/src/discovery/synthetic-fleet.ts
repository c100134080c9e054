import { serialKey } from '../assets/serial.js';
import { type DeviceIdentity, identityOf } from './identity.js';
import type { InventorySnapshot, NetworkInterface } from './inventory.js';
import type { ReconcileDecision, RegisterRecord } from './reconcile.js';

/**
 * A synthetic fleet for tests and benchmarks of reconciliation: a register, and a feed of inventories of registered
 * and new devices with known truth, some of them carrying the faults real fleets have. Deterministic for a seed (its
 * own PRNG, never Math.random). Feed identities go through `identityOf` from raw snapshots written in the notations
 * agents use, so junk values and MAC/UUID spellings are exercised too.
 */

export const FLEET_FAULTS = ['renamedHost', 'swappedMainboard', 'junkSerial', 'clonedVm', 'duplicateMac', 'missingSerial', 'newDevice'] as const;
export type FleetFault = (typeof FLEET_FAULTS)[number];

/**
 * What each fault is, and the decision it calls for:
 * - renamedHost: same hardware, new host name → link;
 * - swappedMainboard: new serial and UUID, same host name and MACs (a repair) → review, never an automatic link;
 * - junkSerial: a placeholder serial shared by many devices (listed junk, or an unlisted one) → link by the rest;
 * - clonedVm: a new VM sharing its original's UUID, other serial (or none), new MACs and name → never link;
 * - duplicateMac: a PC also (or only) reports a MAC registered on another device (a dock or USB adapter); a VM or
 *   container has the same MAC as another registered one (bridges derive MACs from addresses) → link to its own
 *   asset, or review;
 * - missingSerial: the agent ran without rights to read SMBIOS: no serial, sometimes no UUID → link by the rest;
 * - newDevice: not registered (some reuse a retired host name, some carry a shared placeholder serial) → create, or
 *   review when the name is taken.
 */
export const DEFAULT_FLEET_FAULTS: Readonly<Record<FleetFault, number>> = {
  renamedHost: 0.05, swappedMainboard: 0.02, junkSerial: 0.05, clonedVm: 0.02, duplicateMac: 0.03, missingSerial: 0.05, newDevice: 0.08,
};

export interface FleetOptions {
  size: number;
  seed: number;
  /**
   * Share of the feed carrying each fault (each item at most one); the rest are clean re-inventories. Sum ≤ 1.
   * Omitted: `DEFAULT_FLEET_FAULTS`; a fault left out of a given object: none.
   */
  faults?: Partial<Record<FleetFault, number>>;
}

export interface FleetItem {
  identity: DeviceIdentity;
  /** The asset the device really is; null for a device not in the register. */
  truth: string | null;
  fault: FleetFault | null;
}

export interface SyntheticFleet {
  register: RegisterRecord[];
  feed: FleetItem[];
}

/** mulberry32: a small, fast, seedable PRNG giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'physical' | 'vm' | 'container';

interface Device {
  kind: Kind;
  serial: string | null;
  uuid: string | null;
  macs: string[];
  hostname: string;
  agentId: string | null;
  /** The agent keeps its device id between runs (daemon agents); otherwise each run makes a new one. */
  persistentAgent: boolean;
}

const LISTED_JUNK_SERIALS = ['To Be Filled By O.E.M.', 'Default string', 'System Serial Number', '0', 'Chassis Serial Number'];
/** Not in JUNK_SERIALS: only its being on several assets gives it away. */
const UNLISTED_JUNK_SERIAL = 'SYSTEM-SN-UNSET';
const PHYSICAL_OUIS = ['3c:52:82', 'f8:bc:12', '98:e7:43', '00:1b:21', 'a4:bb:6d', 'c8:5b:76'];
/** VMware and KVM guest prefixes; never 00:50:56:c0 (host adapters, junk). */
const VM_OUIS = ['00:0c:29', '52:54:00', '00:15:5d'];
/** Same on many hosts, reported as physical by some agents: `identityOf` must drop them. */
const JUNK_NIC_MACS = ['00:50:56:C0:00:08', '0A-00-27-00-00-00', '02:00:4c:4f:4f:50'];

export function syntheticFleet(options: FleetOptions): SyntheticFleet {
  const { size, seed } = options;
  const faults = { ...Object.fromEntries(FLEET_FAULTS.map((f) => [f, 0])), ...(options.faults ?? DEFAULT_FLEET_FAULTS) } as Record<FleetFault, number>;
  const total = FLEET_FAULTS.reduce((s, f) => s + faults[f], 0);
  if (!Number.isInteger(size) || size < 0) throw new RangeError('size must be a whole number ≥ 0');
  if (FLEET_FAULTS.some((f) => faults[f] < 0) || total > 1 + 1e-9) throw new RangeError('fault shares must be ≥ 0 and sum to at most 1');

  const rnd = seededRandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const chance = (p: number) => rnd() < p;
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  const alnum = (n: number) => Array.from({ length: n }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'[int(34)]).join('');

  // Counters make every generated identifier unique; the PRNG only varies their look.
  let counter = 0;
  const next = () => (counter++).toString(16).padStart(6, '0');
  const newSerial = (kind: Kind) => (kind === 'vm' ? `VMware-56 4d ${next().match(/../g)!.join(' ')} ${hex(2)}` : `${alnum(3)}${next().toUpperCase()}${alnum(2)}`);
  const newUuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(6)}${next()}`;
  const newMac = (kind: Kind) => {
    const tail = next().match(/../g)!.join(':');
    return kind === 'container' ? `02:42:${tail}:${hex(2)}` : `${pick(kind === 'vm' ? VM_OUIS : PHYSICAL_OUIS)}:${tail}`;
  };
  const newHostname = (kind: Kind) => (kind === 'container' ? `ctr-${next()}${hex(4)}` : `${pick(['par', 'lyo', 'ber', 'nyc'])}-${kind === 'vm' ? 'vm' : pick(['ws', 'lt', 'srv'])}-${next()}`);
  const newAgentId = (hostname: string) => `${hostname}-2026-0${1 + int(9)}-${10 + int(18)}-${next()}`;

  const newDevice = (kind: Kind): Device => {
    const hostname = newHostname(kind);
    const nics = kind === 'physical' ? 1 + int(2) : 1;
    return {
      kind,
      serial: kind === 'container' || (kind === 'vm' && chance(0.5)) ? null : newSerial(kind),
      uuid: kind === 'container' ? null : newUuid(),
      macs: Array.from({ length: nics }, () => newMac(kind)),
      hostname,
      agentId: newAgentId(hostname),
      persistentAgent: chance(0.75),
    };
  };

  const kindFor = (fault: FleetFault | null): Kind => {
    if (fault === 'swappedMainboard') return 'physical';
    if (fault === 'clonedVm') return 'vm';
    if (fault === 'junkSerial' || fault === 'missingSerial') return chance(0.7) ? 'physical' : 'vm';
    const r = rnd();
    return r < 0.6 ? 'physical' : r < 0.9 ? 'vm' : 'container';
  };

  // Exact shares: the first round(size × share) slots of a shuffled list get each fault.
  const slots: (FleetFault | null)[] = [];
  for (const f of FLEET_FAULTS) for (let k = 0; k < Math.round(size * faults[f]); k++) slots.push(f);
  while (slots.length < size) slots.push(null);
  slots.length = size;
  for (let i = slots.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }

  const register: RegisterRecord[] = [];
  const devices: Device[] = [];
  const feed: FleetItem[] = [];
  const recordOf = (id: string, d: Device, fromPurchaseImport: boolean): RegisterRecord => ({
    id,
    serialKey: d.serial === null ? null : serialKey(d.serial),
    uuid: fromPurchaseImport ? null : d.uuid,
    macs: fromPurchaseImport ? [] : [...d.macs],
    hostnameKey: d.hostname.toLowerCase(),
    // A per-run agent id on the asset is the one from an earlier run: it never matches again.
    agentDeviceIds: fromPurchaseImport || d.agentId === null ? [] : [d.persistentAgent ? d.agentId : newAgentId(d.hostname)],
  });

  for (let i = 0; i < size; i++) {
    const fault = slots[i]!;
    const id = `asset-${String(i).padStart(6, '0')}`;
    const base = newDevice(kindFor(fault));
    if (fault === 'junkSerial') base.serial = chance(0.3) ? UNLISTED_JUNK_SERIAL : pick(LISTED_JUNK_SERIALS);
    if (fault === 'duplicateMac' && base.kind !== 'physical' && i > 0) base.macs = [devices[int(i)]!.macs[0]!];
    // Some physical assets came from a purchase import: serial and name only.
    const fromPurchaseImport = base.kind === 'physical' && fault !== 'junkSerial' && chance(0.15);
    register.push(recordOf(id, base, fromPurchaseImport));
    devices.push(base);

    let seen: Device = { ...base, macs: [...base.macs], agentId: base.persistentAgent ? base.agentId : newAgentId(base.hostname) };
    let truth: string | null = id;
    switch (fault) {
      case 'renamedHost':
        seen.hostname = newHostname(base.kind);
        break;
      case 'swappedMainboard':
        seen.serial = newSerial('physical');
        seen.uuid = newUuid();
        break;
      case 'clonedVm':
        seen = { ...newDevice('vm'), uuid: base.uuid, agentId: chance(0.5) ? base.agentId : newAgentId('clone') };
        seen.serial = base.serial === null ? null : newSerial('vm');
        truth = null;
        break;
      case 'duplicateMac':
        if (base.kind === 'physical' && i > 0) {
          const dock = devices[int(i)]!.macs[0]!;
          seen.macs = chance(0.7) ? [...seen.macs, dock] : [dock];
        }
        break;
      case 'missingSerial':
        seen.serial = null;
        if (chance(0.5)) seen.uuid = null;
        break;
      case 'newDevice': {
        seen = newDevice(kindFor(null));
        const r = rnd();
        if (r < 0.1 && i > 0) seen.hostname = devices[int(i)]!.hostname;
        else if (r < 0.2 && seen.kind !== 'container') seen.serial = chance(0.5) ? UNLISTED_JUNK_SERIAL : pick(LISTED_JUNK_SERIALS);
        truth = null;
        break;
      }
      default:
        break;
    }
    feed.push({ identity: identityOf(snapshotOf(seen, rnd)), truth, fault });
  }
  return { register, feed };
}

/** The raw inventory an agent would send for the device, in one of the notations agents use. */
function snapshotOf(d: Device, rnd: () => number): InventorySnapshot {
  const spell = (mac: string) => {
    const r = rnd();
    if (r < 0.4) return mac;
    if (r < 0.7) return mac.toUpperCase().replace(/:/g, '-');
    if (r < 0.85) return mac.replace(/:/g, '').replace(/(.{4})(?!$)/g, '$1.');
    return mac.replace(/:/g, '').toUpperCase();
  };
  const nic = (name: string, mac: string | null, virtual: boolean): NetworkInterface => ({ name, mac, ipv4: [], ipv6: [], virtual, up: true, type: 'ethernet' });
  const networks = d.macs.map((m, k) => nic(`eth${k}`, spell(m), false));
  if (rnd() < 0.3) networks.push(nic('docker0', `02:42:${Math.floor(rnd() * 0xffffffff).toString(16).padStart(8, '0').replace(/(..)(?!$)/g, '$1:')}`, true));
  if (d.kind === 'physical' && rnd() < 0.1) networks.push(nic('vmnet8', JUNK_NIC_MACS[Math.floor(rnd() * JUNK_NIC_MACS.length)]!, false));
  const uuid = d.uuid === null ? null : rnd() < 0.5 ? d.uuid.toUpperCase() : `{${d.uuid}}`;
  return {
    source: 'glpi-agent', agent: 'GLPI-Agent_v1.11', collectedAt: null, partial: false, sections: [],
    identity: {
      serial: d.serial, uuid, hostname: rnd() < 0.3 ? d.hostname.toUpperCase() : d.hostname, fqdn: `${d.hostname}.corp.example`,
      manufacturer: null, model: null, agentDeviceId: d.agentId, virtualization: d.kind === 'physical' ? null : d.kind === 'vm' ? 'VMware' : 'Docker',
    },
    hardware: { memoryMb: null, chassis: null, ipAddresses: [], lastLoggedUser: null },
    operatingSystem: null, cpus: [], memories: [], storages: [], networks, monitors: [], software: [],
  };
}

export interface DecisionTally {
  items: number;
  links: number;
  correctLinks: number;
  wrongLinks: number;
  creates: number;
  correctCreates: number;
  wrongCreates: number;
  reviews: number;
  rejects: number;
}

export interface FleetScore extends DecisionTally {
  /** Correct automatic decisions (links to the true asset, creates for new devices) over all automatic decisions. */
  precision: number;
  /** Correct automatic decisions over all items: what did not need a person. */
  recall: number;
  byFault: Record<FleetFault | 'none', DecisionTally>;
}

const emptyTally = (): DecisionTally => ({ items: 0, links: 0, correctLinks: 0, wrongLinks: 0, creates: 0, correctCreates: 0, wrongCreates: 0, reviews: 0, rejects: 0 });

/** Scores `decisions[i]` against `feed[i].truth`. */
export function scoreDecisions(feed: readonly FleetItem[], decisions: readonly ReconcileDecision[]): FleetScore {
  if (feed.length !== decisions.length) throw new RangeError(`${feed.length} items but ${decisions.length} decisions`);
  const all = emptyTally();
  const byFault = Object.fromEntries(['none', ...FLEET_FAULTS].map((f) => [f, emptyTally()])) as Record<FleetFault | 'none', DecisionTally>;
  feed.forEach((item, i) => {
    const d = decisions[i]!;
    for (const t of [all, byFault[item.fault ?? 'none']]) {
      t.items++;
      if (d.action === 'link') {
        t.links++;
        if (d.assetId !== null && d.assetId === item.truth) t.correctLinks++;
        else t.wrongLinks++;
      } else if (d.action === 'create') {
        t.creates++;
        if (item.truth === null) t.correctCreates++;
        else t.wrongCreates++;
      } else if (d.action === 'review') t.reviews++;
      else t.rejects++;
    }
  });
  const correct = all.correctLinks + all.correctCreates;
  const automatic = all.links + all.creates;
  return { ...all, precision: automatic === 0 ? 1 : correct / automatic, recall: all.items === 0 ? 1 : correct / all.items, byFault };
}
