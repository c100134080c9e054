import type { Asset } from '@custodia/contracts';
import { readJson, type Row, type Tables } from '@custodia/data';

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function presentAsset(r: Row<'assets'>): Asset {
  return {
    id: r.id, tag: r.tag, name: r.name, assetTypeId: r.asset_type_id, lifecycleModelId: r.lifecycle_model_id, modelId: r.model_id, manufacturerId: r.manufacturer_id,
    serial: r.serial, stage: r.stage, ownerOrgUnitId: r.owner_org_unit_id, custodianId: r.custodian_id, assignedPersonId: r.assigned_person_id,
    expectedReturnDate: r.expected_return_date, locationId: r.location_id, purchaseDate: r.purchase_date, purchaseCostMinor: n(r.purchase_cost_minor),
    purchaseCurrency: r.purchase_currency, supplierId: r.supplier_id, orderReference: r.order_reference, invoiceReference: r.invoice_reference,
    warrantyEnd: r.warranty_end, eolDate: r.eol_date, services: readJson(r.services, []), notes: r.notes, attributes: readJson(r.attributes, {}),
    lastVerifiedOn: r.last_verified_on, version: Number(r.version), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** API field → column, for the fields an editor may set directly. */
export const ASSET_COLUMNS = {
  tag: 'tag', name: 'name', modelId: 'model_id', serial: 'serial', ownerOrgUnitId: 'owner_org_unit_id', custodianId: 'custodian_id', locationId: 'location_id',
  purchaseDate: 'purchase_date', purchaseCostMinor: 'purchase_cost_minor', purchaseCurrency: 'purchase_currency', supplierId: 'supplier_id',
  orderReference: 'order_reference', invoiceReference: 'invoice_reference', warrantyEnd: 'warranty_end', eolDate: 'eol_date', services: 'services',
  notes: 'notes', attributes: 'attributes', lastVerifiedOn: 'last_verified_on', assignedPersonId: 'assigned_person_id', expectedReturnDate: 'expected_return_date',
  stage: 'stage',
} as const satisfies Record<string, keyof Tables['assets']>;
