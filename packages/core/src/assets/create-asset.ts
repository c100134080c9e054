import { SCOPE_ALL } from '@custodia/domain';
import { assertUnitInScope } from '../shared/scope-sql.js';
import { AppError, type Asset, type AssetCreate } from '@custodia/contracts';
import { defaultStage, diffRecords, expectedReturnProblem, formatTag, tagKey } from '@custodia/domain';
import { newId, readBool, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { type Tx, runChange } from '../shared/change.js';
import type { EventInput } from '@custodia/data';
import { loadAssetType } from '../lifecycle/asset-types.js';
import { loadModel } from '../lifecycle/model-store.js';
import { type AssetDraft, assertVerifiedOn, prepareAsset, replaceUniqueValues } from './prepare-asset.js';
import { assertNoCiphertext, revealAsset, sealAttributes } from './sensitive.js';
import { presentAsset } from './present-asset.js';
import { loadAssetRow } from './load-asset.js';
import { likeEscape, likeEscaped } from '../shared/search-sql.js';
import { sql } from 'kysely';

/**
 * Takes the next number of the type's tag counter; skips numbers someone already used by hand. On a number taken, the
 * counter jumps past the highest tag of the pattern in the register (an imported register's tags were typed, not
 * counted), so a run of taken numbers costs one look-up, not one attempt each.
 */
async function nextTag(tx: Tx, assetTypeId: string, pattern: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const row = await tx.updateTable('asset_types').set((eb) => ({ tag_seq: eb('tag_seq', '+', 1) })).where('id', '=', assetTypeId).returning('tag_seq').executeTakeFirstOrThrow();
    const seq = Number(row.tag_seq);
    const tag = formatTag(pattern, seq);
    const taken = await tx.selectFrom('assets').select('id').where('tag_key', '=', tagKey(tag)).executeTakeFirst();
    if (!taken) return tag;
    const highest = await highestTakenSeq(tx, pattern, tagKey(tag).length);
    if (highest !== null && highest > seq) await tx.updateTable('asset_types').set({ tag_seq: highest }).where('id', '=', assetTypeId).execute();
  }
  throw new AppError('CONFLICT', 'Could not generate a free asset tag');
}

/** The highest number among the register's tags of this pattern and length (zero-padded numbers sort as text). */
async function highestTakenSeq(tx: Tx, pattern: string, length: number): Promise<number | null> {
  const head = tagKey(pattern.slice(0, pattern.indexOf('{')));
  const tail = tagKey(pattern.slice(pattern.indexOf('}') + 1));
  const rows = await tx.selectFrom('assets').select('tag_key')
    .where((eb) => likeEscaped(eb.ref('tag_key'), `${likeEscape(head)}%${likeEscape(tail)}`)).where(sql<boolean>`length(tag_key) = ${length}`)
    .orderBy('tag_key', 'desc').limit(20).execute();
  for (const r of rows) {
    const digits = r.tag_key.slice(head.length, r.tag_key.length - tail.length);
    if (/^\d+$/.test(digits)) return Number(digits);
  }
  return null;
}

