/** Types and labels of the discovery pages (the API: /devices, /discrepancies, /discovery/settings, /inventory/files). */
import { RESOLUTIONS as RESOLUTION_RULES, type Resolution as DomainResolution } from '@custodia/domain';
import { isMoney, moneyText } from './money';
import { dateOrText } from './dates';

export interface DiscoveredDevice {
  id: string; assetId: string | null; status: 'active' | 'ignored'; source: string; agent: string | null;
  hostname: string | null; fqdn: string | null; serial: string | null; uuid: string | null; manufacturer: string | null; model: string | null; virtualization: string | null;
  osName: string | null; osVersion: string | null; osFullName: string | null; memoryMb: number | null; cpuSummary: string | null;
  ipAddresses: string[]; macs: string[]; softwareCount: number; collectedAt: string | null; firstSeenAt: string; lastSeenAt: string; version: number;
}

type Component = Record<string, unknown>;
export interface DeviceDetail extends DiscoveredDevice {
  components: { cpus: Component[]; memories: Component[]; storages: Component[]; networks: Component[]; monitors: Component[] };
  /** Where its addresses place it by the locations' network ranges; null without a verdict. */
  reportsFrom: { locationId: string; name: string; range: string; address: string } | null;
  snapshots: { id: string; receivedAt: string; collectedAt: string | null; source: string; format: string; partial: boolean; outcome: string; anomaly: string | null; sizeBytes: number }[];
}

export interface InstalledSoftware { name: string; version: string | null; publisher: string | null; installDate: string | null; arch: string | null; origin: string | null }

export const DISCREPANCY_KINDS = {
  unregistered: 'Device not in the register',
  not_seen: 'Asset not seen by discovery',
  attribute_mismatch: 'Register and discovery disagree',
  unauthorised_software: 'Unauthorised software',
  duplicate_candidate: 'Possible duplicate',
  audit_missing: 'Not found in the audit',
  audit_unexpected: 'Found in the audit, not expected',
  audit_wrong_location: 'Found at another location',
  reported_again: 'Missing or lost asset reported again',
  reported_by_holder: 'Reported by the holder',
  location_mismatch: 'Reports from another location',
} as const;
export type DiscrepancyKind = keyof typeof DISCREPANCY_KINDS;

/** Badge colours chosen for WCAG AA contrast of the light variant's text. */
export const KIND_COLORS: Record<DiscrepancyKind, string> = {
  unregistered: 'blue', not_seen: 'gray', attribute_mismatch: 'grape', unauthorised_software: 'red',
  duplicate_candidate: 'violet', audit_missing: 'gray', audit_unexpected: 'blue', audit_wrong_location: 'grape', reported_again: 'red',
  reported_by_holder: 'indigo', location_mismatch: 'grape',
};

export const RESOLUTIONS = {
  link_asset: 'Link to an asset',
  register_asset: 'Register as a new asset',
  accept_discovered: 'Accept the discovered value',
  corrected: 'Corrected in the register',
  keep_register: 'Keep the register value',
  mark_missing: 'Mark the asset missing',
  ignore_until: 'Ignore until…',
  dismiss: 'Dismiss',
} as const satisfies Record<DomainResolution, string>;
export type Resolution = keyof typeof RESOLUTIONS;

/** How a finding left the queue, as a report counts it: each resolution in the past tense, or settled by Custodia itself. */
export const RESOLVED_AS: Record<Resolution | 'settled', string> = {
  link_asset: 'linked to an asset',
  register_asset: 'registered',
  accept_discovered: 'discovered value accepted',
  corrected: 'corrected in the register',
  keep_register: 'register value kept',
  mark_missing: 'reported missing',
  ignore_until: 'set aside until a date',
  dismiss: 'dismissed',
  settled: 'settled by Custodia',
};

/** Resolutions that must say why, or what was changed (the server refuses them without a note): the domain's list. */
export const NOTE_REQUIRED: readonly Resolution[] = RESOLUTION_RULES.filter((r) => r.requires.includes('note')).map((r) => r.key);

export const DISCREPANCY_STATUSES = { open: 'Open', resolved: 'Resolved', ignored: 'Ignored' } as const;

export interface Discrepancy {
  id: string; kind: DiscrepancyKind; status: keyof typeof DISCREPANCY_STATUSES; summary: string;
  assetId: string | null; deviceId: string | null; auditRunId: string | null; field: string | null;
  registerValue: unknown; discoveredValue: unknown; evidence: Record<string, unknown>;
  owner: string | null; dueOn: string | null; ignoreUntil: string | null;
  resolution: Resolution | null; resolutionNote: string | null; resolvedBy: string | null; resolvedAt: string | null;
  allowedResolutions: Resolution[]; detectedAt: string; createdAt: string; version: number;
}

export const CRITERIA = { agentDeviceId: 'Agent device id', serial: 'Serial number', uuid: 'UUID', mac: 'MAC address', hostname: 'Host name' } as const;
export const ON_ZERO = { next: 'Try the next rule', create: 'Register a new asset', review: 'Send to review', reject: 'Reject the inventory' } as const;
export const ON_ONE = { link: 'Link to the asset', review: 'Send to review', reject: 'Reject the inventory' } as const;
export const ON_MANY = { next: 'Try the next rule', review: 'Send to review', reject: 'Reject the inventory' } as const;

export interface ReconciliationRule {
  key: string; name: string; criteria: (keyof typeof CRITERIA)[];
  onZero: keyof typeof ON_ZERO; onOne: keyof typeof ON_ONE; onMany: keyof typeof ON_MANY;
}
export interface DenyRule { name: string; publisher?: string | null; reason: string }
export interface DiscoverySettings {
  rules: ReconciliationRule[]; notSeenDays: number; ownedFields: string[]; denyList: DenyRule[]; retentionDays: number;
  unauthenticatedRanges: string[]; assetTypeByChassis: { laptop: string; desktop: string; server: string; virtual: string }; registerStage: string;
  whenNoMatch: 'create' | 'review';
}

export interface InventoryUploadResult {
  kind: string;
  results: { deviceId: string | null; assetId: string | null; outcome: string; decision: string; hostname: string | null }[];
}

/** A register or discovered value for reading: empty as a dash, lists joined, dates as the pages write them, objects as short JSON. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(showValue).join(', ') : '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (isMoney(value)) return moneyText(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? dateOrText(value) : String(value);
}

const FIELD_LABELS: Record<string, string> = { serial: 'serial number', locationId: 'location' };
/** "attributes.hostname" → "hostname", "serial" → "serial number", "locationId" → "location". */
export const fieldLabel = (field: string | null) => (field ? (FIELD_LABELS[field] ?? field.replace(/^attributes\./, '').replace(/_/g, ' ')) : '');

export function megabytes(mb: unknown): string {
  const n = typeof mb === 'number' ? mb : Number(mb);
  if (!Number.isFinite(n) || mb === null || mb === undefined) return '—';
  return n >= 1024 ? `${(n / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} GB` : `${n.toLocaleString()} MB`;
}
