import { describe, expect, it } from 'vitest';
import type { AssetType, FieldDefinition, HistoryEvent, LifecycleModel } from './api';
import { assetHistoryRows, assetTypeHistoryRows, enumLabel, grantText, humanise, namedIds, optionLabel, plainHistoryRows, referenceHistoryRows, referencedIds } from './history-rows';
import { RESOURCES } from './reference';
import { displayMinorAmount } from './money';
import { calendarDate, dateTime } from './dates';

const laptop: AssetType = {
  id: 'type-laptop', key: 'laptop', name: 'Laptop', category: 'hardware', lifecycleModelId: 'model-hw', tagPattern: 'LAP-{seq:6}', version: 1,
  attributeSchema: [
    { key: 'ram_gb', label: 'Memory (GB)', type: 'integer' },
    { key: 'encrypted', label: 'Disk encrypted', type: 'boolean' },
    { key: 'backup_of', label: 'Backup of', type: 'asset_ref' },
    { key: 'monthly_fee', label: 'Monthly fee', type: 'money' },
  ],
} as AssetType;
const hardware: LifecycleModel = {
  id: 'model-hw', key: 'hardware', version: 3, name: 'Hardware',
  definition: {
    stages: [{ key: 'in_use', name: 'Assigned / in use' }, { key: 'in_stock', name: 'In stock' }] as LifecycleModel['definition']['stages'],
    transitions: [{ key: 'check_in', name: 'Check in to stock', from: ['in_use'], to: 'in_stock', fields: [
      { key: 'returned_on', label: 'Return date', type: 'date' }, { key: 'condition', label: 'Condition', type: 'enum', options: ['good', 'damaged'] },
      { key: 'received_by', label: 'Received by', type: 'person_ref' },
    ] }],
  },
};
const event = (changes: HistoryEvent['changes']): HistoryEvent => ({ seq: 1, action: 'update', actor: 'alice', source: 'api', reason: null, occurredAt: '2026-11-30T09:00:00Z', changes });
const names = new Map([['person-1', 'Zoë Müller'], ['room-1', 'Berlin › HQ › Room 4.12'], ['asset-2', 'LAP-000002 · Spare laptop']]);
const lookups = { types: [laptop], models: [hardware], names, assetTypeId: 'type-laptop', currency: 'EUR' };

