import { z } from 'zod';
import { DISCREPANCY_KIND_KEYS, RESOLUTION_KEYS } from '@custodia/domain';
import { CalendarDate, Cursor, Id, Limit, LongText, Name, ShortText, StageKey, Text, Timestamp } from './common.js';

const Criterion = z.enum(['serial', 'uuid', 'mac', 'hostname', 'agentDeviceId']);

export const ReconciliationRuleSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
  name: Name,
  criteria: z.array(Criterion).min(1).max(5),
  onZero: z.enum(['next', 'create', 'review', 'reject']),
  onOne: z.enum(['link', 'review', 'reject']),
  onMany: z.enum(['next', 'review', 'reject']),
});

export const DenyRuleSchema = z.strictObject({
  name: ShortText.pipe(z.string().min(1)).describe('Software name, case-insensitive, * matches anything'),
  publisher: ShortText.nullable().optional(),
  reason: Text,
});

/** Discovery settings, one document per installation; `PUT` replaces it whole. */
export const DiscoverySettings = z.strictObject({
  rules: z.array(ReconciliationRuleSchema).min(1).max(30),
  notSeenDays: z.number().int().min(1).max(3650),
  ownedFields: z.array(z.string().regex(/^(serial|name|attributes\.[a-z][a-z0-9_]*)$/)).max(50)
    .describe('Asset fields discovery keeps up to date; other fields it only fills when empty'),
  denyList: z.array(DenyRuleSchema).max(1000),
  retentionDays: z.number().int().min(1).max(3650).describe('Days raw inventories are kept as evidence'),
  unauthenticatedRanges: z.array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'CIDR such as 10.0.0.0/8')).max(100)
    .describe('Networks whose agents may post without a token (empty: every agent needs a token)'),
  assetTypeByChassis: z.strictObject({ laptop: z.string(), desktop: z.string(), server: z.string(), virtual: z.string() })
    .describe('Asset type keys for devices discovery registers'),
  registerStage: z.string().describe('Lifecycle stage key new discovered assets are registered in'),
  whenNoMatch: z.enum(['create', 'review']).describe('A device no rule matches: register it as a new asset, or queue it as "discovered but not registered"'),
});
export type DiscoverySettings = z.infer<typeof DiscoverySettings>;

export const DeviceSummary = z.object({
  id: Id, assetId: Id.nullable(), status: z.enum(['active', 'ignored']), source: z.string(), agent: z.string().nullable(),
  hostname: z.string().nullable(), fqdn: z.string().nullable(), serial: z.string().nullable(), uuid: z.string().nullable(),
  manufacturer: z.string().nullable(), model: z.string().nullable(), virtualization: z.string().nullable(),
  osName: z.string().nullable(), osVersion: z.string().nullable(), osFullName: z.string().nullable(), memoryMb: z.number().nullable(), cpuSummary: z.string().nullable(),
  ipAddresses: z.array(z.string()), macs: z.array(z.string()), softwareCount: z.number().int(),
  collectedAt: Timestamp.nullable(), firstSeenAt: Timestamp, lastSeenAt: Timestamp, version: z.number().int(),
});

export const InstalledSoftwareSchema = z.object({
  name: z.string(), version: z.string().nullable(), publisher: z.string().nullable(), installDate: z.string().nullable(), arch: z.string().nullable(), origin: z.string().nullable(),
});

export const DeviceDetail = DeviceSummary.extend({
  components: z.object({
    cpus: z.array(z.record(z.string(), z.unknown())), memories: z.array(z.record(z.string(), z.unknown())), storages: z.array(z.record(z.string(), z.unknown())),
    networks: z.array(z.record(z.string(), z.unknown())), monitors: z.array(z.record(z.string(), z.unknown())),
  }),
  snapshots: z.array(z.object({ id: Id, receivedAt: Timestamp, collectedAt: Timestamp.nullable(), source: z.string(), format: z.string(), partial: z.boolean(), outcome: z.string(), anomaly: z.string().nullable(), sizeBytes: z.number().int() })),
  reportsFrom: z.object({
    locationId: Id, name: z.string().describe('The place named with its site, e.g. "Room 3 · Berlin"'),
    range: z.string().describe('The most specific network range holding one of its addresses, e.g. "10.20.3.0/24"'), address: z.string(),
  }).nullable().describe('Where the device is by the networks it reports from and the locations\' network ranges; null when no range holds its addresses, or two places are equally likely'),
});

