import { serialKey as toSerialKey } from '../assets/serial.js';
import { hostnameKeyOf, normaliseMac, normaliseUuid } from './identifiers.js';
import type { DeviceIdentity } from './identity.js';
import { junkHostnameReason, junkMacReason, junkSerialKeyReason, junkUuidReason } from './junk-values.js';

/**
 * Reconciliation: which registered asset, if any, a discovered device is. An ordered list of rules, first decision
 * wins, as in GLPI's RuleImportAsset and iTop's synchronisation. Each rule names identifiers that must all be present on
 * the device and equal on the asset, and says what to do when zero, one or several assets match.
 *
 * Safety rules hold whatever the configuration (see `findConflict`): a rule never links a device to an asset whose
 * serial or UUID disagrees with the device's, nor on a MAC or host name that the other identifiers contradict or
 * leave unsupported. Such a match becomes a review with the asset listed as a duplicate candidate: linking would merge
 * two devices' histories, which cannot be undone from the data alone, while a review costs a person a minute.
 */

export const MATCH_CRITERIA = ['agentDeviceId', 'serial', 'uuid', 'mac', 'hostname'] as const;
export type MatchCriterion = (typeof MATCH_CRITERIA)[number];

export interface ReconciliationRule {
  /** Stable key (lower-case letters, digits and `_`), recorded on each decision. */
  key: string;
  name: string;
  /** All must be present on the device and equal on the asset; a rule missing one of its values is skipped. */
  criteria: MatchCriterion[];
  onZero: 'next' | 'create' | 'review' | 'reject';
  onOne: 'link' | 'review' | 'reject';
  onMany: 'next' | 'review' | 'reject';
}

/** What the register knows of one asset, in the forms of `DeviceIdentity` (the index normalises again anyway). */
export interface RegisterRecord {
  id: string;
  serialKey: string | null;
  uuid: string | null;
  macs: string[];
  hostnameKey: string | null;
  agentDeviceIds: string[];
}

export type ReconcileAction = 'link' | 'create' | 'review' | 'reject';

/**
 * Why a match may not link: an identifier present on both sides with different values, or (`reported` null) one the
 * asset has and the device lacks when only the host name ties them.
 */
export interface IdentifierConflict {
  criterion: 'serial' | 'uuid' | 'mac' | 'hostname';
  reported: string | null;
  registered: string;
}

export interface ReconcileDecision {
  action: ReconcileAction;
  /** The asset linked to; null unless `action` is `link`. */
  assetId: string | null;
  /** The assets considered: the linked one, the duplicate candidate, or the several matches a person must choose from. */
  candidates: string[];
  /** The rule that decided; null when no rule did and the fallback (create) applied. */
  ruleKey: string | null;
  /** A sentence for people. */
  reason: string;
  /** The disagreeing identifier that turned a match into a review. */
  conflict: IdentifierConflict | null;
}

/**
 * The rules as shipped, modelled on GLPI's RuleImportAsset for computers; first decision wins.
 *
 * | # | key             | criteria       | none | one  | several | why                                                                   |
 * |---|-----------------|----------------|------|------|---------|-----------------------------------------------------------------------|
 * | 1 | agent_device_id | agentDeviceId  | next | link | next    | daemon agents keep one id per install; an id shared by several assets  |
 * |   |                 |                |      |      |         | comes from a cloned disk, so the hardware identifiers decide           |
 * | 2 | serial_uuid     | serial + uuid  | next | link | review  | GLPI "update by serial + uuid"; two assets with both equal are        |
 * |   |                 |                |      |      |         | duplicates in the register                                             |
 * | 3 | serial          | serial         | next | link | next    | GLPI "update by serial"; a serial on several assets is a placeholder   |
 * |   |                 |                |      |      |         | not yet in JUNK_SERIALS, so the next identifiers decide                |
 * | 4 | uuid            | uuid           | next | link | next    | GLPI's rule is inactive (cloned VMs share UUIDs); safe here because a |
 * |   |                 |                |      |      |         | disagreeing serial or MAC blocks the link                              |
 * | 5 | mac             | mac (any one)  | next | link | next    | GLPI's rule is inactive (docks and USB adapters move between devices);|
 * |   |                 |                |      |      |         | the only hardware key of containers                                    |
 * | 6 | hostname        | hostname       | next | link | review  | GLPI "update by name", for assets registered by name; links only when |
 * |   |                 |                |      |      |         | no identifier disagrees and the asset has no serial or UUID the device |
 * |   |                 |                |      |      |         | lacks; two assets with the name need a person                          |
 * | – | (fallback)      |                | create                 | GLPI "import"; refused when the device has no serial, UUID, MAC or     |
 * |   |                 |                |                        | host name, since nothing would recognise it next time                  |
 */
