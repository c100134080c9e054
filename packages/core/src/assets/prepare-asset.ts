import { AppError, type FieldError } from '@custodia/contracts';
import { type FieldDefinition, catalogueEolDate, serialKey, tagKey, todayAnywhere, uniqueValueKey, validateAttributeEdit, validateAttributes, verifiedOnProblem } from '@custodia/domain';
import { type Tables, storedClaimKey } from '@custodia/data';
import type { Scope } from '@custodia/domain';
import type { Tx } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';

export type AssetDraft = {
  tag: string; name: string; modelId: string | null; serial: string | null; ownerOrgUnitId: string | null; custodianId: string | null;
  locationId: string | null; purchaseDate: string | null; purchaseCostMinor: number | null; purchaseCurrency: string | null; supplierId: string | null;
  orderReference: string | null; invoiceReference: string | null; warrantyEnd: string | null; eolDate: string | null; services: string[];
  notes: string | null; attributes: Record<string, unknown>; lastVerifiedOn: string | null; assignedPersonId: string | null; expectedReturnDate: string | null;
};

/**
 * The scope people and assets a record names must lie in (the writer's), and the ids the record already held, which
 * stay whatever the writer's scope: an edit of an asset's name does not fail on its custodian from another country.
 */
export interface ReferenceScope { scope: Scope; held?: ReadonlySet<string> }

/** An edit's attributes: what is stored (decrypted) and what the edit sends; checked by `validateAttributeEdit`. */
export interface AttributeEdit { stored: Record<string, unknown>; patch: Record<string, unknown> }

/**
 * Validates a complete asset record against its type and the register: typed attributes, cost with currency,
 * references that exist, tag and serial uniqueness. Returns the derived columns (keys, manufacturer, end of life).
 */