/** Orders of the device list; a cursor is valid for the order it was made in only (400 INVALID_CURSOR otherwise). */
export const DEVICE_SORTS = ['-lastSeenAt', 'hostname'] as const;

export const DeviceListQuery = z.strictObject({
  limit: Limit, cursor: Cursor.optional(), q: ShortText.optional(),
  linked: z.enum(['true', 'false']).optional(), assetId: Id.optional(),
  sort: z.enum(DEVICE_SORTS).default('-lastSeenAt').describe(
    '-lastSeenAt (default): most recently seen first. This order moves while agents report: a device seen again between two '
    + 'page loads goes back to the first page, and someone paging on does not see it. hostname: by host name (lower case, '
    + 'without the domain; devices without one, or known by an address only, last), which a report moves only when it '
    + 'brings another host name: page through the whole list with it.',
  ),
});

export const SoftwareQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional(), q: ShortText.optional() });

/** The kinds and resolutions are the domain's lists (`domain/discovery/staleness.ts`), defined once. */
export const DISCREPANCY_KIND_VALUES = DISCREPANCY_KIND_KEYS;
export const RESOLUTION_VALUES = RESOLUTION_KEYS;

export const Discrepancy = z.object({
  id: Id, kind: z.enum(DISCREPANCY_KIND_VALUES), status: z.enum(['open', 'resolved', 'ignored']), summary: z.string(),
  assetId: Id.nullable(), deviceId: Id.nullable(), auditRunId: Id.nullable(), field: z.string().nullable(),
  registerValue: z.unknown(), discoveredValue: z.unknown(), evidence: z.record(z.string(), z.unknown()),
  owner: z.string().nullable(), dueOn: CalendarDate.nullable(), ignoreUntil: CalendarDate.nullable(),
  resolution: z.enum(RESOLUTION_VALUES).nullable(), resolutionNote: z.string().nullable(), resolvedBy: z.string().nullable(), resolvedAt: Timestamp.nullable(),
  allowedResolutions: z.array(z.enum(RESOLUTION_VALUES)),
  detectedAt: Timestamp.describe('When it was last detected: moves each time discovery finds it again'),
  createdAt: Timestamp.describe('When it was first raised'), version: z.number().int(),
});

/** Orders of the discrepancy queue; a cursor is valid for the order it was made in only (400 INVALID_CURSOR otherwise). */
export const DISCREPANCY_SORTS = ['-detectedAt', '-createdAt'] as const;

export const DiscrepancyListQuery = z.strictObject({
  limit: Limit, cursor: Cursor.optional(),
  status: z.enum(['open', 'resolved', 'ignored']).optional(), kind: z.enum(DISCREPANCY_KIND_VALUES).optional(),
  assetId: Id.optional(), deviceId: Id.optional(), auditRunId: Id.optional(), includeTotal: z.enum(['true', 'false']).optional(),
  sort: z.enum(DISCREPANCY_SORTS).default('-detectedAt').describe(
    '-detectedAt (default): last detected first. This order moves while agents report: a discrepancy found again between '
    + 'two page loads goes back to the first page, and someone paging on does not see it. -createdAt: newest first by when '
    + 'each was first raised, which reporting does not change: page through the whole queue with it.',
  ),
});

export const DiscrepancyResolve = z.strictObject({
  resolution: z.enum(RESOLUTION_VALUES),
  assetId: Id.optional().describe('link_asset: the asset the device is'),
  assetTypeId: Id.optional().describe('register_asset: the type of the new asset (default from the discovery settings)'),
  stage: StageKey.optional().describe('register_asset: the lifecycle stage to register it in'),
  transition: z.string().max(60).optional().describe('mark_missing: the transition to run (report_missing, report_lost, report_stolen…)'),
  evidence: z.record(z.string(), z.unknown()).optional().describe('mark_missing: the evidence the transition asks for (default: noticed today)'),
  ignoreUntil: CalendarDate.optional(),
  note: LongText.optional().describe('Why; required for keep_register, ignore_until and dismiss; for corrected, what was changed in the register'),
});

export const DiscrepancyAssign = z.strictObject({ owner: ShortText.nullable(), dueOn: CalendarDate.nullable() });

export const InventoryUploadResult = z.object({
  kind: z.string(),
  results: z.array(z.object({ deviceId: Id.nullable(), assetId: Id.nullable(), outcome: z.string(), decision: z.string(), hostname: z.string().nullable() })),
});