/** Creates an asset in one of its model's stages, inside an existing transaction; returns the row and its events. */
export async function insertAsset(ctx: Context, tx: Tx, input: AssetCreate, now: string): Promise<{ asset: Asset; events: EventInput[] }> {
  // Held until commit: the type's schema cannot change (an attribute made unique) between this check and the insert.
  const type = await loadAssetType(tx, input.assetTypeId, 'key share').catch(() => {
    throw new AppError('REFERENCE_NOT_FOUND', `No asset type with id ${input.assetTypeId}`, { errors: [{ field: 'assetTypeId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown asset type' }] });
  });
  await assertUnitInScope(tx, 'ownerOrgUnitId', input.ownerOrgUnitId ?? null, ctx.access.scope);
  const model = await loadModel(tx, type.lifecycleModelId);
  const stageKey = input.stage ?? defaultStage(model.definition);
  const stage = model.definition.stages.find((s) => s.key === stageKey);
  if (!stage || stage.kind === 'disposed') {
    throw new AppError('VALIDATION_FAILED', `"${stageKey}" is not a stage an asset of this type can be registered in`, {
      errors: [{ field: 'stage', code: 'STAGE_NOT_ALLOWED', message: `Use one of: ${model.definition.stages.filter((s) => s.kind !== 'disposed').map((s) => s.key).join(', ')}` }],
    });
  }
  if (input.assignedPersonId && stage.kind !== 'in_use') {
    throw new AppError('VALIDATION_FAILED', 'Only an asset registered in an in-use stage can have an assignee', {
      errors: [{ field: 'assignedPersonId', code: 'ASSIGNEE_REQUIRES_IN_USE_STAGE', message: 'Register it in an in-use stage, or assign it afterwards' }],
    });
  }
  const id = newId();
  const tag = input.tag ?? (await nextTag(tx, type.id, type.tagPattern));
  const draft: AssetDraft = {
    tag, name: input.name, modelId: input.modelId ?? null, serial: input.serial ?? null, ownerOrgUnitId: input.ownerOrgUnitId ?? null,
    custodianId: input.custodianId ?? null, locationId: input.locationId ?? null, purchaseDate: input.purchaseDate ?? null,
    purchaseCostMinor: input.purchaseCostMinor ?? null, purchaseCurrency: input.purchaseCurrency ?? null, supplierId: input.supplierId ?? null,
    orderReference: input.orderReference ?? null, invoiceReference: input.invoiceReference ?? null, warrantyEnd: input.warrantyEnd ?? null,
    eolDate: input.eolDate ?? null, services: input.services ?? [], notes: input.notes ?? null, attributes: input.attributes ?? {},
    lastVerifiedOn: input.lastVerifiedOn ?? null, assignedPersonId: input.assignedPersonId ?? null, expectedReturnDate: input.expectedReturnDate ?? null,
  };
  assertNoCiphertext(draft.attributes);
  assertVerifiedOn(draft.lastVerifiedOn, ctx.now());
  // An expected return date belongs to an assignment. One already passed is kept: a loan registered late is overdue.
  const returnProblem = expectedReturnProblem(draft.expectedReturnDate, draft.assignedPersonId, null);
  if (returnProblem) throw new AppError('VALIDATION_FAILED', returnProblem.message, { errors: [{ field: 'expectedReturnDate', ...returnProblem }] });
  const p = await prepareAsset(tx, draft, type.attributeSchema, id, type.id, undefined, { scope: ctx.access.scope });
  // Assets are assigned to active people only, however they are registered (as transitions and imports refuse it).
  if (draft.assignedPersonId) {
    const person = await tx.selectFrom('people').select('active').where('id', '=', draft.assignedPersonId).executeTakeFirstOrThrow();
    if (!readBool(person.active)) {
      throw new AppError('VALIDATION_FAILED', 'Assets are assigned to active people only', { errors: [{ field: 'assignedPersonId', code: 'PERSON_INACTIVE', message: 'This person is inactive' }] });
    }
  }
  await tx.insertInto('assets').values({
    id, tag, tag_key: p.tag_key, name: draft.name, asset_type_id: type.id, lifecycle_model_id: model.id, model_id: draft.modelId, manufacturer_id: p.manufacturerId,
    serial: draft.serial, serial_key: p.serial_key, serial_scope: p.serial_scope, stage: stage.key, owner_org_unit_id: draft.ownerOrgUnitId,
    custodian_id: draft.custodianId, assigned_person_id: draft.assignedPersonId, expected_return_date: draft.expectedReturnDate, location_id: draft.locationId,
    purchase_date: draft.purchaseDate, purchase_cost_minor: draft.purchaseCostMinor, purchase_currency: draft.purchaseCurrency, supplier_id: draft.supplierId,
    order_reference: draft.orderReference, invoice_reference: draft.invoiceReference, warranty_end: draft.warrantyEnd, eol_date: p.eolDate, eol_from_model: !draft.eolDate && p.eolDate ? 1 : 0,
    services: writeJson(draft.services), notes: draft.notes, attributes: writeJson(sealAttributes(ctx.database.cipher, type.attributeSchema, p.attributes)), last_verified_on: draft.lastVerifiedOn,
    version: 1, created_at: now, updated_at: now,
  }).execute();
  await replaceUniqueValues(tx, id, p.uniqueValues);
  if (draft.assignedPersonId) {
    await tx.insertInto('assignments').values({
      id: newId(), asset_id: id, person_id: draft.assignedPersonId, started_on: localDateOf(ctx, now), expected_return_date: draft.expectedReturnDate,
      ended_on: null, operator: ctx.actor, created_at: now,
    }).execute();
  }
  const asset = presentAsset(await loadAssetRow(tx, id, SCOPE_ALL));
  const { version: _v, createdAt: _c, updatedAt: _u, ...content } = asset;
  return { asset, events: [{ entityType: 'asset', entityId: id, action: ctx.source === 'import' ? 'import' : 'create', changes: diffRecords(null, content) }] };
}

export async function createAsset(ctx: Context, input: AssetCreate, reason?: string): Promise<Asset> {
  return runChange(ctx, reason, async (tx, now) => {
    const { asset, events } = await insertAsset(ctx, tx, input, now);
    return { result: revealAsset(ctx, asset), events };
  });
}
