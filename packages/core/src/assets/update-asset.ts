import { SCOPE_ALL } from '@custodia/domain';
import { assertUnitInScope } from '../shared/scope-sql.js';
import type { Asset, AssetUpdate } from '@custodia/contracts';
import { diffRecords, mergeAttributes } from '@custodia/domain';
import { type EventInput, readBool, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, assertVersion, runChange, versionConflict } from '../shared/change.js';
import { loadAssetType } from '../lifecycle/asset-types.js';
import { type AssetDraft, assertVerifiedOn, prepareAsset, replaceUniqueValues } from './prepare-asset.js';
import { presentAsset } from './present-asset.js';
import { loadAssetRow } from './load-asset.js';
import { assertNoCiphertext, keepHidden, openAttributes, revealAsset, sealAttributes } from './sensitive.js';

const audited = (a: Asset) => {
  const { version: _v, createdAt: _c, updatedAt: _u, ...rest } = a;
  return rest;
};

/**
 * Applies an edit to an asset inside a transaction. Absent fields stay as they are; `null` clears a field. Attributes
 * merge the same way, key by key (`mergeAttributes`): naming some never erases the others, and attributes the edit
 * does not name never block it, even where the type changed since (`validateAttributeEdit`).
 */
export async function applyAssetUpdate(ctx: Context, tx: Tx, id: string, expectedVersion: number, patch: AssetUpdate, now: string): Promise<{ asset: Asset; events: EventInput[] }> {
  const scope = ctx.access.scope;
  const row = await loadAssetRow(tx, id, scope);
  if (patch.attributes) assertNoCiphertext(patch.attributes);
  assertVersion('asset', Number(row.version), expectedVersion);
  const before = presentAsset(row);
  const type = await loadAssetType(tx, row.asset_type_id, 'key share');
  // Attributes as an edit: the stored ones (decrypted) and what the patch names (a placeholder sent back for a value
  // hidden from the caller stands for the stored value).
  const edit = {
    stored: openAttributes(ctx.database.cipher, before.attributes, type.attributeSchema),
    patch: patch.attributes ? openAttributes(ctx.database.cipher, keepHidden(ctx, type.attributeSchema, patch.attributes, before.attributes)) : {},
  };
  const pick = <K extends keyof AssetDraft>(k: K, fallback: AssetDraft[K]): AssetDraft[K] =>
    (k in patch ? ((patch as Record<string, unknown>)[k] ?? null) : fallback) as AssetDraft[K];
  const draft: AssetDraft = {
    tag: patch.tag ?? before.tag, name: patch.name ?? before.name, modelId: pick('modelId', before.modelId), serial: pick('serial', before.serial),
    ownerOrgUnitId: pick('ownerOrgUnitId', before.ownerOrgUnitId), custodianId: pick('custodianId', before.custodianId), locationId: pick('locationId', before.locationId),
    purchaseDate: pick('purchaseDate', before.purchaseDate), purchaseCostMinor: pick('purchaseCostMinor', before.purchaseCostMinor),
    purchaseCurrency: pick('purchaseCurrency', before.purchaseCurrency), supplierId: pick('supplierId', before.supplierId),
    orderReference: pick('orderReference', before.orderReference), invoiceReference: pick('invoiceReference', before.invoiceReference),
    warrantyEnd: pick('warrantyEnd', before.warrantyEnd), eolDate: pick('eolDate', before.eolDate), services: pick('services', before.services) ?? [],
    notes: pick('notes', before.notes), attributes: mergeAttributes(edit.stored, edit.patch), lastVerifiedOn: pick('lastVerifiedOn', before.lastVerifiedOn),
    assignedPersonId: before.assignedPersonId, expectedReturnDate: before.expectedReturnDate,
  };
  // An end of life the catalogue gave (recorded when it did: a catalogue changed since does not make it look typed)
  // follows a new model or purchase date, derived again below from the catalogue as it is now; one set for this asset
  // by hand stays, unless the edit names it.
  if (!('eolDate' in patch) && (draft.modelId !== before.modelId || draft.purchaseDate !== before.purchaseDate)
    && (before.eolDate === null || readBool(row.eol_from_model))) draft.eolDate = null;
  if (draft.lastVerifiedOn !== before.lastVerifiedOn) assertVerifiedOn(draft.lastVerifiedOn, ctx.now());
  if (draft.ownerOrgUnitId !== before.ownerOrgUnitId) await assertUnitInScope(tx, 'ownerOrgUnitId', draft.ownerOrgUnitId, scope);
  // Checked as an edit: what it names fully, the values it leaves alone as they are stored (see validateAttributeEdit).
  const held = new Set([before.custodianId, before.assignedPersonId, ...Object.values(edit.stored)].filter((v): v is string => typeof v === 'string'));
  const p = await prepareAsset(tx, draft, type.attributeSchema, id, type.id, edit, { scope, held });
  // Derived now (no date given), kept as it was (the edit leaves the date alone), or set by hand (the edit names it).
  const eolFromModel = draft.eolDate === null ? (p.eolDate ? 1 : 0) : 'eolDate' in patch ? 0 : readBool(row.eol_from_model) ? 1 : 0;
  const values = {
    tag: draft.tag, tag_key: p.tag_key, name: draft.name, model_id: draft.modelId, manufacturer_id: p.manufacturerId, serial: draft.serial, serial_key: p.serial_key,
    serial_scope: p.serial_scope, owner_org_unit_id: draft.ownerOrgUnitId, custodian_id: draft.custodianId, location_id: draft.locationId,
    purchase_date: draft.purchaseDate, purchase_cost_minor: draft.purchaseCostMinor, purchase_currency: draft.purchaseCurrency, supplier_id: draft.supplierId,
    order_reference: draft.orderReference, invoice_reference: draft.invoiceReference, warranty_end: draft.warrantyEnd, eol_date: p.eolDate, eol_from_model: eolFromModel,
    services: writeJson(draft.services), notes: draft.notes, attributes: writeJson(sealAttributes(ctx.database.cipher, type.attributeSchema, p.attributes, before.attributes)), last_verified_on: draft.lastVerifiedOn,
  };
  // An edit that changes nothing writes nothing: no new version (the client's ETag stays valid), no history event.
  if (Object.keys(diffRecords(audited(before), audited(presentAsset({ ...row, ...values })))).length === 0) return { asset: before, events: [] };
  const r = await tx.updateTable('assets').set({ ...values, version: expectedVersion + 1, updated_at: now })
    .where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) await versionConflict(tx, 'assets', 'asset', id, expectedVersion);
  await replaceUniqueValues(tx, id, p.uniqueValues);
  const asset = presentAsset(await loadAssetRow(tx, id, SCOPE_ALL));
  const changes = diffRecords(audited(before), audited(asset));
  return { asset, events: Object.keys(changes).length ? [{ entityType: 'asset', entityId: id, action: 'update', changes }] : [] };
}

export async function updateAsset(ctx: Context, id: string, expectedVersion: number, patch: AssetUpdate, reason?: string): Promise<Asset> {
  return runChange(ctx, reason, async (tx, now) => {
    const { asset, events } = await applyAssetUpdate(ctx, tx, id, expectedVersion, patch, now);
    return { result: revealAsset(ctx, asset), events };
  });
}

export { audited as auditedAsset };
