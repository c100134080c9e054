import { AppError, type PurchaseRequest, type PurchaseRequestOrderBody } from '@custodia/contracts';
import { orderingStage } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';
import { loadModel } from '../lifecycle/model-store.js';
import { batchRefusal, insertBatchItems } from '../assets/register-batch.js';
import { loadForAction, writeStatus } from './act-on-purchase-request.js';

/**
 * Orders an approved request (If-Match), in one transaction: registers `quantity` assets of its catalogue model (or of
 * the model the buyer names, when the request described the item in words only) through the batch registration, so
 * tags, validation and history are those of any delivery: each in the model type's ordering stage
 * (`domain: orderingStage`), owned by the request's org unit, with the purchase order reference and the supplier; links
 * each to the request; and marks it ordered. One asset refused refuses the order, and nothing is written.
 */
export async function orderPurchaseRequest(ctx: Context, id: string, expectedVersion: number, body: PurchaseRequestOrderBody): Promise<PurchaseRequest> {
  const reason = body.reason ?? `Ordered on purchase order ${body.orderReference} (purchase request ${id})`;
  return runChange(ctx, reason, async (tx, now) => {
    const { row, to } = await loadForAction(tx, ctx, id, expectedVersion, 'order', body.reason);
    if (body.modelId && row.model_id && body.modelId !== row.model_id) {
      throw new AppError('VALIDATION_FAILED', 'The request was approved for another catalogue model', { errors: [{ field: 'modelId', code: 'MODEL_NOT_REQUESTED', message: 'Leave it out: the request names its model' }] });
    }
    const modelId = row.model_id ?? body.modelId ?? null;
    if (!modelId) throw new AppError('ORDER_NEEDS_MODEL', undefined, { errors: [{ field: 'modelId', code: 'ORDER_NEEDS_MODEL', message: 'Name the catalogue model to register' }] });
    const supplierId = body.supplierId === undefined ? row.supplier_id : body.supplierId;
    await assertReferences(tx, [{ field: 'modelId', table: 'catalogue_models', id: modelId }, { field: 'supplierId', table: 'suppliers', id: supplierId }], ctx.access.scope);
    const model = await tx.selectFrom('catalogue_models').innerJoin('asset_types', 'asset_types.id', 'catalogue_models.asset_type_id')
      .select(['catalogue_models.name', 'catalogue_models.asset_type_id', 'asset_types.lifecycle_model_id']).where('catalogue_models.id', '=', modelId).executeTakeFirstOrThrow();
    const stage = orderingStage((await loadModel(tx, model.lifecycle_model_id)).definition);
    if (!stage) throw new AppError('NO_ORDERING_STAGE');
    const unitCost = body.unitCostMinor ?? null;
    if (unitCost !== null && !row.currency) {
      throw new AppError('VALIDATION_FAILED', 'The request has no currency for the price', { errors: [{ field: 'unitCostMinor', code: 'MONEY_NEEDS_CURRENCY', message: 'The request estimated no cost, so it has no currency' }] });
    }
    const template = {
      assetTypeId: model.asset_type_id, modelId, name: model.name, ownerOrgUnitId: row.org_unit_id, stage, supplierId, orderReference: body.orderReference,
      purchaseDate: body.purchaseDate ?? null, purchaseCostMinor: unitCost, purchaseCurrency: unitCost === null ? null : row.currency,
    };
    const { results, events } = await insertBatchItems(ctx, tx, template, Array.from({ length: Number(row.quantity) }, () => ({})), now);
    if (results.some((r) => !r.ok)) throw batchRefusal(results);
    const assets = results.map((r) => ({ id: r.id!, tag: r.tag! }));
    await tx.insertInto('purchase_request_assets').values(assets.map((a) => ({ request_id: id, asset_id: a.id }))).execute();
    const changed = await writeStatus(tx, ctx, row, expectedVersion, { status: to, order_reference: body.orderReference, supplier_id: supplierId, model_id: modelId, ordered_at: now }, now,
      { assets: { before: [], after: assets } });
    return { result: changed.result, events: [...events, ...changed.events] };
  });
}
