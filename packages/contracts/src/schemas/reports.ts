import { z } from 'zod';
import { DATA_QUALITY_FIGURE_KEYS, KEY_DATE_KEYS } from '@custodia/domain';
import { CalendarDate, Id, Timestamp } from './common.js';
import { DISCREPANCY_KIND_VALUES, RESOLUTION_VALUES } from './discovery.js';

const Count = z.number().int().min(0);

export const DashboardStageCount = z.object({
  stage: z.string().describe('Stage key (shared across lifecycle model versions)'),
  name: z.string().describe('Stage name from the lifecycle models'),
  kind: z.string().describe('Stage kind (planned, available, in_use, …)'),
  count: Count,
});

export const DashboardTypeCount = z.object({ assetTypeId: Id, name: z.string(), count: Count });

export const DashboardLocationCount = z.object({
  locationId: Id.nullable().describe('Root of the location tree the assets are in; null: assets without a location'),
  name: z.string().nullable(),
  count: Count,
});

export const DashboardMissingAttributes = z.object({
  assetTypeId: Id,
  name: z.string(),
  count: Count.describe('Assets of this type lacking at least one required attribute'),
  fields: z.array(z.object({ key: z.string(), label: z.string(), count: Count })),
});

export const DashboardMonitoredDate = z.object({
  assetTypeId: Id,
  assetTypeKey: z.string(),
  assetTypeName: z.string(),
  fieldKey: z.string().describe('The date attribute'),
  label: z.string().describe('What the date is (the monitor\'s label)'),
  leadDays: z.number().int().describe('How many days before the date it is coming up'),
  soon: Count.describe('Assets in service whose date is today or within leadDays days (register filter monitoredDate=<assetTypeKey>.<fieldKey>.soon)'),
  passed: Count.describe('Assets in service whose date has passed (monitoredDate=<assetTypeKey>.<fieldKey>.passed)'),
});

export const DashboardRecentAsset = z.object({ id: Id, tag: z.string(), name: z.string(), stage: z.string(), updatedAt: Timestamp });

/** The register at a glance, within the caller's scope (`GET /api/v1/reports/dashboard`). */
export const Dashboard = z.object({
  today: CalendarDate.describe("The date the figures were computed for, in the organisation's time zone (CUSTODIA_TIME_ZONE)"),
  total: Count,
  byStage: z.array(DashboardStageCount).describe('Largest first'),
  byType: z.array(DashboardTypeCount).describe('Largest first'),
  byLocation: z.array(DashboardLocationCount).describe('Each asset under the root of its location tree; largest first'),
  inUseStages: z.array(z.string()).describe('Stage keys of kind in_use in some lifecycle model'),
  inUseWithoutAssignee: Count.describe('Assets in a stage of kind in_use (per their own lifecycle model) without an assigned person'),
  assignedToInactive: Count.describe('Assets assigned to a person who is no longer active: leavers\' assets to recover (register filter assignee=inactive)'),
  withoutLocation: Count,
  neverVerified: Count.describe('Assets with no last-verified date'),
  verificationOverdue: Count.describe('Assets last verified more than verificationMaxAgeDays days ago'),
  verificationMaxAgeDays: z.number().int(),
  keyDates: z.array(z.object({ key: z.enum(KEY_DATE_KEYS), label: z.string(), count: Count })).describe('Key dates due: overdue returns, warranties and ends of life ending soon or passed (register filter keyDate=<key>)'),
  monitoredDates: z.array(DashboardMonitoredDate).describe('Every date attribute an asset type monitors (ITAM practice guide Table 2.2, dates to be monitored), by type name then the schema\'s order'),
  missingRequiredAttributes: z.object({
    total: Count.describe('Assets lacking at least one required attribute of their type'),
    byType: z.array(DashboardMissingAttributes).describe('Only types with findings'),
  }),
  noProofOfPurchase: Count.describe('Acquired assets (not planned, ordered or disposed) of a category bought one by one (hardware, software licence, SaaS subscription, service contract) with neither an invoice reference, nor an invoice or proof of purchase attached, nor a proof of purchase in a recorded transition\'s evidence (register filter quality=no_proof_of_purchase)'),
  recentlyChanged: z.array(DashboardRecentAsset).describe('The 10 most recently changed assets'),
});
export type Dashboard = z.infer<typeof Dashboard>;

/**
 * Verification at a glance (ITAM practice guide Table 2.3, "number and impact of audit findings and non-compliances"),
 * within the caller's scope (`GET /api/v1/reports/findings`): the discrepancy queue's open findings and how their
 * follow-up stands, and how much of what discovery sees is in the register.
 */
export const FindingsReport = z.object({
  today: CalendarDate.describe('The date "overdue" is judged on, in the organisation\'s time zone (CUSTODIA_TIME_ZONE)'),
  open: Count.describe('Open discrepancies: what discovery and audits found that the register does not say'),
  overdue: Count.describe('Open discrepancies whose follow-up was due before today'),
  withoutOwner: Count.describe('Open discrepancies nobody is named to follow up'),
  ignored: Count.describe('Discrepancies set aside until a date (accepted exceptions)'),
  resolvedLast30Days: Count.describe('Discrepancies resolved in the last 30 days'),
  byKind: z.array(z.object({
    kind: z.enum(DISCREPANCY_KIND_VALUES), title: z.string(), open: Count, overdue: Count,
  })).describe('Kinds with open discrepancies, most first (queue filter kind=<kind>)'),
  devices: z.object({
    total: Count.describe('Discovered devices'),
    linked: Count.describe('Of which linked to a registered asset'),
  }).describe('How much of what discovery sees the register covers (device list filter linked=false: the rest)'),
});
export type FindingsReport = z.infer<typeof FindingsReport>;

