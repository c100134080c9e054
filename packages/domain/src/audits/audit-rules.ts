import type { StageKind } from '../lifecycle/model.js';
import type { DiscrepancyKind } from '../discovery/staleness.js';

/**
 * Physical audits (ITAM practice guide §2.2.5, Table 3.6 "Plan audit", "Collect IT asset data", "Verify IT asset
 * data"): a plan names what is in scope (a location subtree, an org-unit subtree, an asset type) and how it is
 * collected; each run snapshots what the register says should be found, people record what they find, and closing the
 * run turns every gap into a discrepancy with an owner and a due date. These are the rules, as data and pure functions.
 */

/** How the data is collected: scanning labels (barcode / QR) or a manual check against a list. */
export const AUDIT_METHODS = ['scan', 'manual'] as const;
export type AuditMethod = (typeof AUDIT_METHODS)[number];

/** planned → in_progress (a run is open) → completed (its last run closed); cancelled stops a plan from being run. */
export const AUDIT_PLAN_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export type AuditPlanStatus = (typeof AUDIT_PLAN_STATUSES)[number];

export const AUDIT_RUN_STATUSES = ['in_progress', 'closed'] as const;
export type AuditRunStatus = (typeof AUDIT_RUN_STATUSES)[number];

/**
 * What became of one item of a run: `pending` (expected, not found yet), `found` (expected, found where expected or
 * no location given), `wrong_location` (expected, found elsewhere), `unexpected` (found, not expected: another asset
 * of the register or an unknown tag), `missing` (still pending when the run closed).
 */
export const AUDIT_ITEM_RESULTS = ['pending', 'found', 'wrong_location', 'unexpected', 'missing'] as const;
export type AuditItemResult = (typeof AUDIT_ITEM_RESULTS)[number];

/** How an item was recorded: read by a scanner or camera, or typed in. */
export const AUDIT_RECORD_METHODS = ['scan', 'typed'] as const;
export type AuditRecordMethod = (typeof AUDIT_RECORD_METHODS)[number];

/**
 * Stage kinds whose assets no audit expects to find: gone for good (lost, stolen, disposed) or not there yet
 * (planned, on order). Everything else — in stock, in use, in maintenance, retired, on hold, reported missing — is
 * expected where the register places it.
 */
export const AUDIT_EXCLUDED_STAGE_KINDS: readonly StageKind[] = ['lost', 'disposed', 'planned', 'ordered'];

/**
 * Stage kinds of an asset the register holds as gone: reported missing, or lost or stolen. An audit that sees such an
 * asset has news for whoever looks after it — the register says it is gone and it was just found — and queues it as
 * "reported again"; moving it out of that stage is a lifecycle transition with its own evidence.
 */
export const AUDIT_GONE_STAGE_KINDS = ['missing', 'lost'] as const satisfies readonly StageKind[];
export type AuditGoneStageKind = (typeof AUDIT_GONE_STAGE_KINDS)[number];

export function isHeldAsGone(kind: StageKind | undefined): kind is AuditGoneStageKind {
  return kind !== undefined && (AUDIT_GONE_STAGE_KINDS as readonly StageKind[]).includes(kind);
}

/** A plan needs at least one scope: auditing "everything everywhere" is a register export, not an audit. */
export function hasAuditScope(plan: { scopeLocationId?: string | null; scopeOrgUnitId?: string | null; scopeAssetTypeId?: string | null }): boolean {
  return Boolean(plan.scopeLocationId || plan.scopeOrgUnitId || plan.scopeAssetTypeId);
}

/**
 * The result of recording one tag. An asset the run expected is found, unless a location was given that differs from
 * where the register placed it; anything else (an asset of the register not expected here, an unknown tag) is
 * unexpected.
 */
export function classifyFinding(input: { expected: boolean; expectedLocationId: string | null; foundLocationId: string | null }): Exclude<AuditItemResult, 'pending' | 'missing'> {
  if (!input.expected) return 'unexpected';
  if (input.foundLocationId === null || input.foundLocationId === input.expectedLocationId) return 'found';
  return 'wrong_location';
}

/** The discrepancy each finding raises when the run closes; `found` raises none. */
export function discrepancyKindOf(result: AuditItemResult): DiscrepancyKind | null {
  switch (result) {
    case 'missing': return 'audit_missing';
    case 'unexpected': return 'audit_unexpected';
    case 'wrong_location': return 'audit_wrong_location';
    default: return null;
  }
}

/** Whether a run may start for a plan in this status: not while one is open, not on a cancelled plan. */
export function canStartRun(status: AuditPlanStatus): { ok: true } | { ok: false; reason: string } {
  if (status === 'in_progress') return { ok: false, reason: 'A run of this plan is already in progress: close it first' };
  if (status === 'cancelled') return { ok: false, reason: 'The plan is cancelled: reopen it to run it' };
  return { ok: true };
}

/** Status changes a person may make on a plan (the others follow runs): cancel it, or reopen a cancelled plan. */
export function canChangePlanStatus(from: AuditPlanStatus, to: 'planned' | 'cancelled'): { ok: true } | { ok: false; reason: string } {
  if (from === to) return { ok: true };
  if (to === 'cancelled') return from === 'in_progress' ? { ok: false, reason: 'A run is in progress: close it before cancelling the plan' } : { ok: true };
  return from === 'cancelled' ? { ok: true } : { ok: false, reason: 'Only a cancelled plan can be reopened' };
}

/** Days findings are due in when the person closing a run names no date. */
export const DEFAULT_FINDINGS_DUE_DAYS = 14;

