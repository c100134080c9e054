import { AppError, type PurchaseRequestCreate } from '@custodia/contracts';
import { describesItem, todayAnywhere } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import type { Tx } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';
import { assertUnitInScope } from '../shared/scope-sql.js';

/** A request's fields as stored, before or after an edit. */
export interface RequestFields {
  orgUnitId: string; forPersonId: string | null; modelId: string | null; description: string | null; quantity: number;
  unitCostMinor: number | null; currency: string | null; justification: string; neededBy: string | null; supplierId: string | null;
}

export const fieldsOf = (input: PurchaseRequestCreate): RequestFields => ({
  orgUnitId: input.orgUnitId, forPersonId: input.forPersonId ?? null, modelId: input.modelId ?? null, description: input.description ?? null,
  quantity: input.quantity, unitCostMinor: input.unitCostMinor ?? null, currency: input.currency ?? null, justification: input.justification,
  neededBy: input.neededBy ?? null, supplierId: input.supplierId ?? null,
});

export const columnsOf = (f: RequestFields) => ({
  org_unit_id: f.orgUnitId, for_person_id: f.forPersonId, model_id: f.modelId, description: f.description, quantity: f.quantity,
  unit_cost_minor: f.unitCostMinor, currency: f.currency, justification: f.justification, needed_by: f.neededBy, supplier_id: f.supplierId,
});

/**
 * Checks a request's fields as a whole: the paying org unit within the caller's scope, the person (within it too), model
 * and supplier known, a model or a description, a cost with its currency, and a needed-by date not already past
 * anywhere (checked only when it changes: a draft kept past its date can still be edited). `before` is the stored
 * request for an edit; the references it already held are not checked against the editor's scope again.
 */
export async function checkRequestFields(tx: Tx, ctx: Context, f: RequestFields, before: RequestFields | null): Promise<void> {
  if (!describesItem(f)) {
    throw new AppError('VALIDATION_FAILED', 'Name a catalogue model or describe what to buy', { errors: [{ field: 'description', code: 'ITEM_REQUIRED', message: 'Name a catalogue model or describe what to buy' }] });
  }
  if ((f.unitCostMinor === null) !== (f.currency === null)) {
    throw new AppError('VALIDATION_FAILED', 'An estimated cost needs a currency, and a currency needs a cost', { errors: [{ field: 'currency', code: 'MONEY_NEEDS_CURRENCY', message: 'An estimated cost needs a currency, and a currency needs a cost' }] });
  }
  if (f.neededBy !== (before?.neededBy ?? null) && f.neededBy !== null) {
    const earliest = todayAnywhere(ctx.now()).earliest;
    if (f.neededBy < earliest) throw new AppError('VALIDATION_FAILED', 'The needed-by date has passed', { errors: [{ field: 'neededBy', code: 'DATE_IN_PAST', message: `Choose ${earliest} or a later date` }] });
  }
  if (f.orgUnitId !== before?.orgUnitId) await assertUnitInScope(tx, 'orgUnitId', f.orgUnitId, ctx.access.scope);
  await assertReferences(tx, [
    { field: 'forPersonId', table: 'people', id: f.forPersonId, scoped: f.forPersonId !== before?.forPersonId },
    { field: 'modelId', table: 'catalogue_models', id: f.modelId },
    { field: 'supplierId', table: 'suppliers', id: f.supplierId },
  ], ctx.access.scope);
}