describe('asset history as people read it', () => {
  it('labels fields, shows names instead of ids, and leaves the record id out', () => {
    const rows = assetHistoryRows(event({
      id: { before: null, after: 'asset-1' }, assetTypeId: { before: null, after: 'type-laptop' }, lifecycleModelId: { before: null, after: 'model-hw' },
      assignedPersonId: { before: null, after: 'person-1' }, locationId: { before: 'room-unknown', after: 'room-1' }, stage: { before: null, after: 'in_use' },
      services: { before: [], after: ['Payroll', 'E-mail'] }, notes: { before: null, after: '' },
    }), lookups);
    // In the register's order (the lifecycle first), not the stored alphabetical one; a field empty on both sides is left out.
    expect(rows.map((r) => [r.label, r.before, r.after])).toEqual([
      ['Stage', '—', 'Assigned / in use'],
      ['Type', '—', 'Laptop'],
      ['Assigned to', '—', 'Zoë Müller'],
      // An id whose name is not known (not visible to this person) stays as it is rather than vanishing.
      ['Location', 'room-unknown', 'Berlin › HQ › Room 4.12'],
      ['Services supported', '—', 'Payroll, E-mail'],
      ['Lifecycle model', '—', 'Hardware (version 3)'],
    ]);
  });

  it('shows each attribute that changed on its own line, with its label and typed value, and skips the unchanged ones', () => {
    const rows = assetHistoryRows(event({ attributes: { before: { ram_gb: 16, encrypted: false, backup_of: null }, after: { ram_gb: 32, encrypted: true, backup_of: 'asset-2' } } }), lookups);
    expect(rows.map((r) => [r.key, r.label, r.before, r.after])).toEqual([
      ['attributes.ram_gb', 'Memory (GB)', '16', '32'],
      ['attributes.encrypted', 'Disk encrypted', 'No', 'Yes'],
      ['attributes.backup_of', 'Backup of', '—', 'LAP-000002 · Spare laptop'],
    ]);
    expect(assetHistoryRows(event({ attributes: { before: { ram_gb: 16, cpu: 'i5' }, after: { ram_gb: 16 } } }), lookups).map((r) => [r.label, r.before, r.after]))
      .toEqual([['Cpu', 'i5', '—']]);
  });

  it('names the transition and labels its evidence from the lifecycle model', () => {
    const rows = assetHistoryRows(event({
      transition: { before: null, after: 'check_in' }, stage: { before: 'in_use', after: 'in_stock' },
      evidence: { before: null, after: { returned_on: '2026-11-30', condition: 'good', received_by: 'person-1' } },
    }), lookups);
    expect(rows.map((r) => [r.label, r.after])).toEqual([
      ['Transition', 'Check in to stock'], ['Stage', 'In stock'],
      ['Evidence: Return date', calendarDate('2026-11-30')], ['Evidence: Condition', 'Good'], ['Evidence: Received by', 'Zoë Müller'],
    ]);
  });

  it('a hand-over says whether the holder was told the usage policies, after the evidence', () => {
    const handOver = (told: boolean) => assetHistoryRows(event({
      policiesAcknowledged: { before: null, after: told }, transition: { before: null, after: 'check_in' }, evidence: { before: null, after: { condition: 'good' } },
    }), lookups).map((r) => [r.label, r.after]);
    expect(handOver(true)).toEqual([['Transition', 'Check in to stock'], ['Evidence: Condition', 'Good'], ['Told the usage policies', 'Yes']]);
    expect(handOver(false).at(-1)).toEqual(['Told the usage policies', 'No']);
  });

  it('a coverage added or removed names the other asset by tag, its days and its note', () => {
    const covered = assetHistoryRows({ ...event({ coveredBy: { before: null, after: { contractId: 'c-1', tag: 'SC-0001', startsOn: '2026-01-01', endsOn: null, note: 'Call 4711' } } }), action: 'cover' }, lookups);
    expect(covered.map((r) => [r.label, r.before, r.after])).toEqual([['Covered by', '—', `SC-0001, ${calendarDate('2026-01-01')} – no end · “Call 4711”`]]);
    const removed = assetHistoryRows({ ...event({ covers: { before: { assetId: 'a-1', tag: 'LAP-000001', startsOn: null, endsOn: '2030-12-31', note: null }, after: null } }), action: 'uncover' }, lookups);
    expect(removed.map((r) => [r.label, r.before, r.after])).toEqual([['Covers', `LAP-000001, open – ${calendarDate('2030-12-31')}`, '—']]);
  });

  it('reads a transition\'s evidence from the asset\'s own model when another model has a transition of the same key', () => {
    const decommission = (fields: FieldDefinition[]) => ({ key: 'decommission', name: 'Decommission', from: ['in_use'], to: 'retired', fields });
    const cloud: LifecycleModel = { id: 'model-cloud', key: 'cloud', version: 1, name: 'Cloud', definition: { stages: [], transitions: [decommission([{ key: 'data_handling', label: 'Data handling', type: 'enum', options: ['deleted_per_policy'] }])] } } as unknown as LifecycleModel;
    const hw = { ...hardware, definition: { ...hardware.definition, transitions: [decommission([{ key: 'decommission_decision', label: 'Decision', type: 'enum', options: ['return_to_stock'] }])] } } as unknown as LifecycleModel;
    const e = event({ transition: { before: null, after: 'decommission' }, evidence: { before: null, after: { decommission_decision: 'return_to_stock' } } });
    expect(assetHistoryRows(e, { ...lookups, models: [cloud, hw], lifecycleModelId: 'model-hw' }).map((r) => [r.label, r.after]))
      .toEqual([['Transition', 'Decommission'], ['Evidence: Decision', 'Return to stock']]);
  });

  it('an IMAC record reads as its action, date, person and place by name, without its id', () => {
    const e = event({ imac: { before: null, after: { id: 'imac-1', action: 'move', performedOn: '2026-11-30', locationId: 'room-1', personId: 'person-1', details: 'Desk 4' } } });
    expect(namedIds([e], [laptop], [hardware])).toMatchObject({ people: ['person-1'], locations: ['room-1'] });
    expect(assetHistoryRows(e, lookups).map((r) => [r.label, r.before, r.after])).toEqual([
      ['IMAC', '—', 'Move'], ['IMAC: performed on', '—', calendarDate('2026-11-30')], ['IMAC: person', '—', 'Zoë Müller'],
      ['IMAC: new location', '—', 'Berlin › HQ › Room 4.12'], ['IMAC: details', '—', 'Desk 4'],
    ]);
  });

  it('shows a money attribute as an amount in its own currency, not its stored form', () => {
    const rows = assetHistoryRows(event({ attributes: { before: { monthly_fee: { amountMinor: 12050, currency: 'EUR' } }, after: { monthly_fee: { amountMinor: 5000, currency: 'JPY' } } } }), lookups);
    expect(rows.map((r) => [r.label, r.before, r.after])).toEqual([['Monthly fee', displayMinorAmount(12050, 'EUR'), displayMinorAmount(5000, 'JPY')]]);
  });

  // Grouped as the reader's locale writes numbers (money.test.ts pins the forms per locale), never the plain stored form.
  it('shows amounts in their currency, grouped for reading: the event\'s own currency, else the asset\'s', () => {
    const jpy = assetHistoryRows(event({ purchaseCostMinor: { before: null, after: 134950 }, purchaseCurrency: { before: null, after: 'JPY' } }), lookups)[0];
    expect(jpy).toMatchObject({ label: 'Purchase cost', after: displayMinorAmount(134950, 'JPY') });
    expect(jpy?.after).not.toBe('134950 JPY');
    expect(assetHistoryRows(event({ purchaseCostMinor: { before: 100000, after: 134950 } }), lookups)[0])
      .toMatchObject({ before: displayMinorAmount(100000, 'EUR'), after: displayMinorAmount(134950, 'EUR') });
  });

  it('collects the ids to look up, by the list their names come from', () => {
    const ids = namedIds([
      event({ assignedPersonId: { before: 'person-2', after: 'person-1' }, supplierId: { before: null, after: 'supplier-1' } }),
      event({ attributes: { before: null, after: { backup_of: 'asset-2' } }, evidence: { before: null, after: { received_by: 'person-3' } } }),
    ], [laptop], [hardware]);
    expect(ids).toMatchObject({ people: ['person-1', 'person-2', 'person-3'], suppliers: ['supplier-1'], assets: ['asset-2'], locations: [] });
  });

  it('other records keep their field names; files show by name and hash', () => {
    expect(plainHistoryRows(event({ file: { before: null, after: { fileName: 'invoice.pdf', sha256: 'ab'.repeat(32) } }, version: { before: 1, after: 2 } }))).toEqual([
      { key: 'file', label: 'File', before: '—', after: 'invoice.pdf (SHA-256 abababababab…)' },
    ]);
    // An attachment re-filed: the file, and what it was said to be before and after.
    const file = { id: 'f1', fileName: 'scan.pdf', sha256: 'cd'.repeat(32) };
    expect(plainHistoryRows(event({ attachment: { before: { ...file, category: 'other', description: null }, after: { ...file, category: 'proof_of_purchase', description: 'PO-4711' } } }))).toEqual([
      { key: 'attachment', label: 'Attachment', before: 'scan.pdf (SHA-256 cdcdcdcdcdcd…) · Other', after: 'scan.pdf (SHA-256 cdcdcdcdcdcd…) · Proof of purchase · “PO-4711”' },
    ]);
    // A device's software change reads as a sentence, not as JSON.
    expect(plainHistoryRows(event({ software: { before: { count: 828 }, after: { count: 829, added: ['zlib1g 1.3'], removed: [], changed: [] } } }))[0]).toEqual({
      key: 'software', label: 'Software', before: 'count: 828', after: 'count: 829; added: zlib1g 1.3; removed: none; changed: none',
    });
    expect(humanise('expectedReturnDate')).toBe('Expected return date');
    expect(humanise('rack_units')).toBe('Rack units');
    expect(['return_to_stock', 'good', 'USB-C', 'IPS panel'].map(optionLabel)).toEqual(['Return to stock', 'Good', 'USB-C', 'IPS panel']);
  });

  it('dates read as on every page: a calendar date as its day, an instant with its time; a text field keeps its text', () => {
    expect(plainHistoryRows(event({ dueOn: { before: '2026-11-30', after: '2026-12-07' }, resolvedAt: { before: null, after: '2026-12-01T16:20:00.000Z' } }))).toEqual([
      { key: 'dueOn', label: 'Due on', before: calendarDate('2026-11-30'), after: calendarDate('2026-12-07') },
      { key: 'resolvedAt', label: 'Resolved at', before: '—', after: dateTime('2026-12-01T16:20:00.000Z') },
    ]);
    const withText = { ...laptop, attributeSchema: [...laptop.attributeSchema, { key: 'batch', label: 'Batch', type: 'text' }, { key: 'bought', label: 'Bought', type: 'date' }] } as AssetType;
    const rows = assetHistoryRows(event({ attributes: { before: {}, after: { batch: '2026-11-30', bought: '2026-11-30' } }, warrantyEnd: { before: null, after: '2029-10-01' } }), { ...lookups, types: [withText] });
    expect(rows.map((r) => [r.label, r.after])).toEqual([['Warranty end', calendarDate('2029-10-01')], ['Batch', '2026-11-30'], ['Bought', calendarDate('2026-11-30')]]);
  });
});

