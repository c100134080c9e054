import type { FieldDefinition } from '../attributes/field-types.js';

/** The fields of an asset that registering "another like it" copies: what a batch from one order has in common. */
export const COPIED_ASSET_FIELDS = [
  'modelId', 'ownerOrgUnitId', 'custodianId', 'locationId', 'purchaseDate', 'purchaseCostMinor', 'purchaseCurrency', 'supplierId',
  'orderReference', 'invoiceReference', 'warrantyEnd', 'eolDate', 'services',
] as const;
export type CopiedAssetField = (typeof COPIED_ASSET_FIELDS)[number];

/** Attribute types whose value belongs to one asset whatever the schema says. */
const OWN_VALUE_TYPES: readonly string[] = ['mac', 'ip', 'asset_ref'];

export type AssetTemplateSource = { [K in CopiedAssetField]: unknown } & { assetTypeId: string; name: string; attributes: Record<string, unknown> };

export interface AssetTemplate {
  assetTypeId: string;
  name: string;
  /** Only the fields that hold a value. */
  fields: Partial<Record<CopiedAssetField, unknown>>;
  attributes: Record<string, unknown>;
  /** Attributes left out because each asset has its own (unique, secret, or pointing at one asset). */
  omittedAttributes: string[];
}

/**
 * What a new asset registered "like" `source` starts with. Never copied: the tag and serial (each asset's own), the
 * stage and assignment (a new asset starts in stock), notes, the last verification, and attributes that identify one
 * asset (unique ones such as an IMEI, network addresses: MAC and IP), secret ones (a licence key), or that point at
 * another asset.
 */
export function assetTemplate(source: AssetTemplateSource, schema: readonly FieldDefinition[]): AssetTemplate {
  const fields: Partial<Record<CopiedAssetField, unknown>> = {};
  for (const key of COPIED_ASSET_FIELDS) {
    const value = source[key];
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) fields[key] = value;
  }
  const attributes: Record<string, unknown> = {};
  const omittedAttributes: string[] = [];
  for (const field of schema) {
    const value = source.attributes[field.key];
    if (value === null || value === undefined || value === '') continue;
    if (field.unique || field.sensitive || OWN_VALUE_TYPES.includes(field.type)) omittedAttributes.push(field.key);
    else attributes[field.key] = value;
  }
  return { assetTypeId: source.assetTypeId, name: source.name, fields, attributes, omittedAttributes };
}