export async function prepareAsset(tx: Tx, draft: AssetDraft, schema: FieldDefinition[], assetId: string, assetTypeId: string, edit?: AttributeEdit, refScope?: ReferenceScope) {
  const errors: FieldError[] = [];
  const attrs = edit ? validateAttributeEdit(schema, edit.stored, edit.patch) : validateAttributes(schema, draft.attributes);
  if (!attrs.ok) errors.push(...attrs.violations.map((v) => ({ code: v.code, message: v.message, ...(v.field ? { field: v.field } : {}) })));
  if ((draft.purchaseCostMinor === null) !== (draft.purchaseCurrency === null)) {
    errors.push({ field: 'purchaseCurrency', code: 'MONEY_NEEDS_CURRENCY', message: 'A purchase cost needs a currency, and a currency needs a cost' });
  }
  if (errors.length) throw new AppError('VALIDATION_FAILED', errors[0]!.message, { errors });
  const values = attrs.ok ? attrs.value.values : {};
  const refs = attrs.ok ? attrs.value.references : [];
  const table = { person: 'people', location: 'locations', asset: 'assets' } as const;
  const scoped = (id: string | null) => !id || !refScope?.held?.has(id);
  await assertReferences(tx, [
    { field: 'modelId', table: 'catalogue_models', id: draft.modelId },
    { field: 'ownerOrgUnitId', table: 'org_units', id: draft.ownerOrgUnitId },
    { field: 'custodianId', table: 'people', id: draft.custodianId, scoped: scoped(draft.custodianId) },
    { field: 'assignedPersonId', table: 'people', id: draft.assignedPersonId, scoped: scoped(draft.assignedPersonId) },
    { field: 'locationId', table: 'locations', id: draft.locationId },
    { field: 'supplierId', table: 'suppliers', id: draft.supplierId },
    ...refs.map((r) => ({ field: `attributes.${r.field}`, table: table[r.kind], id: r.id, scoped: scoped(r.id) })),
  ], refScope?.scope);

  let manufacturerId: string | null = null;
  let eolDate = draft.eolDate;
  if (draft.modelId) {
    const model = await tx.selectFrom('catalogue_models').select(['manufacturer_id', 'asset_type_id', 'eol_date', 'eol_months']).where('id', '=', draft.modelId).executeTakeFirstOrThrow();
    if (model.asset_type_id !== assetTypeId) {
      throw new AppError('VALIDATION_FAILED', 'The model belongs to another asset type', { errors: [{ field: 'modelId', code: 'MODEL_TYPE_MISMATCH', message: 'The model belongs to another asset type' }] });
    }
    manufacturerId = model.manufacturer_id;
    // End of life comes from the catalogue unless the asset states its own: a fixed date, or months after purchase.
    if (!eolDate) eolDate = catalogueEolDate(modelEol(model), draft.purchaseDate);
  }

  const tag_key = tagKey(draft.tag);
  const serial_key = draft.serial ? serialKey(draft.serial) : null;
  const serial_scope = manufacturerId ?? '-';
  const clash = await tx.selectFrom('assets').select(['id', 'tag_key', 'serial_key'])
    .where('id', '!=', assetId)
    .where((eb) => eb.or([eb('tag_key', '=', tag_key), ...(serial_key ? [eb.and([eb('serial_scope', '=', serial_scope), eb('serial_key', '=', serial_key)])] : [])]))
    .limit(2).execute();
  if (clash.some((c) => c.tag_key === tag_key)) throw new AppError('ASSET_TAG_TAKEN', `Asset tag ${draft.tag} is already in use`, { errors: [{ field: 'tag', code: 'ASSET_TAG_TAKEN', message: 'Already in use' }] });
  if (clash.length) throw new AppError('ASSET_SERIAL_TAKEN', `Serial ${draft.serial} is already registered for this manufacturer`, { errors: [{ field: 'serial', code: 'ASSET_SERIAL_TAKEN', message: 'Already registered' }] });

  const uniqueValues = schema
    .filter((f) => f.unique && values[f.key] !== undefined)
    .map((f) => ({ asset_type_id: assetTypeId, field_key: f.key, value_key: storedClaimKey(uniqueValueKey(values[f.key])), asset_id: assetId }));
  for (const u of uniqueValues) {
    const other = await tx.selectFrom('asset_unique_values').select('asset_id').where('asset_type_id', '=', u.asset_type_id).where('field_key', '=', u.field_key)
      .where('value_key', '=', u.value_key).where('asset_id', '!=', assetId).executeTakeFirst();
    if (other) throw new AppError('UNIQUE_VIOLATION', `Another asset already has this ${u.field_key}`, { errors: [{ field: `attributes.${u.field_key}`, code: 'ATTRIBUTE_NOT_UNIQUE', message: 'Already used by another asset' }] });
  }
  return { attributes: values, tag_key, serial_key, serial_scope, manufacturerId, eolDate, uniqueValues };
}

/** Refuses a last-verified date later than today anywhere (422 DATE_IN_FUTURE on `lastVerifiedOn`). */
export function assertVerifiedOn(lastVerifiedOn: string | null, now: Date): void {
  const problem = verifiedOnProblem(lastVerifiedOn, todayAnywhere(now).latest);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { errors: [{ field: 'lastVerifiedOn', code: 'DATE_IN_FUTURE', message: problem }] });
}

const modelEol = (m: { eol_date: string | null; eol_months: number | bigint | string | null }) => ({ eolDate: m.eol_date, eolMonths: m.eol_months === null ? null : Number(m.eol_months) });

/** The end of life the catalogue gives an asset of `modelId` bought on `purchaseDate`: a fixed date, or months after purchase. */
export async function catalogueEol(tx: Tx, modelId: string | null, purchaseDate: string | null): Promise<string | null> {
  if (!modelId) return null;
  const model = await tx.selectFrom('catalogue_models').select(['eol_date', 'eol_months']).where('id', '=', modelId).executeTakeFirst();
  return model ? catalogueEolDate(modelEol(model), purchaseDate) : null;
}

export async function replaceUniqueValues(tx: Tx, assetId: string, rows: Tables['asset_unique_values'][]): Promise<void> {
  await tx.deleteFrom('asset_unique_values').where('asset_id', '=', assetId).execute();
  if (rows.length) await tx.insertInto('asset_unique_values').values(rows).execute();
}
