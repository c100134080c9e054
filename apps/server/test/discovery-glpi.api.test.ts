import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { AGENT, discoveryCounts, discoveryServer, sendToAgentEndpoint } from './support/discovery.js';

/**
 * The GLPI agent's JSON protocol: contact, full and partial inventories, a cloned VM's shared device id, and a token
 * bound to an org unit (AG-02).
 */
describe.each(ENGINES)('discovery: GLPI agents ($name)', (engine) => {
  const now = new Date('2026-11-28T10:00:00Z');
  const server = discoveryServer(engine, () => now);
  const { api } = server;
  const device = async (host: string) => (await api.call('GET', `/api/v1/devices?q=${host}`)).body.items[0];

  it('GLPI JSON: contact, a full inventory, then a partial one merges into what is known; a partial of an unknown device creates nothing', async () => {
    const json = (body: unknown) => sendToAgentEndpoint(api, server.token, body, { 'glpi-agent-id': '3c2f3e6a-0000-4000-8000-000000000001' });
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
    const before = await discoveryCounts(api);
    const unknown = await json({ action: 'inventory', deviceid: 'never-seen', itemtype: 'Computer', partial: true, content: { versionclient: 'x', softwares: [{ name: 'z' }] } });
    expect(unknown.statusCode).toBe(200);
    const after = await discoveryCounts(api);
    expect({ ...after, inventory_snapshots: before.inventory_snapshots }).toEqual(before);
    const wrongType = await json({ action: 'inventory', deviceid: 'glpi-2', itemtype: 'Computer', content: { versionclient: 'x', hardware: { name: { $gt: '' } } } });
    expect(wrongType.statusCode).toBe(422);
  });

  it('a cloned VM that kept its original agent device id but has its own UUID is another device, not an update', async () => {
    const json = (body: unknown) => sendToAgentEndpoint(api, server.token, body);
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
    const before = await discoveryCounts(api);
    const res = await api.app.inject({ method: 'POST', url: AGENT, headers: { authorization: `Bearer ${scoped}`, 'content-type': 'application/json', 'user-agent': 'GLPI-Agent_v1.11' },
      payload: JSON.stringify({ action: 'inventory', deviceid: 'glpi-1', itemtype: 'Computer', content: { versionclient: 'x', hardware: { name: 'glpi-host' }, bios: { ssn: 'SN-GLPI-0001' } } }) });
    expect(res.statusCode).toBe(409);
    expect(await discoveryCounts(api)).toEqual(before);
    const log = (await api.call('GET', '/api/v1/security-log?limit=20')).body.items;
    expect(log.some((e: any) => JSON.stringify(e).includes('outside its org unit'))).toBe(true);
  });
});
