import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueMonitoredDates } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, ok, refuse, uniq, walk } from './support/http.js';
import { franceAndGermany } from './support/places.js';

/**
 * Monitored dates (ITAM practice guide Table 2.2, dates to be monitored) on a register built around one day,
 * 2026-12-01: a leased-laptop type watches its lease end 30 days ahead. The dashboard's counts, the register filter
 * and the domain rule agree asset by asset, within the reader's scope; a filter naming what is not monitored, and a
 * monitor on a field that is not a date, are refused without writing anything.
 */
describe.each(ENGINES)('monitored dates ($name)', (engine) => {
  let api: TestApi;
  const today = '2026-12-01';
  const ref: Record<string, any> = {};
  const expected: Record<'soon' | 'passed', string[]> = { soon: [], passed: [] };
  const leaseSchema = [
    { key: 'lease_end', label: 'Lease end', type: 'date', monitor: { label: 'Lease ends', leadDays: 30 } },
    { key: 'bought_on', label: 'Bought on', type: 'date' },
    { key: 'note', label: 'Note', type: 'text' },
  ];

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date(`${today}T09:00:00Z`) });
    Object.assign(ref, await franceAndGermany(api));
    const hardware = (await ok(api, 'GET', '/api/v1/lifecycle-models?key=hardware')).body.items[0];
    ref.type = await create(api, '/api/v1/asset-types', {
      key: 'leased_laptop', name: 'Leased laptop', category: 'hardware', lifecycleModelId: hardware.id, tagPattern: 'LSE-{seq:4}', attributeSchema: leaseSchema,
    });
    const person = await create(api, '/api/v1/people', { name: uniq('Holder'), orgUnitId: ref.fr.id });
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ['lease ended yesterday', { stage: 'in_stock' }, { lease_end: '2026-11-30' }],
      ['lease ended last year, in use', { stage: 'in_use', assignedPersonId: person.id }, { lease_end: '2025-12-01' }],
      ['lease ends today', { stage: 'in_stock' }, { lease_end: today }],
      ['lease ends on the last day of the lead', { stage: 'maintenance' }, { lease_end: '2026-12-31' }],
      ['lease ends the day after the lead', { stage: 'in_stock' }, { lease_end: '2027-01-01' }],
      ['lease ended, decommissioned', { stage: 'decommissioned' }, { lease_end: '2026-11-30' }],
      ['lease ends soon, only planned', { stage: 'planning' }, { lease_end: '2026-12-10' }],
      ['bought long ago, no lease end', { stage: 'in_stock' }, { bought_on: '2020-01-01' }],
      ['lease ended, in Germany', { stage: 'in_stock', ownerOrgUnitId: ref.de.id }, { lease_end: '2026-11-30' }],
    ];
    const kindOf: Record<string, string> = { in_use: 'in_use', in_stock: 'available', maintenance: 'maintenance', decommissioned: 'retired', planning: 'planned' };
    for (const [name, fields, attributes] of cases) {
      const asset = await create(api, '/api/v1/assets', { name, assetTypeId: ref.type.id, ownerOrgUnitId: ref.fr.id, ...fields, attributes });
      for (const due of dueMonitoredDates(leaseSchema as never, { stageKind: kindOf[asset.stage]!, attributes: asset.attributes }, today)) expected[due.when].push(name);
    }
    // A laptop with a warranty: other types and the fixed key dates are not monitored dates.
    await create(api, '/api/v1/assets', { name: 'Plain laptop', assetTypeId: (await assetTypes(api))['laptop'].id, stage: 'in_stock', warrantyEnd: '2026-11-30' });
    ref.france = (await api.user(uniq('analyst-fr'), [{ role: 'it_asset_analyst', orgUnitId: ref.fr.id }])).auth;
  });
  afterAll(async () => { await api.close(); });

  const names = async (query: string, auth?: Record<string, string>) => (await walk(api, `/api/v1/assets?${query}&limit=2`, auth)).items.map((a: any) => a.name).sort();
  const board = async (auth?: Record<string, string>) => (await ok(api, 'GET', '/api/v1/reports/dashboard', undefined, auth)).body;
  const leaseRow = (d: any) => d.monitoredDates.find((m: any) => m.assetTypeKey === 'leased_laptop' && m.fieldKey === 'lease_end');

  it('the cases cover coming up and passed, at the edges of the lead, in service only', () => {
    expect({ soon: expected.soon.sort(), passed: expected.passed.sort() }).toEqual({
      soon: ['lease ends on the last day of the lead', 'lease ends today'],
      passed: ['lease ended last year, in use', 'lease ended yesterday', 'lease ended, in Germany'],
    });
  });

  it('the dashboard counts each monitored date, and its register filter lists exactly those assets', async () => {
    const d = await board();
    expect(leaseRow(d)).toEqual({
      assetTypeId: ref.type.id, assetTypeKey: 'leased_laptop', assetTypeName: 'Leased laptop', fieldKey: 'lease_end', label: 'Lease ends', leadDays: 30, soon: 2, passed: 3,
    });
    // The shipped licence, SaaS and support contract types watch their expiry, renewal and end; nothing else is monitored.
    expect(d.monitoredDates.map((m: any) => `${m.assetTypeKey}.${m.fieldKey}`)).toEqual(['leased_laptop.lease_end', 'saas_subscription.renewal_date', 'software_licence.expires_on', 'support_contract.ends_on']);
    expect(d.monitoredDates.find((m: any) => m.fieldKey === 'expires_on')).toMatchObject({ label: 'Licence expires', leadDays: 90, soon: 0, passed: 0 });
    for (const when of ['soon', 'passed'] as const) expect(await names(`monitoredDate=leased_laptop.lease_end.${when}`), when).toEqual(expected[when].sort());
    // With the other filters, and with a total.
    expect(await names('monitoredDate=leased_laptop.lease_end.passed&stage=in_stock')).toEqual(['lease ended yesterday', 'lease ended, in Germany']);
    expect((await ok(api, 'GET', '/api/v1/assets?monitoredDate=leased_laptop.lease_end.soon&includeTotal=true&q=lease')).body.total).toBe(2);
  });

  it('a reader of one org unit counts and lists only the assets in its scope', async () => {
    expect(leaseRow(await board(ref.france))).toMatchObject({ soon: 2, passed: 2 });
    expect(await names('monitoredDate=leased_laptop.lease_end.passed', ref.france)).toEqual(['lease ended last year, in use', 'lease ended yesterday']);
  });

  it('a saved view keeps a monitored-date filter; one of another shape is refused', async () => {
    const view = await create(api, '/api/v1/me/views', { name: uniq('Leases ending'), page: 'register', query: 'sort=-updatedAt&monitoredDate=leased_laptop.lease_end.soon' });
    expect(view.query).toBe('monitoredDate=leased_laptop.lease_end.soon&sort=-updatedAt');
    const bad = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/me/views', { name: uniq('Bad'), page: 'register', query: 'monitoredDate=leased_laptop.lease_end' });
    expect(bad.body.errors.map((e: any) => e.code)).toEqual(['VIEW_PARAMETER_INVALID']);
  });

  it('exports the assets of a monitored date', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?monitoredDate=leased_laptop.lease_end.soon', headers: { authorization: `Bearer ${api.adminToken}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body.trim().split('\n')).toHaveLength(3);
  });

  it.each([
    ['an unknown type', 'no_such_type.lease_end.soon', 'MONITORED_DATE_UNKNOWN'],
    ['an unknown field', 'leased_laptop.return_by.soon', 'MONITORED_DATE_UNKNOWN'],
    ['a date that is not monitored', 'leased_laptop.bought_on.passed', 'MONITORED_DATE_UNKNOWN'],
    ['a field that is not a date', 'leased_laptop.note.soon', 'MONITORED_DATE_UNKNOWN'],
    ['a monitored date of another type', 'laptop.expires_on.soon', 'MONITORED_DATE_UNKNOWN'],
    ['no condition', 'leased_laptop.lease_end', undefined],
    ['another condition', 'leased_laptop.lease_end.later', undefined],
    ['a key that is not snake_case', 'Leased_Laptop.lease_end.soon', undefined],
  ])('refuses a filter naming %s (400 INVALID_QUERY, nothing written)', async (_c, value, code) => {
    for (const url of [`/api/v1/assets?monitoredDate=${value}`, `/api/v1/assets/export?monitoredDate=${value}`]) {
      const res = await refuse(api, 400, 'INVALID_QUERY', 'GET', url);
      expect(res.body.errors.map((e: any) => e.field)).toEqual(['monitoredDate']);
      if (code) expect(res.body.errors[0].code).toBe(code);
    }
  });

  it('marking a date monitored makes it count at once; a monitor on a field that is not a date is refused (422), the type unchanged', async () => {
    const current = await ok(api, 'GET', `/api/v1/asset-types/${ref.type.id}`);
    const withMonitor = (key: string, monitor: Record<string, unknown>) => current.body.attributeSchema.map((f: any) => (f.key === key ? { ...f, monitor } : f));
    for (const [schema, field] of [
      [withMonitor('note', { label: 'Note due', leadDays: 10 }), 'SCHEMA_MONITOR_NOT_ALLOWED'],
      [withMonitor('bought_on', { label: 'Lease ends', leadDays: 10 }), 'SCHEMA_DUPLICATE_MONITOR_LABEL'],
    ] as const) {
      const res = await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/asset-types/${ref.type.id}`, { attributeSchema: schema }, { 'if-match': etag(current) });
      expect(res.body.errors.map((e: any) => e.code)).toEqual([field]);
    }
    for (const leadDays of [0, 731, 1.5]) {
      await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/asset-types/${ref.type.id}`, { attributeSchema: withMonitor('bought_on', { label: 'Bought', leadDays }) }, { 'if-match': etag(current) });
    }
    const created = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', {
      key: 'leased_phone', name: 'Leased phone', category: 'hardware', lifecycleModelId: ref.type.lifecycleModelId, tagPattern: 'LPH-{seq:4}',
      attributeSchema: [{ key: 'lease_months', label: 'Lease (months)', type: 'integer', monitor: { label: 'Lease ends', leadDays: 30 } }],
    });
    expect(created.body.errors.map((e: any) => [e.field, e.code])).toEqual([['attributeSchema[0]', 'SCHEMA_MONITOR_NOT_ALLOWED']]);
    expect((await ok(api, 'GET', `/api/v1/asset-types/${ref.type.id}`)).body).toEqual(current.body);

    // Bought on becomes a monitored date (five years ahead is beyond any lead: only the dates passed show).
    const changed = await ok(api, 'PATCH', `/api/v1/asset-types/${ref.type.id}`, { attributeSchema: withMonitor('bought_on', { label: 'Bought', leadDays: 730 }) }, { 'if-match': etag(current) });
    expect(changed.body.attributeSchema[1].monitor).toEqual({ label: 'Bought', leadDays: 730 });
    const row = (await board()).monitoredDates.find((m: any) => m.fieldKey === 'bought_on');
    expect(row).toMatchObject({ assetTypeKey: 'leased_laptop', label: 'Bought', soon: 0, passed: 1 });
    expect(await names('monitoredDate=leased_laptop.bought_on.passed')).toEqual(['bought long ago, no lease end']);
  });
});