export const DEFAULT_RULES: readonly ReconciliationRule[] = Object.freeze([
  { key: 'agent_device_id', name: 'Agent device id', criteria: ['agentDeviceId'], onZero: 'next', onOne: 'link', onMany: 'next' },
  { key: 'serial_uuid', name: 'Serial number and UUID', criteria: ['serial', 'uuid'], onZero: 'next', onOne: 'link', onMany: 'review' },
  { key: 'serial', name: 'Serial number', criteria: ['serial'], onZero: 'next', onOne: 'link', onMany: 'next' },
  { key: 'uuid', name: 'UUID', criteria: ['uuid'], onZero: 'next', onOne: 'link', onMany: 'next' },
  { key: 'mac', name: 'MAC address', criteria: ['mac'], onZero: 'next', onOne: 'link', onMany: 'next' },
  { key: 'hostname', name: 'Host name', criteria: ['hostname'], onZero: 'next', onOne: 'link', onMany: 'review' },
] satisfies ReconciliationRule[]);

export const CRITERION_LABELS: Readonly<Record<MatchCriterion, string>> = {
  agentDeviceId: 'agent device id', serial: 'serial number', uuid: 'UUID', mac: 'MAC address', hostname: 'host name',
};

const OUTCOME_LABELS = {
  next: 'try the next rule', create: 'register a new asset', review: 'send to review', reject: 'reject the inventory', link: 'link to the asset',
} as const;

const joinLabels = (criteria: readonly MatchCriterion[]) => {
  const labels = criteria.map((c) => CRITERION_LABELS[c]);
  return labels.length <= 1 ? (labels[0] ?? 'nothing') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
};

/** One line for people: what the rule compares and what each outcome does. */
export function describeRule(rule: ReconciliationRule): string {
  return `${rule.name}: when the device reports its ${joinLabels(rule.criteria)}, compare with the register. `
    + `No match: ${OUTCOME_LABELS[rule.onZero]}; one match: ${OUTCOME_LABELS[rule.onOne]}; several: ${OUTCOME_LABELS[rule.onMany]}.`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Register index

export interface RegisterIndex {
  /** The records, their identifiers normalised and junk removed. */
  readonly records: readonly RegisterRecord[];
  /** Per criterion, each value to the record holding it, or to the records when several do. */
  readonly byCriterion: Readonly<Record<MatchCriterion, ReadonlyMap<string, RegisterRecord | readonly RegisterRecord[]>>>;
}

// Fast paths for values already in canonical form (the usual case for the register): same result, no allocation.
const UPPER_ASCII = /^[\x21-\x60\x7b-\x7e]([\x20-\x60\x7b-\x7e]*[\x21-\x60\x7b-\x7e])?$/;
const HOST_KEY = /^[a-z0-9_-]+$/;

const keepSerial = (v: string | null) => {
  if (v === null) return null;
  const key = UPPER_ASCII.test(v) ? v : toSerialKey(v);
  return key === '' || junkSerialKeyReason(key) !== null ? null : key;
};
const keepUuid = (v: string | null) => {
  const u = v === null ? null : normaliseUuid(v);
  return u === null || junkUuidReason(u) !== null ? null : u;
};
const keepMac = (v: string) => {
  const m = normaliseMac(v);
  return m === null || junkMacReason(m) !== null ? null : m;
};
const keepHostname = (v: string | null) => {
  const h = v === null ? null : HOST_KEY.test(v) ? v : hostnameKeyOf(v);
  return h === null || junkHostnameReason(h) !== null ? null : h;
};

type Held = RegisterRecord | RegisterRecord[];

function add(map: Map<string, Held>, key: string, record: RegisterRecord): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, record);
  else if (!Array.isArray(held)) {
    if (held.id !== record.id) map.set(key, [held, record]);
  } else if (!held.some((r) => r.id === record.id)) held.push(record);
}

/** The asset's MACs canonical, junk-free, sorted and unique; the same array when it already is. */
function keepMacs(list: string[]): string[] {
  let canonical = true;
  for (let i = 0; i < list.length && canonical; i++) canonical = keepMac(list[i]!) === list[i] && (i === 0 || list[i - 1]! < list[i]!);
  if (canonical) return list;
  const macs: string[] = [];
  for (const m of list) {
    const mac = keepMac(m);
    if (mac !== null && !macs.includes(mac)) macs.push(mac);
  }
  return macs.sort();
}

