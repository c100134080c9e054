import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { discoveryServer, sendToAgentEndpoint } from './support/discovery.js';
import { assetTypes, create, ok, refuse } from './support/http.js';

/**
 * The discrepancy queue's lifecycle against discovery: a subject that no longer holds is settled with the change that
 * ends it, a device is linked once, a discrepancy follows its asset's owner, and a dismissal is remembered.
 */
describe.each(ENGINES)('discrepancy queue ($name)', (engine) => {
  let now = new Date('2026-11-28T10:00:00Z');
  const server = discoveryServer(engine, () => now);
  const { api } = server;
  const later = (ms: number) => { now = new Date(now.getTime() + ms); };
  const report = async (o: { id: string; host: string; serial?: string; mac: string; sw?: { name: string; version?: string }[] }, tok = server.token) => {
    const content = {
      versionclient: 'GLPI-Agent_v1.11', hardware: { name: o.host, memory: 8192 }, bios: { ...(o.serial ? { ssn: o.serial } : {}), smanufacturer: 'Dell Inc.', smodel: 'Latitude 7440' },
      networks: [{ description: 'eth0', mac: o.mac, virtualdev: false }], softwares: o.sw ?? [{ name: 'alpha', version: '1.0' }],
    };
    const res = await sendToAgentEndpoint(api, tok, { action: 'inventory', deviceid: o.id, itemtype: 'Computer', content });
    expect(res.statusCode, res.body).toBe(200);
  };
  const device = async (host: string) => (await ok(api, 'GET', `/api/v1/devices?q=${host}`)).body.items[0];
  const queue = async (query: string, auth?: Record<string, string>) => (await api.call('GET', `/api/v1/discrepancies?${query}`, undefined, auth)).body.items;
  const resolve = (d: { id: string; version: number }, body: unknown, auth: Record<string, string> = {}) =>
    api.call('POST', `/api/v1/discrepancies/${d.id}/resolve`, body, { 'if-match': `"${d.version}"`, ...auth });
  const withSettings = async (patch: Record<string, unknown>, work: () => Promise<void>) => {
    const cur = await ok(api, 'GET', '/api/v1/discovery/settings');
    await ok(api, 'PUT', '/api/v1/discovery/settings', { ...cur.body, ...patch }, { 'if-match': String(cur.headers['etag']) });
    try { await work(); } finally {
      const back = await ok(api, 'GET', '/api/v1/discovery/settings');
      await ok(api, 'PUT', '/api/v1/discovery/settings', cur.body, { 'if-match': String(back.headers['etag']) });
    }
  };

  it('"not seen" is settled by the next inventory of the asset; marking the asset missing is then refused and writes nothing', async () => {
    const pc = { id: 'ns-1', host: 'ns-host', serial: 'SN-NS-1', mac: '00:11:22:33:a1:01' };
    await report(pc);
    const d = await device('ns-host');
    await withSettings({ notSeenDays: 7 }, async () => {
      later(8 * 86_400_000);
      await ok(api, 'POST', '/api/v1/discovery/detect-not-seen');
      const [ns] = await queue(`assetId=${d.assetId}&kind=not_seen&status=open`);
      expect(ns).toBeTruthy();
      later(3_600_000);
      await report(pc);
      const settled = (await ok(api, 'GET', `/api/v1/discrepancies/${ns.id}`)).body;
      expect(settled).toMatchObject({ status: 'resolved', resolution: null, allowedResolutions: [] });
      expect(settled.resolutionNote).toMatch(/Reported again/);
      const history = (await ok(api, 'GET', `/api/v1/discrepancies/${ns.id}/history`)).body.items;
      expect(history.map((e: any) => e.action)).toContain('resolve');
      await refuse(api, 409, 'DISCREPANCY_NOT_OPEN', 'POST', `/api/v1/discrepancies/${ns.id}/resolve`, { resolution: 'mark_missing' }, { 'if-match': `"${settled.version}"` });
      expect((await ok(api, 'GET', `/api/v1/assets/${d.assetId}`)).body.stage).not.toBe('missing');
    });
  });

  it('a device that links by itself settles its "not registered" discrepancy', async () => {
    await withSettings({ whenNoMatch: 'review' }, async () => {
      const pc = { id: 'self-1', host: 'self-host', serial: 'SN-SELF-1', mac: '00:11:22:33:a2:01' };
      await report(pc);
      const d = await device('self-host');
      const [u] = await queue(`deviceId=${d.id}&status=open`);
      expect(u.kind).toBe('unregistered');
      const types = await assetTypes(api);
      await create(api, '/api/v1/assets', { name: 'Registered by hand', assetTypeId: types['laptop'].id, stage: 'in_use', serial: 'SN-SELF-1' });
      later(60_000);
      await report(pc);
      expect((await device('self-host')).assetId).not.toBeNull();
      expect((await ok(api, 'GET', `/api/v1/discrepancies/${u.id}`)).body).toMatchObject({ status: 'resolved', allowedResolutions: [] });
    });
  });

  it('two discrepancies of one device resolved at once: one asset, the device linked to it, the other refused', async () => {
    await withSettings({ whenNoMatch: 'review' }, async () => {
      const pc = { id: 'twin-1', host: 'twin-host', mac: '00:11:22:33:a3:01' };
      await report(pc);
      const types = await assetTypes(api);
      await create(api, '/api/v1/assets', { name: 'twin-host', assetTypeId: types['laptop'].id, stage: 'in_use', serial: 'OTHER-TWIN' });
      later(60_000);
      await report(pc);
      const d = await device('twin-host');
      const open = await queue(`deviceId=${d.id}&status=open`);
      expect(open.map((x: any) => x.kind).sort()).toEqual(['duplicate_candidate', 'unregistered']);
      const before = (await ok(api, 'GET', '/api/v1/assets?limit=1&includeTotal=true')).body.total;
      const answers = await Promise.all(open.map((x: any) => resolve(x, { resolution: 'register_asset' })));
      expect(answers.map((r) => r.status).sort()).toEqual([200, expect.any(Number)]);
      const refused = answers.find((r) => r.status !== 200)!;
      // PostgreSQL: the second waits for the first's link and is refused; SQLite: it runs after it and finds the discrepancy changed.
      expect(['DEVICE_ALREADY_LINKED', 'VERSION_MISMATCH', 'DISCREPANCY_NOT_OPEN']).toContain(refused.body.code);
      expect((await ok(api, 'GET', '/api/v1/assets?limit=1&includeTotal=true')).body.total).toBe(before + 1);
      const winner = answers.find((r) => r.status === 200)!.body;
      expect((await device('twin-host')).assetId).toBe(winner.assetId);
      expect(await queue(`deviceId=${d.id}&status=open`)).toEqual([]);
    });
  });

  it('linking a device by one discrepancy settles its other one', async () => {
    await withSettings({ whenNoMatch: 'review' }, async () => {
      const pc = { id: 'pair-1', host: 'pair-host', mac: '00:11:22:33:a4:01' };
      await report(pc);
      const types = await assetTypes(api);
      const asset = await create(api, '/api/v1/assets', { name: 'pair-host', assetTypeId: types['laptop'].id, stage: 'in_use', serial: 'OTHER-PAIR' });
      later(60_000);
      await report(pc);
      const d = await device('pair-host');
      const open = await queue(`deviceId=${d.id}&status=open`);
      const dup = open.find((x: any) => x.kind === 'duplicate_candidate');
      const unreg = open.find((x: any) => x.kind === 'unregistered');
      expect((await resolve(dup, { resolution: 'link_asset', assetId: asset.id })).status).toBe(200);
      const settled = (await ok(api, 'GET', `/api/v1/discrepancies/${unreg.id}`)).body;
      expect(settled.status).toBe('resolved');
      await refuse(api, 409, 'DISCREPANCY_NOT_OPEN', 'POST', `/api/v1/discrepancies/${unreg.id}/resolve`, { resolution: 'register_asset' }, { 'if-match': `"${settled.version}"` });
    });
  });

  it('a discrepancy follows its asset to the new owner: the old unit no longer sees or resolves it', async () => {
    const unitA = await create(api, '/api/v1/org-units', { name: 'Queue A', kind: 'department' });
    const unitB = await create(api, '/api/v1/org-units', { name: 'Queue B', kind: 'department' });
    const managerA = await api.user('queue-a-manager', [{ role: 'it_asset_manager', orgUnitId: unitA.id }]);
    const managerB = await api.user('queue-b-manager', [{ role: 'it_asset_manager', orgUnitId: unitB.id }]);
    const tokA = (await api.call('POST', '/api/v1/agent-tokens', { name: 'A agents', orgUnitId: unitA.id })).body.token;
    const pc = { id: 'own-1', host: 'own-host', serial: 'SN-OWN-1', mac: '00:11:22:33:a5:01' };
    await report(pc, tokA);
    const d = await device('own-host');
    let asset = (await ok(api, 'GET', `/api/v1/assets/${d.assetId}`)).body;
    expect(asset.ownerOrgUnitId).toBe(unitA.id);
    asset = (await ok(api, 'PATCH', `/api/v1/assets/${asset.id}`, { attributes: { ram_gb: 64 } }, { 'if-match': `"${asset.version}"` })).body;
    later(60_000);
    await report(pc, tokA);
    const [mismatch] = await queue(`assetId=${asset.id}&status=open`);
    expect(mismatch.kind).toBe('attribute_mismatch');
    expect((await api.call('GET', `/api/v1/discrepancies/${mismatch.id}`, undefined, managerA.auth)).status).toBe(200);
    asset = (await ok(api, 'GET', `/api/v1/assets/${asset.id}`)).body;
    await ok(api, 'PATCH', `/api/v1/assets/${asset.id}`, { ownerOrgUnitId: unitB.id }, { 'if-match': `"${asset.version}"` });

    expect((await api.call('GET', `/api/v1/discrepancies/${mismatch.id}`, undefined, managerA.auth)).status).toBe(404);
    expect((await queue(`assetId=${asset.id}`, managerA.auth))).toEqual([]);
    await refuse(api, 404, 'NOT_FOUND', 'POST', `/api/v1/discrepancies/${mismatch.id}/resolve`, { resolution: 'keep_register', note: 'mine' }, { 'if-match': `"${mismatch.version}"`, ...managerA.auth });
    expect((await queue(`assetId=${asset.id}`, managerB.auth)).map((x: any) => x.id)).toEqual([mismatch.id]);
    expect((await resolve(mismatch, { resolution: 'keep_register', note: 'B keeps 64 GB' }, managerB.auth)).status).toBe(200);
  });

  it('a possible duplicate of an asset in scope cannot link a device reported in another unit (404, nothing written)', async () => {
    const unitC = await create(api, '/api/v1/org-units', { name: 'Queue C', kind: 'department' });
    const unitD = await create(api, '/api/v1/org-units', { name: 'Queue D', kind: 'department' });
    const managerD = await api.user('queue-d-manager', [{ role: 'it_asset_manager', orgUnitId: unitD.id }]);
    const tokC = (await api.call('POST', '/api/v1/agent-tokens', { name: 'C agents', orgUnitId: unitC.id })).body.token;
    await withSettings({ whenNoMatch: 'review' }, async () => {
      const types = await assetTypes(api);
      const asset = await create(api, '/api/v1/assets', { name: 'far-host', assetTypeId: types['laptop'].id, stage: 'in_use', serial: 'OTHER-FAR', ownerOrgUnitId: unitD.id });
      await report({ id: 'far-1', host: 'far-host', mac: '00:11:22:33:a6:01' }, tokC);
      const [dup] = (await queue('kind=duplicate_candidate&status=open')).filter((x: any) => x.assetId === asset.id);
      expect(dup).toBeTruthy();
      expect((await api.call('GET', `/api/v1/discrepancies/${dup.id}`, undefined, managerD.auth)).status).toBe(200);
      await refuse(api, 404, 'NOT_FOUND', 'POST', `/api/v1/discrepancies/${dup.id}/resolve`, { resolution: 'link_asset', assetId: asset.id }, { 'if-match': `"${dup.version}"`, ...managerD.auth });
    });
  });

  it('dismissed unauthorised software is not queued again while the same software is reported; another version is', async () => {
    await withSettings({ denyList: [{ name: 'badware*', reason: 'nope' }] }, async () => {
      const pc = { id: 'deny-1', host: 'deny-host', serial: 'SN-DENY-1', mac: '00:11:22:33:a7:01', sw: [{ name: 'badware', version: '1' }] };
      await report(pc);
      const d = await device('deny-host');
      const [hit] = await queue(`deviceId=${d.id}&status=open&kind=unauthorised_software`);
      expect((await resolve(hit, { resolution: 'dismiss', note: 'false match: internal tool' })).status).toBe(200);
      later(3_600_000);
      await report(pc);
      expect(await queue(`deviceId=${d.id}&status=open&kind=unauthorised_software`)).toEqual([]);
      later(3_600_000);
      await report({ ...pc, sw: [{ name: 'badware', version: '2' }] });
      expect(await queue(`deviceId=${d.id}&status=open&kind=unauthorised_software`)).toHaveLength(1);
    });
  });

  it('an asset reported missing that reports again is queued with what it said; keeping the register holds until it reports under another name', async () => {
    const pc = { id: 'back-1', host: 'back-host', serial: 'SN-BACK-1', mac: '00:11:22:33:a8:01' };
    await report(pc);
    const d = await device('back-host');
    const asset = (await ok(api, 'GET', `/api/v1/assets/${d.assetId}`)).body;
    const missing = (await ok(api, 'POST', `/api/v1/assets/${asset.id}/transitions`, { transition: 'report_missing', evidence: { noticed_on: '2026-11-28' } }, { 'if-match': `"${asset.version}"` })).body;
    expect(await queue(`assetId=${asset.id}&kind=reported_again&status=open`)).toEqual([]);
    later(3_600_000);
    await report(pc);
    const [back] = await queue(`assetId=${asset.id}&kind=reported_again&status=open`);
    expect(back).toMatchObject({ deviceId: d.id, discoveredValue: 'back-host', allowedResolutions: ['corrected', 'keep_register', 'ignore_until', 'dismiss'] });
    expect(back.summary).toMatch(/registered as .*back-host/);
    // Still gone (say, stolen and online elsewhere): the register stays, and the same host name is not queued again.
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/discrepancies/${back.id}/resolve`, { resolution: 'keep_register' }, { 'if-match': `"${back.version}"` });
    expect((await resolve(back, { resolution: 'keep_register', note: 'stolen: reported to the police' })).status).toBe(200);
    expect((await ok(api, 'GET', `/api/v1/assets/${asset.id}`)).body.stage).toBe(missing.stage);
    expect(missing.stage).not.toBe(asset.stage);
    later(3_600_000);
    await report(pc);
    expect(await queue(`assetId=${asset.id}&kind=reported_again&status=open`)).toEqual([]);
    later(3_600_000);
    await report({ ...pc, host: 'renamed-by-thief' });
    expect(await queue(`assetId=${asset.id}&kind=reported_again&status=open`)).toHaveLength(1);
  });
});
