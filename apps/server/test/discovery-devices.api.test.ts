import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { pruneInventoryEvidence, systemContext } from '@custodia/core';
import { discoveryCounts, discoveryServer, fiInventory, fusionInventoryAgent, putSettings } from './support/discovery.js';
import { refuse } from './support/http.js';

/**
 * A discovered device's life from the real FusionInventory inventory, one story across the tests (each builds on the
 * device the ones before left): registration, field authority, replays (AG-07), the review queue and the deny list,
 * "not seen", evidence retention, and deleting the asset.
 */
describe.each(ENGINES)('discovery: a device from its inventories ($name)', (engine) => {
  let now = new Date('2026-11-28T10:00:00Z');
  const server = discoveryServer(engine, () => now);
  const { api } = server;
  const { inventory } = fusionInventoryAgent(server, () => now, (at) => { now = at; });
  const device = async (host: string) => (await api.call('GET', `/api/v1/devices?q=${host}`)).body.items[0];

  it('registers a device from a real inventory (HTTP Basic with the token as password also works), and a re-run updates it', async () => {
    const basic = `Basic ${Buffer.from(`agent:${server.token}`).toString('base64')}`;
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

    // "Corrected in the register" needs a person's change since it was raised: the edit came before it, and what the
    // agent wrote since (the host name it owns, renamed and back) is no correction. Refused, nothing written.
    expect(queue[0].allowedResolutions).toContain('corrected');
    for (const [host, at] of [['pc-alpha-tmp', '11:32'], ['pc-alpha', '11:34']]) {
      expect((await inventory(fiInventory({ host, deviceId: 'pc-alpha-2026-11-28-10-31-02', logDate: `2026-11-28 ${at}:00` }))).statusCode).toBe(200);
    }
    const raised = await api.db.db.selectFrom('events').select('seq').where('entity_type', '=', 'discrepancy').where('entity_id', '=', queue[0].id).where('action', '=', 'create').executeTakeFirstOrThrow();
    const agentWrites = await api.db.db.selectFrom('events').select('seq').where('entity_type', '=', 'asset').where('entity_id', '=', asset.id)
      .where('source', '=', 'agent').where('action', '=', 'update').where('seq', '>', raised.seq).execute();
    expect(agentWrites.length).toBe(2);
    await refuse(api, 409, 'NOTHING_CORRECTED', 'POST', `/api/v1/discrepancies/${queue[0].id}/resolve`, { resolution: 'corrected', note: 'The service desk fixed it' }, { 'if-match': `"${queue[0].version}"` });
    expect((await api.call('GET', `/api/v1/discrepancies/${queue[0].id}`)).body).toMatchObject({ status: 'open', resolution: null, version: queue[0].version });

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

  it('queues what the rules cannot decide; "register as new asset" resolves it; deny-listed software is queued', async () => {
    const settings = (await api.call('GET', '/api/v1/discovery/settings')).body;
    const reviewing = { ...settings, whenNoMatch: 'review', denyList: [{ name: 'bash*', reason: 'Shells need approval' }] };
    expect((await putSettings(api, reviewing)).status).toBe(200);
    const before = await discoveryCounts(api);
    expect((await inventory(fiInventory({ host: 'pc-new', deviceId: 'pc-new-1' }).replaceAll('02:fc:00:00:00:01', '02:aa:00:00:00:09'))).statusCode).toBe(200);
    expect((await discoveryCounts(api)).assets).toBe(before.assets);
    const d = await device('pc-new');
    expect(d.assetId).toBeNull();
    const open = (await api.call('GET', `/api/v1/discrepancies?deviceId=${d.id}&status=open`)).body.items;
    expect(open.map((x: any) => x.kind).sort()).toEqual(['unauthorised_software', 'unregistered']);
    const unregistered = open.find((x: any) => x.kind === 'unregistered');
    const wrong = await api.call('POST', `/api/v1/discrepancies/${unregistered.id}/resolve`, { resolution: 'accept_discovered' }, { 'if-match': `"${unregistered.version}"` });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].code).toBe('RESOLUTION_NOT_ALLOWED');
    const unchanged = await discoveryCounts(api);
    expect((await api.call('POST', `/api/v1/discrepancies/${unregistered.id}/resolve`, { resolution: 'ignore_until', ignoreUntil: '2020-01-01', note: 'x' }, { 'if-match': `"${unregistered.version}"` })).status).toBe(422);
    expect((await api.call('POST', `/api/v1/discrepancies/${unregistered.id}/resolve`, { resolution: 'link_asset' }, { 'if-match': `"${unregistered.version}"` })).status).toBe(422);
    expect(await discoveryCounts(api)).toEqual(unchanged);
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
