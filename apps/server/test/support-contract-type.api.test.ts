import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, uniq } from './support/http.js';

/**
 * The shipped Support contract type (ITIL ITAM Table 2.2, Acquire: "maintenance, warranty and support contracts with
 * activation information"; dates to be monitored): a new register can record its contracts at once, a contract covers
 * assets for its own term, and its end is watched on the overview. The register is built around 2026-12-01.
 */
describe.each(ENGINES)('shipped support contract type ($name)', (engine) => {
  let api: TestApi;
  let type: any;
  const today = '2026-12-01';

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date(`${today}T09:00:00Z`) });
    type = (await assetTypes(api))['support_contract'];
  });
  afterAll(async () => { await api.close(); });

  const contract = (attributes: Record<string, unknown>, stage = 'active') =>
    create(api, '/api/v1/assets', { name: uniq('Support '), assetTypeId: type.id, stage, attributes });
  const contractsRow = async () => (await ok(api, 'GET', '/api/v1/reports/dashboard')).body.monitoredDates.find((m: any) => m.assetTypeKey === 'support_contract');
  const names = async (q: string) => (await ok(api, 'GET', `/api/v1/assets?${q}&limit=100`)).body.items.map((a: any) => a.name).sort();

  it('a fresh register has it: a service contract on the contract lifecycle, its term, support line and service level', async () => {
    expect(type).toMatchObject({ name: 'Support contract', category: 'service_contract', tagPattern: 'CTR-{seq:5}' });
    expect(type.attributeSchema.map((f: any) => [f.key, f.type])).toEqual([
      ['contract_number', 'text'], ['starts_on', 'date'], ['ends_on', 'date'], ['support_line', 'text'], ['service_level', 'enum'],
    ]);
    expect(type.attributeSchema.find((f: any) => f.key === 'ends_on').monitor).toEqual({ label: 'Contract ends', leadDays: 60 });
    expect(type.attributeSchema.find((f: any) => f.key === 'service_level').optionLabels).toMatchObject({ next_business_day: 'Next business day', four_hours: '4-hour response' });
    const model = (await ok(api, 'GET', `/api/v1/lifecycle-models/${type.lifecycleModelId}`)).body;
    expect(model).toMatchObject({ key: 'service_contract', version: 1 });
    expect(model.definition.stages.map((s: any) => `${s.key}:${s.kind}`)).toEqual(['planning:planned', 'active:in_use', 'ended:retired', 'legal_hold:hold', 'closed:disposed']);
    // An enum value outside the options is refused like any attribute.
    const bad = await api.call('POST', '/api/v1/assets', { name: uniq('Bad level '), assetTypeId: type.id, stage: 'active', attributes: { service_level: 'platinum' } });
    expect(bad.status).toBe(422);
    expect((await ok(api, 'GET', `/api/v1/assets?typeId=${type.id}&includeTotal=true`)).body.total).toBe(0);
  });

  it('a coverage added without dates takes the contract\'s starts_on and ends_on', async () => {
    const c = await contract({ contract_number: 'SC-2026-0042', starts_on: '2026-01-01', ends_on: '2028-12-31', support_line: '+49 30 1234 5678', service_level: 'four_hours' });
    expect(c.tag).toMatch(/^CTR-\d{5}$/);
    const laptop = await create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: (await assetTypes(api))['laptop'].id, stage: 'in_stock' });
    const added = await api.call('POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [laptop.id] });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.items[0]).toMatchObject({ startsOn: '2026-01-01', endsOn: '2028-12-31', active: true });
    expect((await ok(api, 'GET', `/api/v1/assets/${laptop.id}/coverage`)).body.coveredUntil).toEqual({ covered: true, until: '2028-12-31' });
  });

  it('the overview counts a contract ending within 60 days, and one whose end passed, while it is active', async () => {
    const before = await contractsRow();
    expect(before).toMatchObject({ assetTypeKey: 'support_contract', fieldKey: 'ends_on', label: 'Contract ends', leadDays: 60 });
    const soon = await contract({ ends_on: '2027-01-30' });
    await contract({ ends_on: '2027-01-31' }); // the day after the lead
    const passed = await contract({ ends_on: '2026-11-30' });
    await contract({ ends_on: '2026-12-20' }, 'planning'); // not signed yet: not in service
    const after = await contractsRow();
    expect({ soon: after.soon - before.soon, passed: after.passed - before.passed }).toEqual({ soon: 1, passed: 1 });
    expect(await names('monitoredDate=support_contract.ends_on.soon')).toEqual([soon.name]);
    expect(await names('monitoredDate=support_contract.ends_on.passed')).toEqual([passed.name]);

    // Ended (expired, not renewed): out of service, no longer counted.
    const res = await api.call('POST', `/api/v1/assets/${passed.id}/transitions`, { transition: 'end', evidence: { ended_on: '2026-11-30', end_reason: 'expired' } }, { 'if-match': `"${passed.version}"` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stage).toBe('ended');
    expect((await contractsRow()).passed).toBe(before.passed);
  });
});