export const FindingsTrendQuery = z.strictObject({
  months: z.coerce.number().int().min(1).max(36).default(12).describe('How many calendar months, the current one last (1–36, default 12)'),
});
export type FindingsTrendQuery = z.infer<typeof FindingsTrendQuery>;

/** How findings left the queue: each resolution a person chose (set aside until a date included), or settled by Custodia. */
const FindingsResolvedBy = z.object({
  ...Object.fromEntries(RESOLUTION_VALUES.map((r) => [r, Count])) as Record<(typeof RESOLUTION_VALUES)[number], typeof Count>,
  settled: Count.describe('Closed by Custodia once it no longer held (the values agree again, the device was seen or linked, the asset was found)'),
}).describe('Resolved in the month, by resolution');

const FindingsTrendFigures = z.object({
  raised: Count.describe('Discrepancies raised in the month'),
  resolved: Count.describe('Discrepancies that left the queue in the month, whenever they were raised'),
  resolvedBy: FindingsResolvedBy,
  openAtEnd: Count.describe('Open at the end of the month (for the current month: now) — the backlog'),
});

export const FindingsTrendMonth = FindingsTrendFigures.extend({
  month: z.string().regex(/^\d{4}-\d{2}$/).describe('The calendar month (YYYY-MM) of the organisation\'s time zone'),
  from: Timestamp.describe('Its first instant in the organisation\'s time zone'),
  to: Timestamp.describe('The first instant of the next month (exclusive)'),
  byKind: z.array(FindingsTrendFigures.extend({ kind: z.enum(DISCREPANCY_KIND_VALUES), title: z.string() })).describe('Every kind, in the order of the kinds\' list'),
});

/**
 * Findings over time (ITAM practice guide Table 3.6 "Review and analyse verification and audit findings": general
 * trends; Table 2.3 "number and impact of audit findings"), within the caller's scope, scoped as the queue is
 * (`GET /api/v1/reports/findings/trend`): per calendar month of the organisation's time zone, oldest first, the
 * discrepancies raised, those resolved (by resolution) and the backlog at the month's end, in all and per kind.
 */
export const FindingsTrend = z.object({
  today: CalendarDate.describe('The organisation\'s date: its month is the last one'),
  timeZone: z.string().describe('The organisation\'s time zone (CUSTODIA_TIME_ZONE) the months are cut in'),
  months: z.array(FindingsTrendMonth).describe('Oldest first; months without any finding are present with zeros'),
});
export type FindingsTrend = z.infer<typeof FindingsTrend>;

export const DataQualityTrendQuery = z.strictObject({
  days: z.coerce.number().int().min(7).max(366).default(90).describe('How many days, today last (7–366, default 90)'),
});
export type DataQualityTrendQuery = z.infer<typeof DataQualityTrendQuery>;

const DataQualityFigureKey = z.enum(DATA_QUALITY_FIGURE_KEYS);

/**
 * The dashboard's data-quality figures over time (ITAM practice guide: quality continually reviewed and improved),
 * within the caller's scope, scoped as the dashboard is (`GET /api/v1/reports/data-quality/trend`): for each day a
 * snapshot was taken (the server takes one every hour, the day's last one standing), each figure and the assets it is
 * counted over, summed over the owner org units of the caller's scope.
 */
export const DataQualityTrend = z.object({
  today: CalendarDate.describe('The organisation\'s date (CUSTODIA_TIME_ZONE): the last day of the window'),
  timeZone: z.string().describe('The organisation\'s time zone the days are dates of'),
  from: CalendarDate.describe('The first day of the window'),
  figures: z.array(z.object({ key: DataQualityFigureKey, label: z.string() })).describe('Every figure, in the dashboard\'s order'),
  days: z.array(z.object({
    day: CalendarDate,
    figures: z.array(z.object({
      key: DataQualityFigureKey,
      count: Count.describe('Assets the figure flagged that day'),
      assets: Count.describe('Assets it was counted over: the register within your scope that day'),
    })).describe('Every figure, in the order of `figures`'),
  })).describe('Oldest first; only the days a snapshot was taken (none before the first)'),
});
export type DataQualityTrend = z.infer<typeof DataQualityTrend>;

export const HistoryCheckpoint = z.object({
  checkpoint: z.object({
    format: z.literal('custodia-history-checkpoint/1'),
    seq: z.number().int().min(0).describe('The last history event (0: none yet)'),
    hash: z.string().describe('Its hash in the chain (SHA-256, hex)'),
    signedAt: Timestamp,
    keyId: z.string().describe('First 16 hex digits of the SHA-256 of the signing public key (DER)'),
    signature: z.string().describe('Ed25519 over the canonical JSON of the other members, base64'),
  }).describe('Keep it away from the database: `custodia history verify --checkpoints` holds the history against it'),
  publicKey: z.string().describe('The public key (PEM) verifying it; compare with the copy you keep'),
});
