import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FINDINGS_DUE_DAYS, addDays } from '@custodia/domain';
import { buildApp, serve } from '@custodia/server';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, uniq, walk } from './support/http.js';

/**
 * The organisation's time zone (CUSTODIA_TIME_ZONE): every date the server decides itself is the date in Sydney here
 * (UTC+11 in March), not the UTC date. 2027-03-01T13:00Z is midnight starting 2 March in Sydney, while UTC still says
 * 1 March until 2027-03-02T00:00Z: key dates, overdue flags and recorded dates must flip at the first, not the second.
 */
describe.each(ENGINES)('the organisation\'s time zone ($name)', (engine) => {
  let api: TestApi;
  let t = Date.parse('2027-03-01T02:00:00Z');
  const at = (instant: string) => { t = Date.parse(instant); };
  /** Last minute of 1 March in Sydney, and the first of 2 March (still 1 March in UTC for eleven hours). */
  const LAST_OF_1ST = '2027-03-01T12:59:00Z';
  const FIRST_OF_2ND = '2027-03-01T13:00:00Z';
  const ref: Record<string, any> = {};

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date(t), timeZone: 'Australia/Sydney' });
    ref.laptop = (await assetTypes(api))['laptop'];
    ref.store = await create(api, '/api/v1/locations', { name: uniq('Sydney store'), kind: 'site' });
    ref.person = await create(api, '/api/v1/people', { name: uniq('Borrower') });
  }, 60_000);
  afterAll(async () => api?.close());

  const asset = (name: string, fields: Record<string, unknown>) => create(api, '/api/v1/assets', { name, assetTypeId: ref.laptop.id, ...fields });
  const names = async (url: string) => (await walk(api, url)).items.map((a: any) => a.name).sort();

  it('says which zone it keeps, in the session the web app reads', async () => {
    expect((await ok(api, 'GET', '/api/v1/auth/session')).body).toMatchObject({ timeZone: 'Australia/Sydney' });
  });

  it('an audit closed at 09:30 on 2 March in Sydney (22:30 on 1 March in UTC) verifies its assets on 2 March', async () => {
    at('2027-03-01T20:00:00Z');
    const found = await asset(uniq('Found'), { stage: 'in_stock', locationId: ref.store.id });
    const gone = await asset(uniq('Not found'), { stage: 'in_stock', locationId: ref.store.id });
    const plan = await create(api, '/api/v1/audit-plans', { name: uniq('Stock take'), method: 'scan', scopeLocationId: ref.store.id });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    const recorded = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: found.tag, method: 'scan' })).body;
    at('2027-03-01T22:30:00Z');
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${recorded.run.version}"` });
    expect((await ok(api, 'GET', `/api/v1/assets/${found.id}`)).body.lastVerifiedOn).toBe('2027-03-02');
    expect((await ok(api, 'GET', `/api/v1/assets/${gone.id}`)).body.lastVerifiedOn).toBeNull();
    // The finding about the asset not found is due two weeks after the organisation's today, and says when it closed.
    const finding = (await walk(api, `/api/v1/discrepancies?assetId=${gone.id}`)).items[0];
    expect(finding).toMatchObject({ kind: 'audit_missing', dueOn: addDays('2027-03-02', DEFAULT_FINDINGS_DUE_DAYS) });
    expect(finding.evidence).toMatchObject({ closedOn: '2027-03-02' });
  });

  it('an asset handed out at 09:30 on 2 March in Sydney starts its assignment on 2 March', async () => {
    at('2027-03-01T22:30:00Z');
    const lent = await asset(uniq('Lent'), { stage: 'in_use', assignedPersonId: ref.person.id });
    expect((await ok(api, 'GET', `/api/v1/assets/${lent.id}/assignments`)).body.items).toMatchObject([{ personId: ref.person.id, startedOn: '2027-03-02', endedOn: null }]);
    // The export is named for the organisation's day too.
    const res = await api.app.inject({ method: 'GET', url: `/api/v1/assets/export?ids=${lent.id}`, headers: { authorization: `Bearer ${api.adminToken}` } });
    expect(res.headers['content-disposition']).toBe('attachment; filename="custodia-assets-2027-03-02.csv"');
  });

  it('key dates flip at midnight in Sydney: the register filter and the dashboard agree on both sides of it', async () => {
    at('2027-03-01T02:00:00Z');
    const w = uniq('Warranty ends 1 March');
    const r = uniq('Back on 1 March');
    await asset(w, { stage: 'in_stock', warrantyEnd: '2027-03-01' });
    await asset(r, { stage: 'in_use', assignedPersonId: ref.person.id, expectedReturnDate: '2027-03-01' });
    const keyDates = async () => {
      const board = (await ok(api, 'GET', '/api/v1/reports/dashboard')).body;
      const ending = await names('/api/v1/assets?keyDate=warranty_ending&limit=50');
      const overdue = await names('/api/v1/assets?keyDate=return_overdue&limit=50');
      expect(board.keyDates.find((k: any) => k.key === 'warranty_ending').count).toBe(ending.length);
      expect(board.keyDates.find((k: any) => k.key === 'return_overdue').count).toBe(overdue.length);
      return { today: board.today, warrantyEnding: ending.includes(w), returnOverdue: overdue.includes(r) };
    };
    at(LAST_OF_1ST);
    expect(await keyDates()).toEqual({ today: '2027-03-01', warrantyEnding: true, returnOverdue: false });
    at(FIRST_OF_2ND);
    expect(await keyDates()).toEqual({ today: '2027-03-02', warrantyEnding: false, returnOverdue: true });
  });

  it('a verification 365 days old is overdue from midnight in Sydney', async () => {
    at('2027-03-01T02:00:00Z');
    const v = uniq('Verified a year ago');
    await asset(v, { stage: 'in_stock', lastVerifiedOn: '2026-03-01' });
    const overdue = async () => {
      const listed = await names('/api/v1/assets?quality=verification_overdue&limit=50');
      expect((await ok(api, 'GET', '/api/v1/reports/dashboard')).body.verificationOverdue).toBe(listed.length);
      return listed.includes(v);
    };
    at(LAST_OF_1ST);
    expect(await overdue()).toBe(false);
    at(FIRST_OF_2ND);
    expect(await overdue()).toBe(true);
  });

  it('an audit plan due on 1 March is overdue from midnight in Sydney, in the plan and in the list', async () => {
    at('2027-03-01T02:00:00Z');
    const plan = await create(api, '/api/v1/audit-plans', { name: uniq('Due 1 March'), method: 'scan', scopeLocationId: ref.store.id, dueOn: '2027-03-01' });
    const overdue = async () => {
      const flag = (await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`)).body.overdue;
      const listed = (await walk(api, '/api/v1/audit-plans?overdue=true&limit=50')).items.some((p: any) => p.id === plan.id);
      expect(listed).toBe(flag);
      return flag;
    };
    at(LAST_OF_1ST);
    expect(await overdue()).toBe(false);
    at(FIRST_OF_2ND);
    expect(await overdue()).toBe(true);
  });

  it('a finding due on 1 March counts as overdue in the findings report from midnight in Sydney', async () => {
    at('2027-03-01T02:00:00Z');
    const lost = await asset(uniq('Lost'), { stage: 'in_stock', locationId: ref.store.id });
    const plan = await create(api, '/api/v1/audit-plans', { name: uniq('Findings due 1 March'), method: 'scan', scopeLocationId: ref.store.id });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, { findingsDueOn: '2027-03-01' }, { 'if-match': `"${run.version}"` });
    expect((await walk(api, `/api/v1/discrepancies?assetId=${lost.id}`)).items[0]).toMatchObject({ dueOn: '2027-03-01' });
    at(LAST_OF_1ST);
    const before = (await ok(api, 'GET', '/api/v1/reports/findings')).body;
    at(FIRST_OF_2ND);
    const after = (await ok(api, 'GET', '/api/v1/reports/findings')).body;
    expect([before.today, after.today]).toEqual(['2027-03-01', '2027-03-02']);
    // Every finding still open that was due on the 1st (this one among them) became overdue at midnight there.
    expect(after.overdue - before.overdue).toBeGreaterThanOrEqual(1);
    const due1st = (await walk(api, '/api/v1/discrepancies?status=open&limit=100')).items.filter((d: any) => d.dueOn === '2027-03-01').length;
    expect(after.overdue - before.overdue).toBe(due1st);
  });

  it('refuses to start with a zone the zone database does not know, naming the setting', async () => {
    const message = /^CUSTODIA_TIME_ZONE must be an IANA time zone name such as Europe\/Berlin, America\/Los_Angeles or UTC \(got "Australia\/Sidney"\)$/;
    await expect(buildApp({ database: api.db, timeZone: 'Australia/Sidney' })).rejects.toThrow(message);
    const previous = process.env['CUSTODIA_TIME_ZONE'];
    process.env['CUSTODIA_TIME_ZONE'] = 'Australia/Sidney';
    try {
      // Checked before the database is opened: nothing is created or written.
      await expect(serve({ log: false, port: 0 })).rejects.toThrow(message);
    } finally {
      if (previous === undefined) delete process.env['CUSTODIA_TIME_ZONE'];
      else process.env['CUSTODIA_TIME_ZONE'] = previous;
    }
  });
});

/**
 * West of UTC the UTC date runs ahead: at 21:00 on 1 March in California (UTC−8) it is already 2 March in UTC. An
 * inventory received then verifies the device's asset on 1 March, and a warranty ending on 1 March still ends today.
 */
describe.each(ENGINES)('an organisation in California ($name)', (engine) => {
  let api: TestApi;
  const EVENING_OF_1ST = new Date('2027-03-02T05:00:00Z');

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => EVENING_OF_1ST, timeZone: 'America/Los_Angeles' });
  }, 60_000);
  afterAll(async () => api?.close());

  it('an inventory received at 21:00 on 1 March registers its asset as verified on 1 March', async () => {
    const { token } = await create(api, '/api/v1/agent-tokens', { name: 'fleet' });
    const xml = readFileSync(new URL('../../../packages/data/test-fixtures/inventories/fi-inventory.xml', import.meta.url), 'utf8');
    const res = await api.app.inject({
      method: 'POST', url: '/api/v1/inventory/agent', payload: deflateSync(Buffer.from(xml)),
      headers: { 'content-type': 'application/x-compress-zlib', authorization: `Bearer ${token}`, 'user-agent': 'FusionInventory-Agent_v2.6-3' },
    });
    expect(res.statusCode).toBe(200);
    const device = (await walk(api, '/api/v1/devices')).items[0];
    expect(device.assetId).toBeTruthy();
    expect((await ok(api, 'GET', `/api/v1/assets/${device.assetId}`)).body.lastVerifiedOn).toBe('2027-03-01');
  });

  it('a warranty ending on 1 March still ends today at 21:00 that evening', async () => {
    const w = await create(api, '/api/v1/assets', { name: uniq('Warranty ends 1 March'), assetTypeId: (await assetTypes(api))['laptop'].id, stage: 'in_stock', warrantyEnd: '2027-03-01' });
    expect((await walk(api, '/api/v1/assets?keyDate=warranty_ending')).items.map((a: any) => a.id)).toContain(w.id);
    expect((await ok(api, 'GET', '/api/v1/reports/dashboard')).body.today).toBe('2027-03-01');
  });
});