/** The asset's agent ids trimmed, non-empty and unique; the same array when it already is. */
function keepAgentIds(list: string[]): string[] {
  let canonical = true;
  for (let i = 0; i < list.length && canonical; i++) canonical = list[i] !== '' && list[i]!.trim() === list[i] && list.indexOf(list[i]!) === i;
  if (canonical) return list;
  const ids: string[] = [];
  for (const a of list) {
    const id = a.trim();
    if (id !== '' && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * Hash maps from each identifier to the assets holding it. The register side goes through the same normalisation and
 * junk lists as the device side, so a placeholder entered on an asset neither matches nor contradicts anything.
 * Built once per batch of inventories; 100,000 assets take a few hundred milliseconds.
 */
export function buildRegisterIndex(records: Iterable<RegisterRecord>): RegisterIndex {
  const kept: RegisterRecord[] = [];
  const maps: Record<MatchCriterion, Map<string, Held>> = {
    agentDeviceId: new Map(), serial: new Map(), uuid: new Map(), mac: new Map(), hostname: new Map(),
  };
  for (const r of records) {
    const serialKey = keepSerial(r.serialKey);
    const uuid = keepUuid(r.uuid);
    const hostnameKey = keepHostname(r.hostnameKey);
    const macs = keepMacs(r.macs);
    const agentDeviceIds = keepAgentIds(r.agentDeviceIds);
    const unchanged = serialKey === r.serialKey && uuid === r.uuid && hostnameKey === r.hostnameKey && macs === r.macs && agentDeviceIds === r.agentDeviceIds;
    const record: RegisterRecord = unchanged ? r : { id: r.id, serialKey, uuid, macs, hostnameKey, agentDeviceIds };
    kept.push(record);
    if (serialKey !== null) add(maps.serial, serialKey, record);
    if (uuid !== null) add(maps.uuid, uuid, record);
    if (hostnameKey !== null) add(maps.hostname, hostnameKey, record);
    for (const m of macs) add(maps.mac, m, record);
    for (const a of agentDeviceIds) add(maps.agentDeviceId, a, record);
  }
  return { records: kept, byCriterion: maps };
}

// ---------------------------------------------------------------------------------------------------------------------
// Matching

/** The device's values for one criterion (several only for MACs); empty when it has none. */
function valuesOf(identity: DeviceIdentity, criterion: MatchCriterion): readonly string[] {
  switch (criterion) {
    case 'agentDeviceId': return identity.agentDeviceId === null ? [] : [identity.agentDeviceId];
    case 'serial': return identity.serialKey === null ? [] : [identity.serialKey];
    case 'uuid': return identity.uuid === null ? [] : [identity.uuid];
    case 'mac': return identity.macs;
    case 'hostname': return identity.hostnameKey === null ? [] : [identity.hostnameKey];
    default: return [];
  }
}

/** Assets equal to the device on every criterion (for MACs: sharing at least one), sorted by id. */
function candidatesFor(identity: DeviceIdentity, index: RegisterIndex, criteria: readonly MatchCriterion[]): RegisterRecord[] {
  let found: Map<string, RegisterRecord> | null = null;
  for (const criterion of criteria) {
    const here = new Map<string, RegisterRecord>();
    for (const value of valuesOf(identity, criterion)) {
      const held = index.byCriterion[criterion]?.get(value);
      if (held === undefined) continue;
      for (const r of Array.isArray(held) ? held as readonly RegisterRecord[] : [held as RegisterRecord]) {
        if (found === null || found.has(r.id)) here.set(r.id, r);
      }
    }
    found = here;
    if (found.size === 0) break;
  }
  return found === null ? [] : [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The identifier on which a device and an asset contradict each other, or null. Checked before every link:
 * - serial and UUID: present on both and different (a cloned VM shares its original's UUID, not its serial);
 * - MACs: both have some and share none, unless the serials agree (NICs and docks get replaced; a serial does not);
 * - host name: both have one and they differ, when nothing but MACs ties them (no serial, UUID or agent id agrees):
 *   MACs are not unique in practice (docks, USB adapters, container bridges derive MACs from addresses);
 * - when only the host name ties them: the asset has a serial or UUID and the device reports none. Names get reused
 *   (a new VM named after a retired PC); a name identifies only assets registered without hardware identifiers.
 */
export function findConflict(identity: DeviceIdentity, record: RegisterRecord): IdentifierConflict | null {
  if (identity.serialKey !== null && record.serialKey !== null && identity.serialKey !== record.serialKey) {
    return { criterion: 'serial', reported: identity.serial ?? identity.serialKey, registered: record.serialKey };
  }
  if (identity.uuid !== null && record.uuid !== null && identity.uuid !== record.uuid) {
    return { criterion: 'uuid', reported: identity.uuid, registered: record.uuid };
  }
  const serialAgrees = identity.serialKey !== null && identity.serialKey === record.serialKey;
  const macAgrees = identity.macs.some((m) => record.macs.includes(m));
  if (!serialAgrees && !macAgrees && identity.macs.length > 0 && record.macs.length > 0) {
    return { criterion: 'mac', reported: identity.macs.join(', '), registered: record.macs.join(', ') };
  }
  const strongAgrees = serialAgrees || (identity.uuid !== null && identity.uuid === record.uuid)
    || (identity.agentDeviceId !== null && record.agentDeviceIds.includes(identity.agentDeviceId));
  if (strongAgrees) return null;
  if (identity.hostnameKey !== null && record.hostnameKey !== null && identity.hostnameKey !== record.hostnameKey) {
    return { criterion: 'hostname', reported: identity.hostname ?? identity.hostnameKey, registered: record.hostnameKey };
  }
  const onlyNameAgrees = !macAgrees && identity.hostnameKey !== null && identity.hostnameKey === record.hostnameKey;
  if (onlyNameAgrees) {
    if (record.serialKey !== null) return { criterion: 'serial', reported: null, registered: record.serialKey };
    if (record.uuid !== null) return { criterion: 'uuid', reported: null, registered: record.uuid };
  }
  return null;
}

const CONFLICT_LABELS: Record<IdentifierConflict['criterion'], string> = {
  serial: 'the serial numbers differ', uuid: 'the UUIDs differ', mac: 'they share no MAC address', hostname: 'the host names differ',
};

function conflictText(c: IdentifierConflict): string {
  if (c.reported === null) {
    return `the asset is registered with ${CRITERION_LABELS[c.criterion]} "${c.registered}" and the device reports none, so only the host name ties them`;
  }
  return `${CONFLICT_LABELS[c.criterion]} (reported "${c.reported}", registered "${c.registered}")`;
}

/** Identifiers that can recognise the device next time; an agent device id alone cannot (some agents make one per run). */
const hasDurableIdentifier = (identity: DeviceIdentity) =>
  identity.serialKey !== null || identity.uuid !== null || identity.macs.length > 0 || identity.hostnameKey !== null;

export function reconcile(identity: DeviceIdentity, index: RegisterIndex, rules: readonly ReconciliationRule[] = DEFAULT_RULES): ReconcileDecision {
  const decision = (action: ReconcileAction, rule: ReconciliationRule | null, candidates: string[], reason: string, conflict: IdentifierConflict | null = null): ReconcileDecision =>
    ({ action, assetId: action === 'link' ? candidates[0]! : null, candidates, ruleKey: rule?.key ?? null, reason, conflict });
  const ambiguous: string[] = [];

  const create = (rule: ReconciliationRule | null): ReconcileDecision => {
    if (!hasDurableIdentifier(identity)) {
      return decision('reject', rule, [], 'The device reports no serial number, UUID, MAC address or host name, so nothing would recognise it next time; no asset is registered.');
    }
    const note = ambiguous.length === 0 ? '' : ` Its ${ambiguous.join(' and its ')} matched several assets and ${ambiguous.length > 1 ? 'were' : 'was'} not trusted.`;
    return decision('create', rule, [], `No registered asset matches the device; a new asset is registered.${note}`);
  };

  for (const rule of rules) {
    if (rule.criteria.length === 0 || !rule.criteria.every((c) => valuesOf(identity, c).length > 0)) continue;
    const by = joinLabels(rule.criteria);
    const matches = candidatesFor(identity, index, rule.criteria);
    const candidates = matches.map((r) => r.id);

    if (candidates.length === 0) {
      if (rule.onZero === 'next') continue;
      if (rule.onZero === 'create') return create(rule);
      return rule.onZero === 'review'
        ? decision('review', rule, [], `No asset matches the device's ${by}; rule "${rule.name}" sends it to review.`)
        : decision('reject', rule, [], `No asset matches the device's ${by}; rule "${rule.name}" rejects it.`);
    }

    if (candidates.length > 1) {
      if (rule.onMany === 'next') {
        if (!ambiguous.includes(by)) ambiguous.push(by);
        continue;
      }
      return rule.onMany === 'review'
        ? decision('review', rule, candidates, `${candidates.length} assets match the device's ${by} (rule "${rule.name}"); a person must choose.`)
        : decision('reject', rule, candidates, `${candidates.length} assets match the device's ${by}; rule "${rule.name}" rejects the inventory.`);
    }

    const id = candidates[0]!;
    if (rule.onOne === 'reject') return decision('reject', rule, candidates, `Asset ${id} matches the device's ${by}; rule "${rule.name}" rejects the inventory.`);
    const conflict = findConflict(identity, matches[0]!);
    if (conflict !== null) {
      return decision('review', rule, candidates,
        `Asset ${id} matches the device's ${by} (rule "${rule.name}"), but ${conflictText(conflict)}: it may be another device. A person must decide.`, conflict);
    }
    if (rule.onOne === 'review') return decision('review', rule, candidates, `Asset ${id} matches the device's ${by}; rule "${rule.name}" asks a person to confirm.`);
    return decision('link', rule, candidates, `Linked to asset ${id} by ${by} (rule "${rule.name}"); no other identifier disagrees.`);
  }
  return create(null);
}
