import { z } from 'zod';
import {
  AUDIT_GONE_STAGE_KINDS, AUDIT_ITEM_RESULTS, AUDIT_METHODS, AUDIT_PLAN_STATUSES, AUDIT_RECORD_METHODS, AUDIT_RUN_STATUSES, RECURRENCE_MAX, RECURRENCE_UNITS, SAMPLE_MAX_COUNT, checkRecurrence, hasAuditScope,
} from '@custodia/domain';
import { CalendarDate, Cursor, Id, Limit, LongText, Name, ShortText, Timestamp } from './common.js';

/**
 * Physical audits (ITAM practice guide §2.2.5, Table 3.6): plans, their runs, the items a run expects and finds, and
 * the report. Routes: /api/v1/audit-plans, /api/v1/audit-runs.
 */

const Assignee = ShortText.pipe(z.string().min(1, 'must not be empty').max(200)).describe('An account login or a person id');

/** Every N days, weeks or months, counted from the plan's due date (months from the same day, or the month's last). */
export const AuditRecurrence = z.strictObject({
  every: z.number().int().min(1).max(Math.max(...Object.values(RECURRENCE_MAX))),
  unit: z.enum(RECURRENCE_UNITS),
}).superRefine((r, c) => {
  const verdict = checkRecurrence(r);
  if (!verdict.ok) c.addIssue({ code: 'custom', path: ['every'], message: verdict.reason, params: { code: 'RECURRENCE_INTERVAL' } });
});
export type AuditRecurrence = z.infer<typeof AuditRecurrence>;

/** A random sample of the scope: a number of assets, or a whole percentage (1–99). */
export const AuditSample = z.union([
  z.strictObject({ count: z.number().int('a whole number of assets').min(1, 'a sample needs at least 1 asset').max(SAMPLE_MAX_COUNT, `at most ${SAMPLE_MAX_COUNT} assets`).describe('How many assets of the scope to check') }),
  z.strictObject({ percent: z.number().int('a whole percentage').min(1, 'at least 1 percent').max(99, '100 percent is the whole scope: check all of it instead').describe('Which share of the scope to check, rounded up to a whole asset') }),
]);
export type AuditSample = z.infer<typeof AuditSample>;

const planFields = {
  name: Name,
  method: z.enum(AUDIT_METHODS).describe('scan: labels are scanned (barcode / QR); manual: checked by hand against the list'),
  scopeLocationId: Id.nullish().describe('Assets at this location or anywhere below it'),
  scopeOrgUnitId: Id.nullish().describe('Assets owned by this org unit or any unit below it'),
  scopeAssetTypeId: Id.nullish().describe('Assets of this type'),
  dueOn: CalendarDate.nullish().describe('When the audit should be done'),
  assignees: z.array(Assignee).max(20).describe('Who does it: account logins or person ids'),
  notes: LongText.nullish(),
  sample: AuditSample.nullish().describe('Check a random sample of the scope, drawn when each run starts, instead of all of it. null: all of it'),
  recurrence: AuditRecurrence.nullish().describe('Cycle counting: the plan recurs on a schedule anchored on its due date (which it then needs); closing a run moves the due date to the next occurrence. null: a one-off plan'),
};

const scopeRequired = { message: 'Choose at least one scope: a location, an org unit or an asset type', path: ['scopeLocationId'], params: { code: 'AUDIT_SCOPE_REQUIRED' } };

export const recurrenceNeedsDueOn = { message: 'A recurring plan needs a due date: its schedule counts from it', path: ['dueOn'], params: { code: 'DUE_DATE_REQUIRED' } };

/** `POST /api/v1/audit-plans`: at least one of the three scopes. */
export const AuditPlanCreate = z.strictObject({ ...planFields, method: planFields.method.default('scan'), assignees: planFields.assignees.default([]) })
  .refine(hasAuditScope, scopeRequired)
  .refine((p) => !p.recurrence || Boolean(p.dueOn), recurrenceNeedsDueOn);
export type AuditPlanCreate = z.infer<typeof AuditPlanCreate>;

/** `PATCH /api/v1/audit-plans/{id}` (If-Match): absent fields stay, `null` clears; a plan keeps at least one scope. */
export const AuditPlanUpdate = z.strictObject({
  ...planFields,
  status: z.enum(['planned', 'cancelled']).describe('cancelled: the plan will not be run; planned: reopen a cancelled plan'),
}).partial();
export type AuditPlanUpdate = z.infer<typeof AuditPlanUpdate>;

const Count = z.number().int().min(0);

/** What a run expects and what it found so far. */
export const AuditCounts = z.object({
  expected: Count.describe('Assets the register placed in the scope when the run started'),
  found: Count.describe('Expected and found where expected (or with no location given)'),
  wrongLocation: Count.describe('Expected and found at another location'),
  unexpected: Count.describe('Found but not expected: another asset of the register, or a tag the register does not know'),
  missing: Count.describe('Expected, not found when the run closed'),
  pending: Count.describe('Expected, not found yet (0 once closed)'),
  notSampled: Count.describe('In the scope but not drawn into the run\'s sample, and not recorded (0 when the run checks all of its scope); none of the other counts include them'),
});
export type AuditCounts = z.infer<typeof AuditCounts>;

