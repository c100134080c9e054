/** Types and small helpers of the audit pages (the API: /api/v1/audit-plans, /api/v1/audit-runs; contracts/src/schemas/audits.ts). */

export type AuditResult = 'pending' | 'found' | 'wrong_location' | 'unexpected' | 'missing';
export type PlanStatus = 'planned' | 'in_progress' | 'completed' | 'cancelled';

export interface AuditCounts { expected: number; found: number; wrongLocation: number; unexpected: number; missing: number; pending: number; notSampled: number }

export type RecurrenceUnit = 'days' | 'weeks' | 'months';
export type AuditSample = { count: number } | { percent: number };
export interface RunSample { method: string; seed: string; population: number; size: number }

export interface AuditRun {
  id: string; planId: string; planName: string; status: 'in_progress' | 'closed'; startedAt: string; startedBy: string; closedAt: string | null; closedBy: string | null;
  counts: AuditCounts; sample: RunSample | null; version: number;
}

export interface AuditPlan {
  id: string; name: string; method: 'scan' | 'manual'; scopeLocationId: string | null; scopeOrgUnitId: string | null; scopeAssetTypeId: string | null;
  dueOn: string | null; assignees: string[]; notes: string | null; status: PlanStatus; createdBy: string;
  recurrence: { every: number; unit: RecurrenceUnit; anchorOn: string } | null; overdue: boolean; sample: AuditSample | null;
  latestRun: { id: string; status: 'in_progress' | 'closed'; startedAt: string; closedAt: string | null } | null; version: number; createdAt: string; updatedAt: string;
}
export interface AuditPlanDetail extends AuditPlan { runs: AuditRun[] }

/** GET /api/v1/audit-plans/{id}/trend: each closed run's accuracy (found where expected over expected; a sample over its drawn assets). */
export interface AuditRunAccuracy {
  runId: string; startedAt: string; closedAt: string; closedOn: string; sample: { population: number; size: number } | null;
  expected: number; foundWhereExpected: number; foundElsewhere: number; missing: number; unexpected: number;
  accuracy: number | null; change: number | null;
}
export interface AuditPlanTrend { planId: string; runs: AuditRunAccuracy[] }

/** An accuracy as people read it: "75 %"; "—" when the run expected nothing. */
export const accuracyText = (a: number | null): string => (a === null ? '—' : `${Math.round(a * 100)} %`);

/** A change of accuracy in percentage points, with the way it went: up (better), down, or level; null when unknown. */
export function accuracyChangeText(change: number | null): { arrow: '↑' | '↓' | '→'; words: string; points: string; color: string } | null {
  if (change === null) return null;
  const points = Math.round(change * 100);
  if (points > 0) return { arrow: '↑', words: 'up', points: `+${points} points`, color: RESULT.found.color };
  if (points < 0) return { arrow: '↓', words: 'down', points: `−${-points} points`, color: RESULT.missing.color };
  return { arrow: '→', words: 'level', points: 'no change', color: RESULT.pending.color };
}

export interface AuditItem {
  id: string; tag: string; assetId: string | null; assetName: string | null; expected: boolean; expectedLocationId: string | null; foundLocationId: string | null;
  result: AuditResult; method: 'scan' | 'typed' | null; recordedAt: string | null; recordedBy: string | null; note: string | null;
  /** Drawn into the run's sample (always, when the run checks all of its scope). */
  sampled: boolean;
  /** Set when the register holds the asset as gone (missing, lost, stolen). */
  registeredAs: { stage: string; stageName: string; kind: 'missing' | 'lost' } | null;
}
export interface AuditRunDetail extends AuditRun { items: AuditItem[]; nextCursor: string | null }
export interface AuditRecordResult { item: AuditItem; alreadyRecorded: boolean; run: AuditRun }
export interface AuditCloseResult extends AuditRun { discrepanciesRaised: number; verified: number }
/** One page of the report of a run: places named by the server with their site ("Stockroom · Berlin Mitte"). */
export interface AuditReport {
  plan: AuditPlan; run: AuditRun;
  /** Items over every page; `run.counts` holds the total of each result. */
  total: number;
  /** One page of items, findings first. */
  items: (AuditItem & { expectedLocation: string | null; foundLocation: string | null; registeredLocationId: string | null; registeredLocation: string | null })[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A plan's assignees are account logins or person ids: the person ids among them, to be shown by name. */
export const personAssignees = (assignees: readonly string[]): string[] => assignees.filter((a) => UUID.test(a));

/** Words for people, and a colour dark enough for WCAG AA contrast as badge text on its own light tint, or under white text. */
export const RESULT: Record<AuditResult, { label: string; color: string }> = {
  found: { label: 'Found', color: '#18692c' },
  wrong_location: { label: 'Found elsewhere', color: '#a34700' },
  unexpected: { label: 'Not expected', color: '#862e9c' },
  missing: { label: 'Missing', color: '#b02525' },
  pending: { label: 'Not found yet', color: '#495057' },
};

export const PLAN_STATUS: Record<PlanStatus, { label: string; color: string }> = {
  planned: { label: 'Planned', color: '#1864ab' },
  in_progress: { label: 'In progress', color: '#364fc7' },
  completed: { label: 'Completed', color: '#18692c' },
  cancelled: { label: 'Cancelled', color: '#495057' },
};

export const RUN_STATUS = { in_progress: { label: 'In progress', color: '#364fc7' }, closed: { label: 'Closed', color: '#495057' } } as const;

/** One sentence saying what a recording found, for the live region under the tag input. */
export function resultSentence(r: AuditRecordResult, place: (id: string | null) => string): string {
  const i = r.item;
  const what = i.assetName ? `${i.tag} (${i.assetName})` : i.tag;
  if (r.alreadyRecorded) return `${what} was already recorded in this run: ${RESULT[i.result].label.toLowerCase()}.`;
  if (i.registeredAs) return `${what}: the register holds it as ${i.registeredAs.stageName.toLowerCase()}. Closing the run queues it as reported again.`;
  switch (i.result) {
    case 'found': return `${what}: found.`;
    case 'wrong_location': return `${what}: found at ${place(i.foundLocationId)}, but the register places it at ${place(i.expectedLocationId)}.`;
    case 'unexpected': return i.assetName ? `${what}: not expected in this audit.` : `${what}: not expected — the register does not know this tag, or it is outside your scope.`;
    default: return `${what}: ${RESULT[i.result].label.toLowerCase()}.`;
  }
}

const UNIT_WORDS: Record<RecurrenceUnit, [string, string]> = { days: ['day', 'days'], weeks: ['week', 'weeks'], months: ['month', 'months'] };

/** "Every month", "Every 2 weeks". */
export function recurrenceText(r: { every: number; unit: RecurrenceUnit }): string {
  const [one, many] = UNIT_WORDS[r.unit];
  return r.every === 1 ? `Every ${one}` : `Every ${r.every} ${many}`;
}

/** "All of it", "A random sample of 4 assets", "A random sample of 10 %". */
export function sampleText(s: AuditSample | null): string {
  if (!s) return 'All of it';
  return 'count' in s ? `A random sample of ${s.count} asset${s.count === 1 ? '' : 's'}` : `A random sample of ${s.percent} %`;
}

/** How a run's sample was drawn, in one sentence for the run page and the report. */
export function runSampleText(s: RunSample): string {
  return `Random sample: ${s.size} of ${s.population} asset${s.population === 1 ? '' : 's'} in scope, drawn with seed ${s.seed} (${s.method}).`;
}
