import { AppError, type PurchaseRequest, type PurchaseRequestUpdate } from '@custodia/contracts';
import { SCOPE_ALL, diffRecords, isEditable, type PurchaseRequestStatus } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { lockRows } from '../shared/locks.js';
import { auditedRequest, loadRequestRow, presentRequest } from './purchase-request-records.js';
import { type RequestFields, checkRequestFields, columnsOf } from './request-input.js';

/**
 * Edits a draft (If-Match): absent fields stay, `null` clears. Only its requester edits it, and only while it is a
 * draft: what was submitted is what the approver decides on.
 */
export async function updatePurchaseRequest(ctx: Context, id: string, expectedVersion: number, patch: PurchaseRequestUpdate): Promise<PurchaseRequest> {
  return runChange(ctx, patch.reason, async (tx, now) => {
    await lockRows(tx, 'purchase_requests', id);
    const row = await loadRequestRow(tx, ctx, id);
    assertVersion('purchase request', Number(row.version), expectedVersion);
    if (!isEditable(row.status as PurchaseRequestStatus)) throw new AppError('REQUEST_NOT_DRAFT', `A ${row.status} request cannot be edited`);
    if (ctx.access.accountId !== row.requester_account_id) throw new AppError('NOT_REQUESTER', 'Only the requester may edit this request');
    const before: RequestFields = {
      orgUnitId: row.org_unit_id, forPersonId: row.for_person_id, modelId: row.model_id, description: row.description, quantity: Number(row.quantity),
      unitCostMinor: row.unit_cost_minor === null ? null : Number(row.unit_cost_minor), currency: row.currency, justification: row.justification,
      neededBy: row.needed_by, supplierId: row.supplier_id,
    };
    const pick = <K extends keyof RequestFields>(k: K): RequestFields[K] => (k in patch ? ((patch as Record<string, unknown>)[k] ?? null) as RequestFields[K] : before[k]);
    const next: RequestFields = {
      orgUnitId: patch.orgUnitId ?? before.orgUnitId, forPersonId: pick('forPersonId'), modelId: pick('modelId'), description: pick('description'),
      quantity: patch.quantity ?? before.quantity, unitCostMinor: pick('unitCostMinor'), currency: pick('currency'),
      justification: patch.justification ?? before.justification, neededBy: pick('neededBy'), supplierId: pick('supplierId'),
    };
    await checkRequestFields(tx, ctx, next, before);
    const changes = diffRecords(auditedRequest(row), auditedRequest({ ...row, ...columnsOf(next) }));
    if (!Object.keys(changes).length) return { result: await presentRequest(tx, ctx, row), events: [] };
    const r = await tx.updateTable('purchase_requests').set({ ...columnsOf(next), version: expectedVersion + 1, updated_at: now })
      .where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) await versionConflict(tx, 'purchase_requests', 'purchase request', id, expectedVersion);
    const after = await loadRequestRow(tx, { ...ctx, access: { ...ctx.access, scope: SCOPE_ALL } }, id);
    return { result: await presentRequest(tx, ctx, after), events: [{ entityType: 'purchase_request', entityId: id, action: 'update', changes }] };
  });
}
