import { AppError, type PurchaseRequest, type PurchaseRequestCreate } from '@custodia/contracts';
import { SCOPE_ALL, diffRecords } from '@custodia/domain';
import { newId } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { auditedRequest, loadRequestRow, presentRequest } from './purchase-request-records.js';
import { checkRequestFields, columnsOf, fieldsOf } from './request-input.js';

/**
 * Writes a purchase request as a draft, for an org unit within the caller's scope; the caller's account is its
 * requester. Submitting it is a separate step, so a draft can be completed first.
 */
export async function createPurchaseRequest(ctx: Context, input: PurchaseRequestCreate): Promise<PurchaseRequest> {
  const requester = ctx.access.accountId;
  if (requester === null) throw new AppError('FORBIDDEN', 'A purchase request is written by a signed-in account');
  return runChange(ctx, input.reason, async (tx, now) => {
    const fields = fieldsOf(input);
    await checkRequestFields(tx, ctx, fields, null);
    const id = newId();
    await tx.insertInto('purchase_requests').values({
      id, ...columnsOf(fields), requester_account_id: requester, status: 'draft', submitted_at: null, decided_by_account_id: null, decided_at: null,
      decision_note: null, order_reference: null, ordered_at: null, version: 1, created_at: now, updated_at: now,
    }).execute();
    const row = await loadRequestRow(tx, { ...ctx, access: { ...ctx.access, scope: SCOPE_ALL } }, id);
    return {
      result: await presentRequest(tx, ctx, row),
      events: [{ entityType: 'purchase_request', entityId: id, action: 'create', changes: diffRecords(null, auditedRequest(row)) }],
    };
  });
}
