import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, ok, uniq } from './support/http.js';

/**
 * GET /api/v1/reports/findings (ITAM guide Table 2.3: number of audit findings and non-compliances): open
 * discrepancies by kind, overdue and without an owner, set aside, resolved lately, and discovered devices in the
 * register — within the caller's scope, as the queue itself is; no discovery.read → 403.
 */
describe.each(ENGINES)('findings report ($name)', (engine) => {
  let api: TestApi;
  const ref: Record<string, any> = {};
  let now = new Date('2026-12-01T08:00:00Z');
  const later = (days: number) => { now = new Date(now.getTime() + days * 86_400_000); };
  const findings = async (auth?: Record<string, string>) => (await ok(api, 'GET', '/api/v1/reports/findings', undefined, auth)).body;
  const open = async (query: string) => (await ok(api, 'GET', `/api/v1/discrepancies?status=open&${query}`)).body.items;
  const resolve = (d: { id: string; version: number }, body: unknown) => ok(api, 'POST', `/api/v1/discrepancies/${d.id}/resolve`, body, { 'if-match': `"${d.version}"` });
  const report = async (id: string, host: string, mac: string, token: string) => {
    const content = { versionclient: 'GLPI-Agent_v1.11', hardware: { name: host }, bios: { ssn: `SN-${id}`, smanufacturer: 'Dell Inc.', smodel: 'Latitude 7440' }, networks: [{ description: 'eth0', mac, virtualdev: false }], softwares: [] };
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/inventory/agent', headers: { 'content-type': 'application/x-compress-zlib', authorization: `Bearer ${token}` }, payload: deflateSync(Buffer.from(JSON.stringify({ action: 'inventory', deviceid: id, itemtype: 'Computer', content }))) });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => now });
    const laptop = (await assetTypes(api))['laptop'];
    ref.fr = await create(api, '/api/v1/org-units', { name: 'France', kind: 'country' });
    ref.de = await create(api, '/api/v1/org-units', { name: 'Germany', kind: 'country' });
    ref.paris = await create(api, '/api/v1/locations', { name: 'Paris store', kind: 'site' });
    const asset = (name: string, ownerOrgUnitId: string) => create(api, '/api/v1/assets', { name, assetTypeId: laptop.id, stage: 'in_stock', locationId: ref.paris.id, ownerOrgUnitId });
    ref.frFound = await asset('FR found', ref.fr.id);
    ref.frMissing = await asset('FR missing', ref.fr.id);
    ref.deMissing = await asset('DE missing', ref.de.id);

    // An audit of the Paris store: one found, two not found, one unknown tag; the findings are due tomorrow.
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Paris store count', scopeLocationId: ref.paris.id, scopeOrgUnitId: null });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    let v = run.version;
    for (const tag of [ref.frFound.tag, 'ZZ-UNKNOWN-1']) v = (await api.call('POST', `/api/v1/audit-runs/${run.id}/items`, { tag, method: 'scan' })).body.run.version;
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, { findingsDueOn: '2026-12-02' }, { 'if-match': `"${v}"` });

    // Discovery: a device it registers by itself (linked) and, with review on, one nobody registered.
    const token = (await api.call('POST', '/api/v1/agent-tokens', { name: 'fleet' })).body.token;
    await report('fr-linked', 'linked-host', '00:11:22:33:f1:01', token);
    const settings = await ok(api, 'GET', '/api/v1/discovery/settings');
    await ok(api, 'PUT', '/api/v1/discovery/settings', { ...settings.body, whenNoMatch: 'review' }, { 'if-match': String(settings.headers['etag']) });
    await report('stray', 'stray-host', '00:11:22:33:f1:02', token);
  }, 60_000);
  afterAll(async () => api?.close());

  it('counts the open findings by kind, and the devices the register covers', async () => {
    const f = await findings();
    expect(f).toMatchObject({ today: '2026-12-01', open: 4, overdue: 0, withoutOwner: 1, ignored: 0, resolvedLast30Days: 0, devices: { total: 2, linked: 1 } });
    expect(f.byKind).toEqual([
      { kind: 'audit_missing', title: 'Not found in the audit', open: 2, overdue: 0 },
      { kind: 'audit_unexpected', title: 'Found in the audit, not expected', open: 1, overdue: 0 },
      { kind: 'unregistered', title: 'Device not in the register', open: 1, overdue: 0 },
    ]);
  });

  it('counts findings past their due date as overdue, and follows resolutions and exceptions', async () => {
    later(2);
    const [unknownTag] = await open('kind=audit_unexpected');
    await resolve(unknownTag, { resolution: 'dismiss', note: 'a visitor\'s label' });
    const [missing] = await open(`kind=audit_missing&assetId=${ref.frMissing.id}`);
    await resolve(missing, { resolution: 'ignore_until', ignoreUntil: '2027-01-15', note: 'on loan to the Lyon office' });
    const f = await findings();
    expect(f).toMatchObject({ today: '2026-12-03', open: 2, overdue: 1, withoutOwner: 1, ignored: 1, resolvedLast30Days: 1 });
    expect(f.byKind).toEqual([
      { kind: 'audit_missing', title: 'Not found in the audit', open: 1, overdue: 1 },
      { kind: 'unregistered', title: 'Device not in the register', open: 1, overdue: 0 },
    ]);
  });

  it('a grant on one org-unit subtree counts only the findings and devices in it; no discovery.read is refused', async () => {
    const france = await api.user(uniq('analyst-fr'), [{ role: 'it_asset_analyst', orgUnitId: ref.fr.id }]);
    const f = await findings(france.auth);
    // The German asset's finding, the unknown tag and the devices are filed outside France.
    expect(f).toMatchObject({ open: 0, ignored: 1, byKind: [], devices: { total: 0, linked: 0 } });
    const germany = await api.user(uniq('analyst-de'), [{ role: 'it_asset_analyst', orgUnitId: ref.de.id }]);
    expect((await findings(germany.auth)).byKind).toEqual([{ kind: 'audit_missing', title: 'Not found in the audit', open: 1, overdue: 1 }]);
    const owner = await api.user(uniq('owner'), [{ role: 'asset_owner', orgUnitId: null }]);
    expectProblem(await api.call('GET', '/api/v1/reports/findings', undefined, owner.auth), 403, 'FORBIDDEN');
  });

  it('counts as resolved lately only what was resolved in the last 30 days', async () => {
    // API tokens last 30 days: each look is made with a token issued at that moment.
    const analyst = async () => (await api.user(uniq('analyst'), [{ role: 'it_asset_analyst', orgUnitId: null }])).auth;
    later(29);
    expect((await findings(await analyst())).resolvedLast30Days).toBe(1);
    later(2);
    expect((await findings(await analyst())).resolvedLast30Days).toBe(0);
  });
});
