import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../attributes/field-types.js';
import { COPIED_ASSET_FIELDS, assetTemplate } from './asset-template.js';

const schema: FieldDefinition[] = [
  { key: 'cpu', label: 'CPU', type: 'text' },
  { key: 'ram_gb', label: 'RAM', type: 'integer' },
  { key: 'hostname', label: 'Host name', type: 'text', unique: true },
  { key: 'licence_key', label: 'Licence key', type: 'text', sensitive: true },
  { key: 'docking_station', label: 'Dock', type: 'asset_ref' },
  { key: 'encrypted', label: 'Encrypted', type: 'boolean' },
  { key: 'mac_address', label: 'MAC', type: 'mac' },
  { key: 'ip_address', label: 'IP', type: 'ip' },
];

const laptop = {
  id: 'a1', tag: 'LAP-000123', serial: 'PF3XK2', stage: 'in_use', assignedPersonId: 'p9', expectedReturnDate: '2027-01-31', notes: 'Scratched lid', lastVerifiedOn: '2026-11-01',
  assetTypeId: 't-laptop', name: 'ThinkPad T14 Gen 5', modelId: 'm1', ownerOrgUnitId: 'ou1', custodianId: 'p2', locationId: 'l1',
  purchaseDate: '2026-10-02', purchaseCostMinor: 134900, purchaseCurrency: 'EUR', supplierId: 's1', orderReference: 'PO-4711', invoiceReference: 'INV-88',
  warrantyEnd: '2029-10-01', eolDate: null, services: [],
  attributes: { cpu: 'Ultra 7 155U', ram_gb: 32, hostname: 'LT-0123', licence_key: '••••', docking_station: 'a7', encrypted: false, mac_address: '3c:22:fb:01:02:03', ip_address: '10.1.2.3', retired_field: 'x' },
};

describe('assetTemplate: registering another asset like this one', () => {
  it('copies what a batch from one order shares, and only fields that hold a value', () => {
    const t = assetTemplate(laptop, schema);
    expect(t.assetTypeId).toBe('t-laptop');
    expect(t.name).toBe('ThinkPad T14 Gen 5');
    expect(t.fields).toEqual({
      modelId: 'm1', ownerOrgUnitId: 'ou1', custodianId: 'p2', locationId: 'l1', purchaseDate: '2026-10-02', purchaseCostMinor: 134900, purchaseCurrency: 'EUR',
      supplierId: 's1', orderReference: 'PO-4711', invoiceReference: 'INV-88', warrantyEnd: '2029-10-01',
    });
  });

  it('never copies what identifies one asset: tag, serial, stage, assignment, notes, last verification', () => {
    const t = assetTemplate(laptop, schema);
    const copied = { ...t.fields, ...t.attributes } as Record<string, unknown>;
    for (const own of ['tag', 'serial', 'stage', 'assignedPersonId', 'expectedReturnDate', 'notes', 'lastVerifiedOn', 'id']) expect(copied, own).not.toHaveProperty(own);
    expect(COPIED_ASSET_FIELDS).not.toContain('serial');
  });

  it('leaves out unique, secret, network-address and asset-reference attributes, and those no longer in the schema; false is a value', () => {
    const t = assetTemplate(laptop, schema);
    expect(t.attributes).toEqual({ cpu: 'Ultra 7 155U', ram_gb: 32, encrypted: false });
    expect(t.omittedAttributes).toEqual(['hostname', 'licence_key', 'docking_station', 'mac_address', 'ip_address']);
  });

  it('copies services only when there are some', () => {
    expect(assetTemplate({ ...laptop, services: ['Payroll'] }, schema).fields.services).toEqual(['Payroll']);
  });
});