export const AuditRun = z.object({
  id: Id,
  planId: Id,
  planName: z.string(),
  status: z.enum(AUDIT_RUN_STATUSES),
  startedAt: Timestamp,
  startedBy: z.string(),
  closedAt: Timestamp.nullable(),
  closedBy: z.string().nullable(),
  counts: AuditCounts,
  sample: z.object({
    method: z.string().describe('How it was drawn: floyd-mulberry32-fnv1a:v1 is Floyd\'s algorithm over the scope\'s assets in tag-key order, driven by mulberry32 seeded with the FNV-1a hash of the seed'),
    seed: z.string().describe('The seed: the same seed over the same scope draws the same sample'),
    population: Count.describe('Assets in the scope when the run started'),
    size: Count.describe('Assets drawn'),
  }).nullable().describe('The random sample this run checks; null: the run checks all of its scope'),
  version: z.number().int(),
});
export type AuditRun = z.infer<typeof AuditRun>;

export const AuditPlan = z.object({
  id: Id,
  name: z.string(),
  method: z.enum(AUDIT_METHODS),
  scopeLocationId: Id.nullable(),
  scopeOrgUnitId: Id.nullable(),
  scopeAssetTypeId: Id.nullable(),
  dueOn: CalendarDate.nullable(),
  assignees: z.array(z.string()),
  notes: z.string().nullable(),
  status: z.enum(AUDIT_PLAN_STATUSES),
  recurrence: z.object({ every: z.number().int(), unit: z.enum(RECURRENCE_UNITS), anchorOn: CalendarDate.describe('The date the schedule counts from') }).nullable()
    .describe('null: a one-off plan'),
  overdue: z.boolean().describe("Due before today (the organisation's time zone, CUSTODIA_TIME_ZONE) and not done yet: planned or in progress"),
  sample: AuditSample.nullable().describe('null: each run checks all of the scope'),
  createdBy: z.string(),
  latestRun: AuditRun.pick({ id: true, status: true, startedAt: true, closedAt: true }).nullable().describe('The most recent run, if any'),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AuditPlan = z.infer<typeof AuditPlan>;

/** A plan with its runs, newest first (at most 100). */
export const AuditPlanDetail = AuditPlan.extend({ runs: z.array(AuditRun) });
export type AuditPlanDetail = z.infer<typeof AuditPlanDetail>;

/**
 * How accurate the register was, run after run of a plan (`GET /api/v1/audit-plans/{id}/trend`; Table 3.6 "Review and
 * analyse verification and audit findings"): each closed run's results over what it set out to check — for a sample,
 * the drawn assets only — and the accuracy, found where expected over expected (`domain/audits/accuracy.ts`).
 */
export const AuditRunAccuracy = z.object({
  runId: Id,
  startedAt: Timestamp,
  closedAt: Timestamp,
  closedOn: CalendarDate.describe('The day it closed, in the organisation\'s time zone'),
  sample: z.object({ population: Count, size: Count }).nullable().describe('The sample it checked (null: all of its scope)'),
  expected: Count.describe('Assets it set out to check: for a sample, those drawn (an asset recorded anyway is left out)'),
  foundWhereExpected: Count,
  foundElsewhere: Count.describe('Found at another location than the register\'s'),
  missing: Count.describe('Not found'),
  unexpected: Count.describe('Found but not expected: another asset of the register, or a tag it does not know'),
  accuracy: z.number().min(0).max(1).nullable().describe('foundWhereExpected / expected; null when it expected nothing'),
  change: z.number().min(-1).max(1).nullable().describe('accuracy minus the previous closed run\'s (positive: better); null for the first run or when either is unknown'),
});
export type AuditRunAccuracy = z.infer<typeof AuditRunAccuracy>;

export const AuditPlanTrend = z.object({
  planId: Id,
  runs: z.array(AuditRunAccuracy).describe('The closed runs, the last closed first (at most 100)'),
});
export type AuditPlanTrend = z.infer<typeof AuditPlanTrend>;

export const AuditItem = z.object({
  id: Id,
  tag: z.string().describe('The asset tag: as registered, or as recorded (upper-cased) for a tag the register does not know'),
  assetId: Id.nullable().describe('The asset, when the register knows the tag and the asset is within your scope'),
  assetName: z.string().nullable(),
  expected: z.boolean(),
  expectedLocationId: Id.nullable().describe('Where the register placed the asset when the run started'),
  foundLocationId: Id.nullable(),
  result: z.enum(AUDIT_ITEM_RESULTS),
  method: z.enum(AUDIT_RECORD_METHODS).nullable(),
  recordedAt: Timestamp.nullable(),
  recordedBy: z.string().nullable(),
  note: z.string().nullable(),
  sampled: z.boolean().describe('Drawn into the run\'s sample (always true when the run checks all of its scope); one not drawn is shown once recorded'),
  registeredAs: z.object({ stage: z.string(), stageName: z.string(), kind: z.enum(AUDIT_GONE_STAGE_KINDS) }).nullable()
    .describe('Set when the asset is one the register holds as gone (missing, lost, stolen): closing the run queues it as reported again'),
});
export type AuditItem = z.infer<typeof AuditItem>;

/** A run with one page of its items. */
export const AuditRunDetail = AuditRun.extend({
  items: z.array(AuditItem),
  nextCursor: z.string().nullable(),
});
export type AuditRunDetail = z.infer<typeof AuditRunDetail>;

/** `POST /api/v1/audit-runs/{id}/items`: one tag seen. Recording the same tag again changes nothing. */
export const AuditRecordBody = z.strictObject({
  tag: ShortText.pipe(z.string().min(1, 'must not be empty').max(64)).describe('The asset tag as read or typed; compared case-insensitively'),
  locationId: Id.nullish().describe('Where it was found; omit when it is where the register expects it'),
  method: z.enum(AUDIT_RECORD_METHODS),
  note: LongText.nullish(),
});
export type AuditRecordBody = z.infer<typeof AuditRecordBody>;

export const AuditRecordResult = z.object({
  item: AuditItem,
  alreadyRecorded: z.boolean().describe('The tag had been recorded before in this run: nothing changed'),
  run: AuditRun,
});
export type AuditRecordResult = z.infer<typeof AuditRecordResult>;

/** `POST /api/v1/audit-runs/{id}/close` (If-Match): who follows up the findings, and by when. */
export const AuditCloseBody = z.strictObject({
  ownerOfFindings: ShortText.pipe(z.string().min(1).max(200)).nullish().describe('Who follows up the discrepancies (default: the person closing the run)'),
  findingsDueOn: CalendarDate.nullish().describe('When the discrepancies are due (default: 14 days from today); not in the past'),
});
export type AuditCloseBody = z.infer<typeof AuditCloseBody>;

export const AuditCloseResult = AuditRun.extend({
  discrepanciesRaised: Count.describe('New discrepancies queued (an open one for the same asset or tag is refreshed instead)'),
  verified: Count.describe('Assets whose last-verified date was set to today'),
});
export type AuditCloseResult = z.infer<typeof AuditCloseResult>;

export const AuditPlanListQuery = z.strictObject({
  limit: Limit,
  cursor: Cursor.optional(),
  q: ShortText.optional().describe('Part of the plan name'),
  status: z.enum(AUDIT_PLAN_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: only plans due before today that are planned or in progress'),
  sort: z.enum(['-createdAt', 'dueOn']).default('-createdAt').describe('-createdAt: newest first; dueOn: soonest due first (plans without a due date last)'),
  includeTotal: z.enum(['true', 'false']).optional(),
});
export type AuditPlanListQuery = z.infer<typeof AuditPlanListQuery>;

export const AuditItemListQuery = z.strictObject({
  limit: Limit,
  cursor: Cursor.optional(),
  result: z.enum(AUDIT_ITEM_RESULTS).optional(),
  sort: z.enum(['tag', '-recordedAt']).default('tag').describe('tag: every item by tag; -recordedAt: recorded items only, latest first'),
});
export type AuditItemListQuery = z.infer<typeof AuditItemListQuery>;

/** `GET /api/v1/audit-runs/{id}/report`: one page of the report's items (the CSV holds them all). */
export const AuditReportQuery = z.strictObject({
  limit: Limit,
  cursor: Cursor.optional(),
});
export type AuditReportQuery = z.infer<typeof AuditReportQuery>;

/**
 * The report of a run: the plan, the run with its counts (the totals of each result, over every page), and one page of
 * its items — findings first, then by tag — with their places named for people: the location's name with its site
 * ("Stockroom · Berlin Mitte"), or with its parent when no site is above it.
 */
export const AuditReport = z.object({
  plan: AuditPlan,
  run: AuditRun,
  total: Count.describe('Items the report holds over all its pages: those the run checks and any recorded anyway'),
  items: z.array(AuditItem.extend({
    expectedLocation: z.string().nullable().describe('Where the register placed the asset when the run started, named with its site'),
    foundLocation: z.string().nullable().describe('Where it was found, when the auditor said so, named with its site'),
    registeredLocationId: Id.nullable().describe('Where the register places the asset now (an asset within your scope; null without a location)'),
    registeredLocation: z.string().nullable().describe('The same place, named with its site'),
  })),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last'),
});
export type AuditReport = z.infer<typeof AuditReport>;

/** `GET /api/v1/auditors`: accounts a planner can name as assignees (they may record audit work in the planner's scope). */
export const Auditors = z.object({
  items: z.array(z.object({ login: z.string().describe('Account login: what a plan\'s assignees list holds'), name: z.string().describe('The person the account belongs to, or its display name') })).describe('By name; at most 500'),
});
export type Auditors = z.infer<typeof Auditors>;