describe('account history as people read it', () => {
  it('a grant reads as the role on its org unit, or on the whole organisation, without its id or key', () => {
    const roles = new Map([['custodian', 'Custodian'], ['auditor', 'Auditor']]);
    const units = new Map([['unit-1', 'Finance DE']]);
    expect(grantText({ id: 'grant-1', role: 'custodian', orgUnitId: null }, roles, units)).toBe('Custodian on the whole organisation');
    expect(grantText({ id: 'grant-2', role: 'auditor', orgUnitId: 'unit-1' }, roles, units)).toBe('Auditor on Finance DE');
    // Names not read (yet) stay as stored rather than vanish.
    expect(grantText({ id: 'grant-3', role: 'custom_role', orgUnitId: 'unit-9' }, roles, units)).toBe('custom_role on unit-9');
  });
});

describe('reference record history as people read it', () => {
  it('a person: the form\'s labels in its order, the org unit and manager by name, yes/no for active', () => {
    const e = event({ active: { before: true, after: false }, managerId: { before: null, after: 'person-1' }, orgUnitId: { before: 'unit-1', after: 'unit-2' }, name: { before: 'Lena', after: 'Lena Leaver' } });
    const fields = RESOURCES.people.fields;
    expect([...referencedIds([e], fields)]).toEqual([['org-units', ['unit-1', 'unit-2']], ['people', ['person-1']]]);
    const names = new Map([['person-1', 'Zoë Müller'], ['unit-2', 'Finance FR']]);
    expect(referenceHistoryRows(e, { fields, names, types: [] }).map((r) => [r.label, r.before, r.after])).toEqual([
      ['Name', 'Lena', 'Lena Leaver'], ['Org unit', 'unit-1', 'Finance FR'], ['Manager', '—', 'Zoë Müller'], ['Active', 'Yes', 'No'],
    ]);
  });

  it('a catalogue model: its asset type by name, its kind of values as the form shows them', () => {
    const e = event({ assetTypeId: { before: null, after: 'type-laptop' }, defaultSpecs: { before: null, after: { ram_gb: 16 } }, id: { before: null, after: 'm-1' } });
    expect(referenceHistoryRows(e, { fields: RESOURCES.models.fields, names: new Map(), types: [laptop] }).map((r) => [r.label, r.after]))
      .toEqual([['Asset type', 'Laptop'], ['Default specifications', 'ram_gb: 16']]);
    const policy = event({ usagePolicy: { before: null, after: 'BYOD: not allowed' } });
    expect(referenceHistoryRows(policy, { fields: RESOURCES.models.fields, names: new Map(), types: [laptop] }).map((r) => [r.label, r.before, r.after]))
      .toEqual([['Usage policy', '—', 'BYOD: not allowed']]);
  });

  it('a location\'s local contacts: each person by name with their role; a location created without any shows none', () => {
    const ada = { notes: null, personId: 'person-1', phone: null, role: 'site IT contact' };
    const bob = { notes: 'mornings', personId: 'person-2', phone: '+49 30 1', role: 'receptionist' };
    const e = event({ contacts: { before: [ada], after: [ada, bob] } });
    const fields = RESOURCES.locations.fields;
    expect(referencedIds([e], fields).get('people')).toEqual(['person-1', 'person-2']);
    const names = new Map([['person-1', 'Ada Lovelace']]);
    expect(referenceHistoryRows(e, { fields, names, types: [] }).map((r) => [r.label, r.before, r.after]))
      .toEqual([['Local contacts', 'Ada Lovelace (site IT contact)', 'Ada Lovelace (site IT contact); person-2 (receptionist)']]);
    expect(referenceHistoryRows(event({ name: { before: null, after: 'Site' }, contacts: { before: null, after: [] } }), { fields, names, types: [] }).map((r) => r.label)).toEqual(['Name']);
  });
});

