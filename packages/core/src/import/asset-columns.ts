/**
 * Canonical asset import columns and the header spellings accepted for each (our API names, Snipe-IT's
 * sample headers and common variants). Custom attributes are `attr.<key>`, also matched by key or label.
 */
export const ASSET_IMPORT_COLUMNS: Record<string, string[]> = {
  tag: ['asset tag', 'asset_tag', 'tag', 'asset id', 'assettag'],
  name: ['name', 'asset name', 'item name', 'item_name', 'title'],
  type: ['type', 'asset type', 'asset_type', 'category', 'assettypeid'],
  model: ['model', 'model name', 'asset_model', 'asset model'],
  model_number: ['model number', 'model_number', 'model no'],
  manufacturer: ['manufacturer', 'make', 'vendor brand'],
  serial: ['serial', 'serial number', 'serial no', 'serial no.', 'serialnumber', 'serial_number'],
  stage: ['stage', 'status', 'state', 'lifecycle stage'],
  location: ['location', 'location code', 'site'],
  owner: ['owner', 'owner org unit', 'org unit', 'department', 'company', 'cost center', 'funded by'],
  custodian: ['custodian', 'custodian email'],
  assigned_to: ['assigned to', 'assignee', 'checked out to', 'checked out to: email', 'assigned email', 'user email'],
  expected_return_date: ['expected return', 'expected return date', 'expected_checkin', 'expected checkin'],
  purchase_date: ['purchase date', 'purchase_date', 'purchased', 'acquisition date'],
  purchase_cost: ['purchase cost', 'purchase_cost', 'cost', 'price'],
  currency: ['currency', 'purchase currency'],
  supplier: ['supplier', 'vendor', 'reseller'],
  order_reference: ['order number', 'order_number', 'order reference', 'purchase order', 'po'],
  invoice_reference: ['invoice', 'invoice number', 'invoice reference'],
  warranty_end: ['warranty end', 'warranty expires', 'warranty_end', 'warranty end date'],
  eol_date: ['eol', 'eol date', 'end of life', 'asset eol date', 'asset_eol_date'],
  services: ['services', 'supports services', 'business services'],
  notes: ['notes', 'asset notes', 'asset_notes', 'comments'],
  last_verified_on: ['last verified', 'last verified on', 'last audit', 'last_audit_date', 'last audit date'],
};

export const ATTRIBUTE_PREFIX = 'attr.';

/** Aliases for every attribute key of the known types, so a file may use `attr.ram_gb`, `ram_gb` or `Memory (GB)`. */
export function attributeAliases(schemas: { key: string; label: string }[][]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const builtins = new Set(Object.values(ASSET_IMPORT_COLUMNS).flat().concat(Object.keys(ASSET_IMPORT_COLUMNS)).map((s) => s.toLowerCase()));
  for (const schema of schemas) {
    for (const f of schema) {
      const key = `${ATTRIBUTE_PREFIX}${f.key}`;
      const names = new Set(out[key] ?? [`attributes.${f.key}`]);
      for (const n of [f.key, f.label]) if (!builtins.has(n.toLowerCase())) names.add(n);
      out[key] = [...names];
    }
  }
  return out;
}
