import { request } from 'node:http';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi } from '../../../test/support/api.js';
import { AGENT, discoveryCounts, discoveryServer, fiInventory, fusionInventoryAgent, putSettings } from './support/discovery.js';
import { readStoredChanges } from '@custodia/domain';

/**
 * The agent endpoint's gate: who may report (agent tokens, the networks allowed without one), the settings that
 * govern it, the PROLOG handshake, hostile input (security test plan AG-01, AG-03…06) and the in-flight cap (AG-08).
 * What discovery makes of an inventory: discovery-devices.api.test.ts and discovery-glpi.api.test.ts.
 */
describe.each(ENGINES)('discovery: the agent endpoint\'s gate ($name)', (engine) => {
  let now = new Date('2026-11-28T10:00:00Z');
  const server = discoveryServer(engine, () => now);
  const { api } = server;
  const { post, inventory } = fusionInventoryAgent(server, () => now, (at) => { now = at; });

  it('AG-01: no token, a bad token or a revoked one → 401 with a Basic challenge, and nothing is parsed or written', async () => {
    const before = await discoveryCounts(api);
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
    expect(await discoveryCounts(api)).toEqual(before);
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

  it('AG-05 / AG-06: a compression bomb → 413 and a DTD → 400, with nothing written', async () => {
    const before = await discoveryCounts(api);
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
    expect(await discoveryCounts(api)).toEqual(before);
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
});