describe('asset type history as people read it', () => {
  it('says which attributes were added, removed or changed, and how, instead of the whole schema twice', () => {
    const cpu = { key: 'cpu', label: 'CPU', type: 'text' };
    const ram = { key: 'ram_gb', label: 'Memory (GB)', type: 'integer', min: 0 };
    const contract = { key: 'support_contract', label: 'Support contract', type: 'text', required: true };
    const e = event({
      attributeSchema: { before: [cpu, ram, contract], after: [ram, { ...cpu, required: true }, { key: 'panel', label: 'Panel', type: 'enum', options: ['ips', 'va'], default: 'ips' }] },
      lifecycleModelId: { before: null, after: 'model-hw' }, version: { before: 2, after: 3 }, updatedAt: { before: 'x', after: 'y' },
      usagePolicy: { before: 'Lock it', after: 'Encrypt it' },
    });
    expect(assetTypeHistoryRows(e, [hardware]).map((r) => [r.label, r.before, r.after])).toEqual([
      ['Attribute CPU', 'Text', 'required: — → true'],
      ['Attribute Panel', '—', 'added: Choice from a list, options ips, va, default ips'],
      ['Attribute Support contract', 'Text, required', 'removed (values assets hold are kept)'],
      ['Attribute order', 'cpu, ram_gb', 'ram_gb, cpu'],
      ['Lifecycle model', '—', 'Hardware (version 3)'],
      ['Usage policy', 'Lock it', 'Encrypt it'],
    ]);
  });

  it('an enum reads by the labels its definition gives, else from its values; a change of labels says what changed', () => {
    const provider = { key: 'provider', label: 'Provider', type: 'enum', options: ['aws', 'gcp', 'on_premises'], optionLabels: { aws: 'AWS', gcp: 'Google Cloud' } };
    const cloud = { ...laptop, attributeSchema: [provider] } as AssetType;
    const rows = assetHistoryRows(event({ attributes: { before: { provider: 'aws' }, after: { provider: 'gcp' } } }), { ...lookups, types: [cloud] });
    expect(rows.map((r) => [r.label, r.before, r.after])).toEqual([['Provider', 'AWS', 'Google Cloud']]);
    expect([enumLabel(provider, 'on_premises'), enumLabel(provider, 'constructor'), enumLabel(undefined, 'gcp')]).toEqual(['On premises', 'Constructor', 'Gcp']);
    const relabelled = event({ attributeSchema: { before: [{ ...provider, optionLabels: { aws: 'Amazon' } }], after: [provider] } });
    expect(assetTypeHistoryRows(relabelled, []).map((r) => [r.label, r.before, r.after])).toEqual([
      ['Attribute Provider', 'Choice from a list, options Amazon (aws), gcp, on_premises', 'option labels: aws: Amazon → aws: AWS; gcp: Google Cloud'],
    ]);
  });

  it('a monitored date says what it is and how far ahead it is watched', () => {
    const lease = { key: 'lease_end', label: 'Lease end', type: 'date' };
    const monitored = { ...lease, monitor: { label: 'Lease ends', leadDays: 60 } };
    expect(assetTypeHistoryRows(event({ attributeSchema: { before: [], after: [monitored] } }), []).map((r) => [r.label, r.before, r.after])).toEqual([
      ['Attribute Lease end', '—', 'added: Date, monitored as “Lease ends”, 60 days ahead'],
    ]);
    expect(assetTypeHistoryRows(event({ attributeSchema: { before: [lease], after: [monitored] } }), []).map((r) => r.after)).toEqual(['monitor: — → label: Lease ends; lead days: 60']);
  });
});
