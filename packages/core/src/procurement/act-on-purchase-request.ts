import { AppError, type ErrorCode, type PurchaseRequest } from '@custodia/contracts';
import { SCOPE_ALL, type PurchaseRequestActionKey, type PurchaseRequestStatus, diffRecords, purchaseRequestVerdict } from '@custodia/domain';
import type { Row } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, assertVersion, runChange, versionConflict } from '../shared/change.js';
import { lockRows } from '../shared/locks.js';
import { auditedRequest, loadRequestRow, presentRequest, type RequestRow } from './purchase-request-records.js';

export type SimpleAction = Exclude<PurchaseRequestActionKey, 'order'>;

/**
 * Reads the request for a status change (held on PostgreSQL until commit), checks the version the caller read and the
 * domain's verdict: the status allows the action, the right person takes it (the requester's own actions; never an
 * approver's on their own request), a rejection gives its reason. Refusals carry the verdict's code.
 */
export async function loadForAction(tx: Tx, ctx: Context, id: string, expectedVersion: number, action: PurchaseRequestActionKey, reason: string | undefined): Promise<{ row: RequestRow; to: PurchaseRequestStatus }> {
  await lockRows(tx, 'purchase_requests', id);
  const row = await loadRequestRow(tx, ctx, id);
  assertVersion('purchase request', Number(row.version), expectedVersion);
  const verdict = purchaseRequestVerdict({ action, status: row.status as PurchaseRequestStatus, requesterAccountId: row.requester_account_id, actorAccountId: ctx.access.accountId, reason });
  if (!verdict.ok) {
    // Every code the verdict gives is an API error code of its own (contracts' ERRORS).
    const first = verdict.violations[0]!;
    throw new AppError(first.code as ErrorCode, first.message, { errors: verdict.violations.map((v) => ({ code: v.code, message: v.message, ...(v.field ? { field: v.field } : {}) })) });
  }
  return { row, to: verdict.value };
}

/** Writes the new status (guarded by the version) and returns the request as stored, with its history event. */
export async function writeStatus(tx: Tx, ctx: Context, row: RequestRow, expectedVersion: number, set: Partial<Row<'purchase_requests'>>, now: string, extra: Record<string, { before: unknown; after: unknown }> = {}) {
  const r = await tx.updateTable('purchase_requests').set({ ...set, version: expectedVersion + 1, updated_at: now })
    .where('id', '=', row.id).where('version', '=', expectedVersion).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) await versionConflict(tx, 'purchase_requests', 'purchase request', row.id, expectedVersion);
  const after = await loadRequestRow(tx, { ...ctx, access: { ...ctx.access, scope: SCOPE_ALL } }, row.id);
  return {
    result: await presentRequest(tx, ctx, after),
    events: [{ entityType: 'purchase_request', entityId: row.id, action: 'transition' as const, changes: { ...diffRecords(auditedRequest(row), auditedRequest(after)), ...extra } }],
  };
}

/**
 * Submits, approves, rejects, withdraws or cancels a request (If-Match). An approval records its approver, time and
 * note (the reason given); a rejection its reason. The reason is kept in the history too.
 */
export async function actOnPurchaseRequest(ctx: Context, id: string, expectedVersion: number, action: SimpleAction, reason?: string): Promise<PurchaseRequest> {
  return runChange(ctx, reason, async (tx, now) => {
    const { row, to } = await loadForAction(tx, ctx, id, expectedVersion, action, reason);
    const decision = action === 'approve' || action === 'reject' ? { decided_by_account_id: ctx.access.accountId, decided_at: now, decision_note: reason?.trim() || null } : {};
    return writeStatus(tx, ctx, row, expectedVersion, { status: to, ...(action === 'submit' ? { submitted_at: now } : {}), ...decision }, now);
  });
}
