import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { pruneInventoryEvidence, systemContext } from '@custodia/core';
import { refuse } from './support/http.js';
import { readStoredChanges } from '@custodia/domain';

const FI = readFileSync(new URL('../../../packages/data/test-fixtures/inventories/fi-inventory.xml', import.meta.url), 'utf8');
const AGENT = '/api/v1/inventory/agent';

/** The real FusionInventory inventory with another host name, device id and collection time. */
function fiInventory(opts: { host?: string; deviceId?: string; logDate?: string } = {}): string {
  let s = FI;
  if (opts.host) s = s.replace(/(<HARDWARE>[\s\S]*?<NAME>)[^<]*(<\/NAME>)/, `$1${opts.host}$2`);
  if (opts.deviceId) s = s.replace(/<DEVICEID>[^<]*<\/DEVICEID>/, `<DEVICEID>${opts.deviceId}</DEVICEID>`);
  if (opts.logDate) s = s.replace(/<LOGDATE>[^<]*<\/LOGDATE>/, `<LOGDATE>${opts.logDate}</LOGDATE>`);
  return s;
}

const counts = async (api: TestApi) => {
  const out: Record<string, number> = {};
  for (const t of ['discovered_devices', 'inventory_snapshots', 'device_software', 'discrepancies', 'assets', 'events'] as const) {
    out[t] = Number((await api.db.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }
  return out;
};

/** Replaces the discovery settings over their current version (GET's ETag as If-Match). */
async function putSettings(api: TestApi, body: unknown) {
  const current = await api.call('GET', '/api/v1/discovery/settings');
  return api.call('PUT', '/api/v1/discovery/settings', body, { 'if-match': String(current.headers['etag']) });
}

describe.each(ENGINES)('discovery over the agent protocol ($name)', (engine) => {
  let api: TestApi;
  let token: string;
  let now = new Date('2026-11-28T10:00:00Z');
  const post = async (body: Buffer | string, headers: Record<string, string> = {}) => {
    const res = await api.app.inject({ method: 'POST', url: AGENT, headers: { 'content-type': 'application/x-compress-zlib', authorization: `Bearer ${token}`, 'user-agent': 'FusionInventory-Agent_v2.6-3', ...headers }, payload: body });
    return res;
  };
  /** Posts an inventory; the server's clock moves to a minute after the agent's collection time, as in real life. */
  const inventory = (xml: string, headers: Record<string, string> = {}) => {
    const logDate = /<LOGDATE>([^<]+)<\/LOGDATE>/.exec(xml)?.[1];
    const at = logDate ? Date.parse(`${logDate.replace(' ', 'T')}Z`) + 60_000 : NaN;
    if (at > now.getTime() && at < Date.parse('2027-01-01')) now = new Date(at);
    return post(deflateSync(Buffer.from(xml)), headers);
  };
  const device = async (host: string) => (await api.call('GET', `/api/v1/devices?q=${host}`)).body.items[0];

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => now });
    token = (await api.call('POST', '/api/v1/agent-tokens', { name: 'fleet' })).body.token;
  }, 60_000);
  afterAll(async () => api?.close());

  it('AG-01: no token, a bad token or a revoked one → 401 with a Basic challenge, and nothing is parsed or written', async () => {
    const before = await counts(api);
    const none = await api.app.inject({ method: 'POST', url: AGENT, headers: { 'content-type': 'application/xml' }, payload: fiInventory() });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic realm="Custodia inventory"/);
    const bad = await inventory(fiInventory(), { authorization: 'Bearer csa_this-token-does-not-exist-at-all' });
    expect(bad.statusCode).toBe(401);
    const revocable = (await api.call('POST', '/api/v1/agent-tokens', { name: 'old' })).body;
    expect((await api.call('DELETE', `/api/v1/agent-tokens/${revocable.id}`)).status).toBe(204);
    expect((await inventory(fiInventory(), { authorization: `Bearer ${revocable.token}` })).statusCode).toBe(401);
    // A personal API token is not an agent token.
    expect((await inventory(fiInventory(), { authorization: `Bearer ${api.adminToken}` })).statusCode).toBe(403);
    expect(await counts(api)).toEqual(before);
  });

  it('posting without a token works only from a network the administrator allowed', async () => {
    const prolog = () => api.app.inject({ method: 'POST', url: AGENT, remoteAddress: '10.20.30.40', headers: { 'content-type': 'application/xml' },
      payload: '<?xml version="1.0" encoding="UTF-8" ?><REQUEST><DEVICEID>anon-1</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>' });
    expect((await prolog()).statusCode).toBe(401);
    const settings = (await api.call('GET', '/api/v1/discovery/settings')).body;
    const bad = await putSettings(api, { ...settings, unauthenticatedRanges: ['10.20.0.0'] });
    expect(bad.status).toBe(422);
    const dupRules = await putSettings(api, { ...settings, rules: [settings.rules[0], settings.rules[0]] });
    expect(dupRules.status).toBe(422);
    expect((await api.call('GET', '/api/v1/discovery/settings')).body).toEqual(settings);
    expect((await putSettings(api, { ...settings, unauthenticatedRanges: ['10.20.0.0/16'] })).status).toBe(200);
    // The allowed networks are re-read at most every 30 s: a fresh server sees the change at once.
    const fresh = await startApi(engine, { clock: () => now });
    try {
      await putSettings(fresh, { ...settings, unauthenticatedRanges: ['10.20.0.0/16'] });
      const from = (ip: string) => fresh.app.inject({ method: 'POST', url: AGENT, remoteAddress: ip, headers: { 'content-type': 'application/xml' },
        payload: '<?xml version="1.0" encoding="UTF-8" ?><REQUEST><DEVICEID>anon-1</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>' });
      expect((await from('10.20.30.40')).statusCode).toBe(200);
      expect((await from('10.21.0.1')).statusCode).toBe(401);
    } finally {
      await fresh.close();
    }
    expect((await putSettings(api, settings)).status).toBe(200);
  });

  it('settings change with If-Match only (428 without, 412 when stale, nothing written) and every change is a history event', async () => {
    const read = await api.call('GET', '/api/v1/discovery/settings');
    const settings = read.body;
    const etag = String(read.headers['etag']);
    expect(etag).toMatch(/^"\d+"$/);
    const before = await api.db.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect((await api.call('PUT', '/api/v1/discovery/settings', { ...settings, notSeenDays: 45 })).body.code).toBe('PRECONDITION_REQUIRED');
    const changed = await api.call('PUT', '/api/v1/discovery/settings', { ...settings, notSeenDays: 45 }, { 'if-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers['etag']).toBe(`"${Number(etag.replaceAll('"', '')) + 1}"`);
    // A second administrator still holding the old version is refused, and what the first saved stays.
    const stale = await api.call('PUT', '/api/v1/discovery/settings', { ...settings, retentionDays: 10 }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('VERSION_MISMATCH');
    expect((await api.call('GET', '/api/v1/discovery/settings')).body).toMatchObject({ notSeenDays: 45, retentionDays: settings.retentionDays });
    const events = await api.db.db.selectFrom('events').select(['entity_type', 'action', 'changes', 'actor']).where('entity_type', '=', 'discovery_settings').orderBy('seq', 'desc').limit(1).execute();
    expect(events).toHaveLength(1);
    expect(readStoredChanges(events[0]!.changes)).toEqual({ notSeenDays: { before: settings.notSeenDays, after: 45 } });
    const after = await api.db.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    expect((await putSettings(api, settings)).status).toBe(200);
  });

  it('answers PROLOG with SEND and PROLOG_FREQ, zlib at the default level', async () => {
    const res = await post(deflateSync(Buffer.from('<?xml version="1.0" encoding="UTF-8" ?><REQUEST><DEVICEID>vm-2026-11-28-10-22-24</DEVICEID><QUERY>PROLOG</QUERY><TOKEN>12345678</TOKEN></REQUEST>')));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-compress-zlib');
    expect([...res.rawPayload.subarray(0, 2)]).toEqual([0x78, 0x9c]);
    const reply = inflateSync(res.rawPayload).toString();
    expect(reply).toContain('<RESPONSE>SEND</RESPONSE>');
    expect(reply).toMatch(/<PROLOG_FREQ>\d+<\/PROLOG_FREQ>/);
  });

  it('registers a device from a real inventory (HTTP Basic with the token as password also works), and a re-run updates it', async () => {
    const basic = `Basic ${Buffer.from(`agent:${token}`).toString('base64')}`;
    const res = await inventory(fiInventory({ host: 'pc-alpha', deviceId: 'pc-alpha-2026-11-28-10-31-02' }), { authorization: basic });
    expect(res.statusCode).toBe(200);
    expect(inflateSync(res.rawPayload).toString()).toContain('NO_ACCOUNT_UPDATE');
    const d = await device('pc-alpha');
    expect(d).toMatchObject({ hostname: 'pc-alpha', softwareCount: 828, macs: ['02:fc:00:00:00:01'] });
    const asset = (await api.call('GET', `/api/v1/assets/${d.assetId}`)).body;
    expect(asset).toMatchObject({ name: 'pc-alpha', stage: 'in_use', lastVerifiedOn: '2026-11-28' });
    expect(asset.attributes).toMatchObject({ hostname: 'pc-alpha', ram_gb: 24 });
    const again = await inventory(fiInventory({ host: 'pc-alpha', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2026-11-28 11:00:00' }));
    expect(again.statusCode).toBe(200);
    expect((await api.call('GET', '/api/v1/devices?q=pc-alpha')).body.items).toHaveLength(1);
    // Same values in another spelling (the register keeps MACs upper-case) are not a discrepancy.
    expect((await api.call('GET', `/api/v1/discrepancies?assetId=${d.assetId}&status=open`)).body.items).toEqual([]);
    const history = (await api.call('GET', `/api/v1/devices/${d.id}/history`)).body.items;
    expect(history.map((e: any) => e.action)).toEqual(['link', 'discover']);
    // The agent that reported it is named by its token's name, not only by the token's id.
    expect(history[1]).toMatchObject({ actor: expect.stringMatching(/^agent:[0-9a-f-]{36}$/), actorName: 'Agent token "fleet"' });
  });

  it('field authority: a value a person set is never overwritten — the difference is queued; keep-register holds on re-runs; owned fields follow discovery', async () => {
    const d = await device('pc-alpha');
    let asset = (await api.call('GET', `/api/v1/assets/${d.assetId}`)).body;
    const edit = await api.call('PATCH', `/api/v1/assets/${asset.id}`, { attributes: { ...asset.attributes, ram_gb: 32 } }, { 'if-match': `"${asset.version}"` });
    expect(edit.status).toBe(200);
    expect((await inventory(fiInventory({ host: 'pc-alpha', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2026-11-28 11:30:00' }))).statusCode).toBe(200);
    asset = (await api.call('GET', `/api/v1/assets/${asset.id}`)).body;
    expect(asset.attributes.ram_gb).toBe(32);
    const queue = (await api.call('GET', `/api/v1/discrepancies?assetId=${asset.id}&status=open`)).body.items;
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ kind: 'attribute_mismatch', field: 'attributes.ram_gb', registerValue: 32, discoveredValue: 24 });
    expect(queue[0].allowedResolutions).toEqual(expect.arrayContaining(['accept_discovered', 'keep_register']));

    const noReason = await api.call('POST', `/api/v1/discrepancies/${queue[0].id}/resolve`, { resolution: 'keep_register' }, { 'if-match': `"${queue[0].version}"` });
    expect(noReason.status).toBe(422);
    const stale = await api.call('POST', `/api/v1/discrepancies/${queue[0].id}/resolve`, { resolution: 'keep_register', note: 'upgraded' }, { 'if-match': '"99"' });
    expect(stale.status).toBe(412);
    const kept = await api.call('POST', `/api/v1/discrepancies/${queue[0].id}/resolve`, { resolution: 'keep_register', note: 'Memory upgraded by the service desk; the agent reads the old DIMM map' }, { 'if-match': `"${queue[0].version}"` });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'resolved', resolution: 'keep_register', allowedResolutions: [] });
    expect((await api.call('GET', `/api/v1/discrepancies/${queue[0].id}/history`)).body.items.map((e: any) => e.action)).toEqual(['resolve', 'create']);
    expect((await inventory(fiInventory({ host: 'pc-alpha', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2026-11-28 11:45:00' }))).statusCode).toBe(200);
    expect((await api.call('GET', `/api/v1/discrepancies?assetId=${asset.id}&status=open`)).body.items).toHaveLength(0);

    // The host name is owned by discovery: a rename on the machine flows into the register.
    expect((await inventory(fiInventory({ host: 'pc-alpha2', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2026-11-28 12:00:00' }))).statusCode).toBe(200);
    expect((await api.call('GET', `/api/v1/assets/${asset.id}`)).body.attributes.hostname).toBe('pc-alpha2');
  });

  it('an asset whose type later gained a required attribute is still updated by discovery and editable by people', async () => {
    const d = await device('pc-alpha');
    const asset = (await api.call('GET', `/api/v1/assets/${d.assetId}`)).body;
    const type = (await api.call('GET', `/api/v1/asset-types/${asset.assetTypeId}`)).body;
    const schema = type.attributeSchema;
    const gained = await api.call('PATCH', `/api/v1/asset-types/${type.id}`, { attributeSchema: [...schema, { key: 'support_contract', label: 'Support contract', type: 'text', required: true }] }, { 'if-match': `"${type.version}"` });
    expect(gained.status).toBe(200);
    try {
      const res = await inventory(fiInventory({ host: 'pc-alpha3', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2026-11-28 12:15:00' }));
      expect(res.statusCode, res.body).toBe(200);
      const after = (await api.call('GET', `/api/v1/assets/${asset.id}`)).body;
      expect(after.attributes).toMatchObject({ hostname: 'pc-alpha3' });
      expect(after.attributes).not.toHaveProperty('support_contract');
      // A person can move it without knowing the contract; clearing a required attribute is still refused.
      const moved = await api.call('PATCH', `/api/v1/assets/${asset.id}`, { notes: 'Moved to rack C' }, { 'if-match': `"${after.version}"` });
      expect(moved.status).toBe(200);
      const filled = await api.call('PATCH', `/api/v1/assets/${asset.id}`, { attributes: { support_contract: 'SC-2026-118' } }, { 'if-match': `"${moved.body.version}"` });
      expect(filled.status).toBe(200);
      await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/assets/${asset.id}`, { attributes: { support_contract: null } }, { 'if-match': `"${filled.body.version}"` });
    } finally {
      const current = (await api.call('GET', `/api/v1/asset-types/${type.id}`)).body;
      expect((await api.call('PATCH', `/api/v1/asset-types/${type.id}`, { attributeSchema: schema }, { 'if-match': `"${current.version}"` })).status).toBe(200);
    }
    // Back to the name the tests below know it by.
    expect((await inventory(fiInventory({ host: 'pc-alpha2', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2026-11-28 12:30:00' }))).statusCode).toBe(200);
  });

  it('AG-07: a replayed older inventory is only a sighting; an agent clock in the future is replaced by server time and flagged', async () => {
    const d = await device('pc-alpha2');
    expect((await inventory(fiInventory({ host: 'pc-alpha-old', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2026-11-27 08:00:00' }))).statusCode).toBe(200);
    const after = (await api.call('GET', `/api/v1/devices/${d.id}`)).body;
    expect(after.hostname).toBe('pc-alpha2');
    expect(after.snapshots[0]).toMatchObject({ outcome: 'stale' });
    expect((await api.call('GET', `/api/v1/assets/${d.assetId}`)).body.attributes.hostname).toBe('pc-alpha2');
    expect((await inventory(fiInventory({ host: 'pc-alpha2', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2027-11-28 08:00:00' }))).statusCode).toBe(200);
    expect((await api.call('GET', `/api/v1/devices/${d.id}`)).body.snapshots[0]).toMatchObject({ outcome: 'applied', anomaly: 'clock_ahead' });
  });

  it('AG-05 / AG-06: a compression bomb → 413 and a DTD → 400, with nothing written', async () => {
    const before = await counts(api);
    const bomb = await post(deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
    expect(bomb.statusCode).toBe(413);
    const xxe = await inventory('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><REQUEST><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>&x;</NAME></HARDWARE></CONTENT></REQUEST>');
    expect(xxe.statusCode).toBe(400);
    expect(JSON.parse(xxe.body).code).toBe('INVENTORY_DTD_NOT_ALLOWED');
    const laughs = await inventory(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><REQUEST><QUERY>INVENTORY</QUERY><CONTENT>&lol2;</CONTENT></REQUEST>`);
    expect(laughs.statusCode).toBe(400);
    const deep = await inventory(`<REQUEST>${'<A>'.repeat(10_000)}${'</A>'.repeat(10_000)}</REQUEST>`);
    expect(deep.statusCode).toBe(400);
    const truncated = await post(deflateSync(Buffer.from(fiInventory())).subarray(0, 5000));
    expect(truncated.statusCode).toBe(400);
    expect(await counts(api)).toEqual(before);
  });

  it('AG-03 / AG-04: injection and markup in agent fields are stored literally', async () => {
    const host = `x' OR SLEEP(5)-- <script>alert(1)</script>`;
    const xml = fiInventory({ host: host.replace(/</g, '&lt;').replace(/>/g, '&gt;'), deviceId: 'inj-1' }).replaceAll('02:fc:00:00:00:01', '02:bb:00:00:00:03');
    expect((await inventory(xml)).statusCode).toBe(200);
    const found = (await api.call('GET', `/api/v1/devices?q=${encodeURIComponent("x' or sleep")}`)).body.items;
    expect(found.map((d: any) => d.hostname)).toEqual([host]);
    // The type's host-name pattern refuses it, so the asset is registered without that attribute rather than lost.
    const asset = (await api.call('GET', `/api/v1/assets/${found[0].assetId}`)).body;
    expect(asset.name).toBe(host);
    expect(asset.attributes.hostname).toBeUndefined();
  });

  it('GLPI JSON: contact, a full inventory, then a partial one merges into what is known; a partial of an unknown device creates nothing', async () => {
    const json = (body: unknown) => post(deflateSync(Buffer.from(JSON.stringify(body))), { 'user-agent': 'GLPI-Agent_v1.11', 'glpi-agent-id': '3c2f3e6a-0000-4000-8000-000000000001' });
    const contact = await json({ action: 'contact', deviceid: 'glpi-1', name: 'GLPI-Agent', version: '1.11', 'installed-tasks': ['inventory'], 'enabled-tasks': ['inventory'] });
    expect(contact.statusCode).toBe(200);
    expect(contact.headers['glpi-agent-id']).toBe('3c2f3e6a-0000-4000-8000-000000000001');
    expect(JSON.parse(inflateSync(contact.rawPayload).toString())).toMatchObject({ status: 'ok' });
    const content = {
      versionclient: 'GLPI-Agent_v1.11', hardware: { name: 'glpi-host', memory: 8192 }, bios: { ssn: 'SN-GLPI-0001', smanufacturer: 'Dell Inc.', smodel: 'Latitude 7440' },
      cpus: [{ name: 'Intel Core i7', core: 8 }], networks: [{ description: 'eth0', mac: '00:11:22:33:44:55', virtualdev: false }],
      softwares: [{ name: 'alpha', version: '1.0' }, { name: 'Bêta Éditeur', version: '2.0', publisher: 'Société Générale' }],
    };
    expect((await json({ action: 'inventory', deviceid: 'glpi-1', itemtype: 'Computer', content })).statusCode).toBe(200);
    const d = await device('glpi-host');
    expect(d).toMatchObject({ serial: 'SN-GLPI-0001', softwareCount: 2, cpuSummary: expect.stringContaining('Intel Core i7') });
    // The device's software is searched by name or publisher, ignoring case and accents.
    for (const q of ['beta editeur', 'BÊTA', 'societe generale']) {
      expect((await api.call('GET', `/api/v1/devices/${d.id}/software?q=${encodeURIComponent(q)}`)).body.items.map((x: any) => x.name), q).toEqual(['Bêta Éditeur']);
    }
    // Found by part of its serial or host name, in any case, on both engines.
    for (const q of ['sn-glpi-0001', 'GLPI-00', 'GLPI-HOST']) expect((await api.call('GET', `/api/v1/devices?q=${q}`)).body.items.map((x: any) => x.id), q).toEqual([d.id]);
    const partial = await json({ action: 'inventory', deviceid: 'glpi-1', itemtype: 'Computer', partial: true, content: { versionclient: 'GLPI-Agent_v1.11', softwares: [{ name: 'alpha', version: '1.1' }, { name: 'Bêta Éditeur', version: '2.0', publisher: 'Société Générale' }, { name: 'gamma', version: '3.0' }] } });
    expect(partial.statusCode).toBe(200);
    const merged = (await api.call('GET', `/api/v1/devices/${d.id}`)).body;
    expect(merged).toMatchObject({ softwareCount: 3, serial: 'SN-GLPI-0001', hostname: 'glpi-host' });
    expect(merged.components.cpus).toHaveLength(1);
    const before = await counts(api);
    const unknown = await json({ action: 'inventory', deviceid: 'never-seen', itemtype: 'Computer', partial: true, content: { versionclient: 'x', softwares: [{ name: 'z' }] } });
    expect(unknown.statusCode).toBe(200);
    const after = await counts(api);
    expect({ ...after, inventory_snapshots: before.inventory_snapshots }).toEqual(before);
    const wrongType = await json({ action: 'inventory', deviceid: 'glpi-2', itemtype: 'Computer', content: { versionclient: 'x', hardware: { name: { $gt: '' } } } });
    expect(wrongType.statusCode).toBe(422);
  });

  it('a cloned VM that kept its original agent device id but has its own UUID is another device, not an update', async () => {
    const json = (body: unknown) => post(deflateSync(Buffer.from(JSON.stringify(body))), { 'user-agent': 'GLPI-Agent_v1.11' });
    const content = (uuid: string, host: string) => ({ versionclient: 'GLPI-Agent_v1.11', hardware: { name: host, uuid }, networks: [{ description: 'eth0', mac: host === 'vm-a' ? '00:50:56:aa:00:01' : '00:50:56:aa:00:02' }] });
    expect((await json({ action: 'inventory', deviceid: 'clone-src', itemtype: 'Computer', content: content('4c4c4544-0042-3510-8052-b4c04f4e3132', 'vm-a') })).statusCode).toBe(200);
    expect((await json({ action: 'inventory', deviceid: 'clone-src', itemtype: 'Computer', content: content('4c4c4544-0042-3510-8052-b4c04f4e9999', 'vm-b') })).statusCode).toBe(200);
    const a = await device('vm-a');
    const b = await device('vm-b');
    expect(a.id).not.toBe(b.id);
    expect(a.uuid).toBe('4c4c4544-0042-3510-8052-b4c04f4e3132');
  });

  it('AG-02: a token bound to an org unit cannot update a device registered elsewhere (409, logged, nothing merged)', async () => {
    const units = (await api.call('GET', '/api/v1/org-units?limit=5')).body.items;
    let unitA = units[0]?.id;
    if (!unitA) unitA = (await api.call('POST', '/api/v1/org-units', { name: 'Unit A', kind: 'business_unit' })).body.id;
    const unitB = (await api.call('POST', '/api/v1/org-units', { name: 'Unit B', kind: 'business_unit' })).body.id;
    const scoped = (await api.call('POST', '/api/v1/agent-tokens', { name: 'unit B agents', orgUnitId: unitB })).body.token;
    const d = await device('glpi-host');
    const asset = (await api.call('GET', `/api/v1/assets/${d.assetId}`)).body;
    expect((await api.call('PATCH', `/api/v1/assets/${asset.id}`, { ownerOrgUnitId: unitA }, { 'if-match': `"${asset.version}"` })).status).toBe(200);
    const before = await counts(api);
    const res = await api.app.inject({ method: 'POST', url: AGENT, headers: { authorization: `Bearer ${scoped}`, 'content-type': 'application/json', 'user-agent': 'GLPI-Agent_v1.11' },
      payload: JSON.stringify({ action: 'inventory', deviceid: 'glpi-1', itemtype: 'Computer', content: { versionclient: 'x', hardware: { name: 'glpi-host' }, bios: { ssn: 'SN-GLPI-0001' } } }) });
    expect(res.statusCode).toBe(409);
    expect(await counts(api)).toEqual(before);
    const log = (await api.call('GET', '/api/v1/security-log?limit=20')).body.items;
    expect(log.some((e: any) => JSON.stringify(e).includes('outside its org unit'))).toBe(true);
  });

  it('queues what the rules cannot decide; "register as new asset" resolves it; deny-listed software is queued', async () => {
    const settings = (await api.call('GET', '/api/v1/discovery/settings')).body;
    const reviewing = { ...settings, whenNoMatch: 'review', denyList: [{ name: 'bash*', reason: 'Shells need approval' }] };
    expect((await putSettings(api, reviewing)).status).toBe(200);
    const before = await counts(api);
    expect((await inventory(fiInventory({ host: 'pc-new', deviceId: 'pc-new-1' }).replaceAll('02:fc:00:00:00:01', '02:aa:00:00:00:09'))).statusCode).toBe(200);
    expect((await counts(api)).assets).toBe(before.assets);
    const d = await device('pc-new');
    expect(d.assetId).toBeNull();
    const open = (await api.call('GET', `/api/v1/discrepancies?deviceId=${d.id}&status=open`)).body.items;
    expect(open.map((x: any) => x.kind).sort()).toEqual(['unauthorised_software', 'unregistered']);
    const unregistered = open.find((x: any) => x.kind === 'unregistered');
    const wrong = await api.call('POST', `/api/v1/discrepancies/${unregistered.id}/resolve`, { resolution: 'accept_discovered' }, { 'if-match': `"${unregistered.version}"` });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].code).toBe('RESOLUTION_NOT_ALLOWED');
    const unchanged = await counts(api);
    expect((await api.call('POST', `/api/v1/discrepancies/${unregistered.id}/resolve`, { resolution: 'ignore_until', ignoreUntil: '2020-01-01', note: 'x' }, { 'if-match': `"${unregistered.version}"` })).status).toBe(422);
    expect((await api.call('POST', `/api/v1/discrepancies/${unregistered.id}/resolve`, { resolution: 'link_asset' }, { 'if-match': `"${unregistered.version}"` })).status).toBe(422);
    expect(await counts(api)).toEqual(unchanged);
    expect((await api.call('GET', `/api/v1/discrepancies/${unregistered.id}`)).body).toMatchObject({ status: 'open', version: unregistered.version });
    const done = await api.call('POST', `/api/v1/discrepancies/${unregistered.id}/resolve`, { resolution: 'register_asset', stage: 'in_stock' }, { 'if-match': `"${unregistered.version}"` });
    expect(done.status).toBe(200);
    const linked = (await api.call('GET', `/api/v1/devices/${d.id}`)).body;
    expect(linked.assetId).toBe(done.body.assetId);
    expect((await api.call('GET', `/api/v1/assets/${linked.assetId}`)).body).toMatchObject({ name: 'pc-new', stage: 'in_stock' });
    // Registered from the device: its fields stay discovery's, so later inventories keep them up to date.
    const sources = await api.db.db.selectFrom('asset_field_sources').select(['field', 'source']).where('asset_id', '=', linked.assetId).execute();
    expect(sources.find((r) => r.field === 'attributes.hostname')?.source).toBe('discovery');
    const again = await api.call('POST', `/api/v1/discrepancies/${unregistered.id}/resolve`, { resolution: 'dismiss', note: 'x' }, { 'if-match': `"${done.body.version}"` });
    expect(again.status).toBe(409);
    expect((await putSettings(api, settings)).status).toBe(200);
  });

  it('unauthorised software on an asset is filed under the org unit owning the asset, not the agent token\'s', async () => {
    const d = await device('pc-alpha2');
    const unit = (await api.call('POST', '/api/v1/org-units', { name: 'Workshop', kind: 'department' })).body;
    const asset = (await api.call('GET', `/api/v1/assets/${d.assetId}`)).body;
    expect((await api.call('PATCH', `/api/v1/assets/${asset.id}`, { ownerOrgUnitId: unit.id }, { 'if-match': `"${asset.version}"` })).status).toBe(200);
    const settings = (await api.call('GET', '/api/v1/discovery/settings')).body;
    expect((await putSettings(api, { ...settings, denyList: [{ name: 'bash*', reason: 'Shells need approval' }] })).status).toBe(200);
    expect((await inventory(fiInventory({ host: 'pc-alpha2', deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: '2026-11-28 13:00:00' }))).statusCode).toBe(200);
    const found = await api.db.db.selectFrom('discrepancies').select(['id', 'org_unit_id', 'asset_id', 'version']).where('kind', '=', 'unauthorised_software').where('device_id', '=', d.id).where('status', '=', 'open').execute();
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.org_unit_id === unit.id && f.asset_id === asset.id)).toBe(true);
    for (const f of found) expect((await api.call('POST', `/api/v1/discrepancies/${f.id}/resolve`, { resolution: 'dismiss', note: 'Approved shell' }, { 'if-match': `"${f.version}"` })).status).toBe(200);
    expect((await putSettings(api, settings)).status).toBe(200);
  });

  it('registered but not seen for N days is queued as possibly lost; "mark missing" runs the lifecycle transition', async () => {
    const d = await device('pc-alpha2');
    const settings = (await api.call('GET', '/api/v1/discovery/settings')).body;
    expect((await putSettings(api, { ...settings, notSeenDays: 7 })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/discovery/detect-not-seen')).body.queued).toBe(0);
    now = new Date(now.getTime() + 8 * 86_400_000);
    const run = await api.call('POST', '/api/v1/discovery/detect-not-seen');
    expect(run.status).toBe(200);
    expect(run.body.queued).toBeGreaterThanOrEqual(1);
    const listed = await api.call('GET', `/api/v1/discrepancies?assetId=${d.assetId}&kind=not_seen&status=open`);
    const [item] = listed.body.items;
    expect(item.summary).toMatch(/not reported/);
    expect((await api.call('POST', '/api/v1/discovery/detect-not-seen')).body.queued).toBe(0);
    const res = await api.call('POST', `/api/v1/discrepancies/${item.id}/resolve`, { resolution: 'mark_missing', note: 'Not on the network since December' }, { 'if-match': `"${item.version}"` });
    expect(res.status).toBe(200);
    expect((await api.call('GET', `/api/v1/assets/${d.assetId}`)).body.stage).toBe('missing');
  });

  it('raw inventories are kept as evidence for the retention period, then deleted; the device data stays', async () => {
    const before = Number((await api.db.db.selectFrom('inventory_snapshots').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(before).toBeGreaterThan(0);
    const devices = Number((await api.db.db.selectFrom('discovered_devices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const later = { ...systemContext(api.db, 'job'), now: () => new Date(now.getTime() + 91 * 86_400_000) };
    expect((await pruneInventoryEvidence(later)).deleted).toBe(before);
    expect(Number((await api.db.db.selectFrom('inventory_snapshots').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    expect(Number((await api.db.db.selectFrom('discovered_devices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(devices);
  });

  it('AG-08: beyond the in-flight cap agents get 429 with Retry-After, never a 5xx', async () => {
    const busy = await startApi(engine, { app: { inventoryConcurrency: 1 } });
    try {
      const t = (await busy.call('POST', '/api/v1/agent-tokens', { name: 'herd' })).body.token;
      const body = deflateSync(Buffer.from(fiInventory()));
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => busy.app.inject({ method: 'POST', url: AGENT, headers: { authorization: `Bearer ${t}`, 'content-type': 'application/x-compress-zlib' }, payload: i % 2 ? body : deflateSync(Buffer.from(fiInventory({ deviceId: `herd-${i}` }))) })));
      const codes = results.map((r) => r.statusCode);
      expect(codes.every((c) => c === 200 || c === 429)).toBe(true);
      expect(codes).toContain(429);
      expect(results.find((r) => r.statusCode === 429)!.headers['retry-after']).toBeDefined();

      // The slot comes back when an answer is sent…
      const post = () => busy.app.inject({ method: 'POST', url: AGENT, headers: { authorization: `Bearer ${t}`, 'content-type': 'application/x-compress-zlib' }, payload: body });
      expect((await post()).statusCode).toBe(200);
      expect((await post()).statusCode).toBe(200);
      // …and when an agent goes away halfway through its upload (a real connection, cut). It holds the one slot while
      // its body is awaited: the next agent is turned away until the connection is cut.
      const base = await busy.app.listen({ host: '127.0.0.1', port: 0 });
      const startCut = () => {
        const req = request(`${base}${AGENT}`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/x-compress-zlib', 'content-length': String(body.length) } });
        const state = { req, answered: false };
        req.on('error', () => undefined);
        req.on('response', (r) => { state.answered = true; r.resume(); });
        req.write(body.subarray(0, 100));
        return state;
      };
      // Until the server has let the half-sent upload in (a probe arriving first takes the slot and the upload is
      // answered 429: then it is sent again).
      let cut = startCut();
      let probe = 0;
      for (let tries = 0; tries < 50 && probe !== 429; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (cut.answered) { cut = startCut(); continue; }
        probe = (await post()).statusCode;
      }
      expect(probe, 'the half-sent upload holds the slot').toBe(429);
      expect(cut.answered).toBe(false);
      const { req: cutRequest } = cut;
      cutRequest.destroy();
      await expect.poll(async () => (await post()).statusCode, { timeout: 5000 }).toBe(200);
    } finally {
      await busy.close();
    }
  });

  it('deleting an asset registered by mistake unlinks its device and removes its discrepancies, each with an event', async () => {
    // The first device registered above (its asset gathered discrepancies in the tests since).
    const d = await device('pc-alpha');
    const asset = (await api.call('GET', `/api/v1/assets/${d.assetId}`)).body;
    const held = await api.db.db.selectFrom('discrepancies').select('id').where('asset_id', '=', asset.id).execute();
    expect(held.length).toBeGreaterThan(0);
    const gone = await api.call('DELETE', `/api/v1/assets/${asset.id}`, { reason: 'Registered by mistake' }, { 'if-match': `"${asset.version}"` });
    expect(gone.status, JSON.stringify(gone.body)).toBe(204);
    expect((await api.call('GET', `/api/v1/devices/${d.id}`)).body.assetId).toBeNull();
    const history = (await api.call('GET', `/api/v1/devices/${d.id}/history`)).body.items;
    expect(history[0]).toMatchObject({ action: 'update', reason: 'Registered by mistake', changes: { assetId: { before: asset.id, after: null } } });
    expect(await api.db.db.selectFrom('discrepancies').select('id').where('asset_id', '=', asset.id).execute()).toEqual([]);
    for (const x of held) {
      const events = await api.db.db.selectFrom('events').select('action').where('entity_type', '=', 'discrepancy').where('entity_id', '=', x.id).orderBy('seq', 'desc').execute();
      expect(events[0]?.action).toBe('delete');
    }
  });
});
