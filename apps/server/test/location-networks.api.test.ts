import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { discoveryServer, fiInventory, fusionInventoryAgent } from './support/discovery.js';
import { create, ok, refuse, uniq } from './support/http.js';

/** A container bridge reporting an address of the Paris range: never where the machine is. */
const DOCKER = '<NETWORKS><DESCRIPTION>docker0</DESCRIPTION><IPADDRESS>10.30.0.1</IPADDRESS><IPMASK>255.255.0.0</IPMASK><MACADDR>02:42:ac:11:00:01</MACADDR><STATUS>Up</STATUS><VIRTUALDEV>1</VIRTUALDEV></NETWORKS>';

/**
 * Network ranges of locations, and where discovery says a device is (ITAM guide, "Follow: geolocation"): ranges are
 * written with the location (If-Match, history) and refused whole when wrong; a linked device reporting from another
 * place than its asset's registered location is queued as a location mismatch, settled when it agrees, and accepting
 * it moves the asset.
 */
describe.each(ENGINES)('location network ranges ($name)', (engine) => {
  let now = new Date('2026-11-28T10:00:00Z');
  const server = discoveryServer(engine, () => now);
  const { api } = server;
  const agent = fusionInventoryAgent(server, () => now, (at) => { now = at; });
  const place = (kind: string, parentId: string | null, networkRanges?: string[]) => create(api, '/api/v1/locations', { name: uniq(`${kind} `), kind, parentId, ...(networkRanges ? { networkRanges } : {}) });
  const read = async (id: string) => (await ok(api, 'GET', `/api/v1/locations/${id}`)).body;
  const history = async (path: string) => (await ok(api, 'GET', `${path}/history`)).body.items;
  const epoch = async () => (await api.db.db.selectFrom('settings').select('value').where('key', '=', 'locations_epoch').executeTakeFirst())?.value ?? null;

  it('ranges are written with the location, normalised, versioned and recorded in its history', async () => {
    const site = await place('site', null, [' 10.60.0.0/16', '2001:DB8:60:0::/48']);
    expect(site.networkRanges).toEqual(['10.60.0.0/16', '2001:db8:60::/48']);
    expect((await history(`/api/v1/locations/${site.id}`))[0]).toMatchObject({ action: 'create', changes: { networkRanges: { before: null, after: site.networkRanges } } });
    const patched = (await ok(api, 'PATCH', `/api/v1/locations/${site.id}`, { networkRanges: ['10.60.0.0/16', '10.61.0.0/16'] }, { 'if-match': '"1"' })).body;
    expect(patched).toMatchObject({ version: 2, networkRanges: ['10.60.0.0/16', '10.61.0.0/16'] });
    expect(await read(site.id)).toMatchObject({ version: 2, networkRanges: patched.networkRanges });
    expect((await history(`/api/v1/locations/${site.id}`))[0]).toMatchObject({ action: 'update', changes: { networkRanges: { before: site.networkRanges, after: patched.networkRanges } } });
    await refuse(api, 428, undefined, 'PATCH', `/api/v1/locations/${site.id}`, { networkRanges: [] });
    await refuse(api, 412, undefined, 'PATCH', `/api/v1/locations/${site.id}`, { networkRanges: [] }, { 'if-match': '"1"' });
    // A location created without ranges has none; a rename leaves them as they are.
    expect((await place('room', site.id)).networkRanges).toEqual([]);
    expect((await ok(api, 'PATCH', `/api/v1/locations/${site.id}`, { name: uniq('Renamed ') }, { 'if-match': '"2"' })).body.networkRanges).toEqual(patched.networkRanges);
  });

  it('wrong ranges are refused (422) with a stable code at the range, on create and edit, and nothing is written', async () => {
    const site = await place('site', null, ['10.40.0.0/16']);
    const before = await epoch();
    const cases: [unknown, string, string][] = [
      [['10.40.0.0/16', '10.40.3.7/24'], 'networkRanges.1', 'NETWORK_RANGE_HOST_BITS_SET'],
      [['2001:db8::1/48'], 'networkRanges.0', 'NETWORK_RANGE_HOST_BITS_SET'],
      [['10.40.0.0'], 'networkRanges.0', 'INVALID_NETWORK_RANGE'],
      [['10.40.0.0/33'], 'networkRanges.0', 'INVALID_NETWORK_RANGE'],
      [['berlin/24'], 'networkRanges.0', 'INVALID_NETWORK_RANGE'],
      [['10.40.0.0/16', '10.40.0.0/16 '], 'networkRanges.1', 'DUPLICATE_NETWORK_RANGE'],
      [Array.from({ length: 51 }, (_, i) => `10.${i}.0.0/16`), 'networkRanges', 'INVALID_TOO_BIG'],
      [[42], 'networkRanges.0', 'INVALID_INVALID_TYPE'],
      ['10.40.0.0/16', 'networkRanges', 'INVALID_INVALID_TYPE'],
    ];
    for (const [networkRanges, field, fieldCode] of cases) {
      for (const res of [
        await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/locations/${site.id}`, { name: 'Renamed', networkRanges }, { 'if-match': '"1"' }),
        await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/locations', { name: uniq('Site '), networkRanges }),
      ]) expect(res.body.errors, JSON.stringify(res.body)).toContainEqual(expect.objectContaining({ field, code: fieldCode }));
    }
    const host = await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/locations/${site.id}`, { networkRanges: ['10.40.3.7/24'] }, { 'if-match': '"1"' });
    expect(host.body.errors[0].message).toContain('10.40.3.0/24');
    expect(await read(site.id)).toMatchObject({ version: 1, name: site.name, networkRanges: ['10.40.0.0/16'] });
    expect(await history(`/api/v1/locations/${site.id}`)).toHaveLength(1);
    expect(await epoch()).toEqual(before);
  });

  it('a device reporting from another place is queued, never moved; it settles when the register agrees; accepting moves the asset', async () => {
    const berlin = await place('site', null, ['10.20.0.0/16']);
    const building = await place('building', berlin.id);
    const room3 = await place('room', building.id, ['10.20.3.0/24']);
    const paris = await place('site', null, ['10.30.0.0/16']);
    let minute = 0;
    const report = async (ipv4: string) => {
      minute += 5;
      const xml = fiInventory({ host: 'geo-pc', deviceId: 'geo-pc-1', logDate: `2026-11-28 11:${String(minute).padStart(2, '0')}:00`, ipv4, moreNetworks: DOCKER });
      expect((await agent.inventory(xml)).statusCode).toBe(200);
    };
    const mismatches = async (assetId: string, status = 'open') => (await ok(api, 'GET', `/api/v1/discrepancies?assetId=${assetId}&kind=location_mismatch&status=${status}`)).body.items;
    const asset = async (id: string) => (await ok(api, 'GET', `/api/v1/assets/${id}`)).body;
    const moveTo = async (id: string, locationId: string) => ok(api, 'PATCH', `/api/v1/assets/${id}`, { locationId }, { 'if-match': `"${(await asset(id)).version}"` });

    // Created by discovery, at no location: it is placed in the room it reports from (discovery fills an empty field;
    // the container bridge's Paris address counts for nothing), and nothing is queued.
    await report('10.20.3.7');
    const device = (await ok(api, 'GET', '/api/v1/devices?q=geo-pc')).body.items[0];
    expect(device.assetId).toBeTruthy();
    const assetId = device.assetId as string;
    expect((await asset(assetId)).locationId).toBe(room3.id);
    expect((await history(`/api/v1/assets/${assetId}`))[0]).toMatchObject({ action: 'update', source: 'agent', changes: { locationId: { before: null, after: room3.id } } });
    expect(await mismatches(assetId)).toEqual([]);
    expect((await ok(api, 'GET', `/api/v1/devices/${device.id}`)).body.reportsFrom).toEqual({ locationId: room3.id, name: expect.stringContaining(room3.name), range: '10.20.3.0/24', address: '10.20.3.7' });

    // A person registers it in Paris: discovery does not move it back; the difference is queued with its evidence.
    await moveTo(assetId, paris.id);
    await report('10.20.3.7');
    expect((await asset(assetId)).locationId).toBe(paris.id);
    const [first] = await mismatches(assetId);
    expect(first).toMatchObject({ field: 'locationId', registerValue: paris.id, discoveredValue: room3.id, deviceId: device.id,
      evidence: { address: '10.20.3.7', range: '10.20.3.0/24', ipAddresses: ['10.20.3.7', 'fd00::2'] } });
    expect(first.summary).toContain(room3.name);
    expect(first.allowedResolutions).toEqual(['accept_discovered', 'corrected', 'keep_register', 'ignore_until']);
    // Reported again from there: the same finding, refreshed, not a second one.
    await report('10.20.3.7');
    const open = await mismatches(assetId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: first.id, registerValue: paris.id, discoveredValue: room3.id });

    // Registered at the Berlin site, the device in a room of it: agrees, the mismatch is settled.
    await moveTo(assetId, berlin.id);
    await report('10.20.3.8');
    expect(await mismatches(assetId)).toEqual([]);
    const settled = (await ok(api, 'GET', `/api/v1/discrepancies/${first.id}`)).body;
    expect(settled).toMatchObject({ status: 'resolved', resolution: null });
    expect(settled.resolutionNote).toContain('10.20.3.0/24');
    // Registered in the room, the device on the site's wider range: agrees too, nothing queued.
    await moveTo(assetId, room3.id);
    await report('10.20.9.9');
    expect((await ok(api, 'GET', `/api/v1/devices/${device.id}`)).body.reportsFrom).toMatchObject({ locationId: berlin.id, range: '10.20.0.0/16' });
    expect(await mismatches(assetId)).toEqual([]);
    // No range holds the address: no verdict, nothing queued.
    await report('192.0.2.50');
    expect(await mismatches(assetId)).toEqual([]);

    // Back in Paris per the register, reporting from Berlin's room: accepting the discovered value moves it, with history.
    await moveTo(assetId, paris.id);
    await report('10.20.3.7');
    const [again] = await mismatches(assetId);
    expect(again).toMatchObject({ registerValue: paris.id, discoveredValue: room3.id });
    const resolved = await ok(api, 'POST', `/api/v1/discrepancies/${again.id}/resolve`, { resolution: 'accept_discovered' }, { 'if-match': `"${again.version}"` });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'accept_discovered' });
    expect((await asset(assetId)).locationId).toBe(room3.id);
    expect((await history(`/api/v1/assets/${assetId}`))[0]).toMatchObject({ action: 'update', changes: { locationId: { before: paris.id, after: room3.id } } });
    await report('10.20.3.7');
    expect(await mismatches(assetId)).toEqual([]);

    // The room's range removed: the next inventory reads the ranges again and places the device at the site (it agrees).
    await ok(api, 'PATCH', `/api/v1/locations/${room3.id}`, { networkRanges: [] }, { 'if-match': '"1"' });
    expect((await ok(api, 'GET', `/api/v1/devices/${device.id}`)).body.reportsFrom).toMatchObject({ locationId: berlin.id, range: '10.20.0.0/16' });
    await report('10.20.3.7');
    expect(await mismatches(assetId)).toEqual([]);
  });
});
