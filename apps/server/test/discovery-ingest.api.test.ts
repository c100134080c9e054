import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { discoveryServer, sendToAgentEndpoint } from './support/discovery.js';

/** A GLPI agent inventory's content: one machine with a NIC, 8 GB unless told, and one package unless told. */
const content = (o: { host: string; serial?: string; mac?: string; mem?: number; logdate?: string }) => ({
  versionclient: 'GLPI-Agent_v1.11', hardware: { name: o.host, memory: o.mem ?? 8192 },
  bios: { ...(o.serial ? { ssn: o.serial } : {}), smanufacturer: 'Dell Inc.', smodel: 'Latitude 7440' },
  cpus: [{ name: 'Intel Core i7', core: 8 }], networks: [{ description: 'eth0', mac: o.mac ?? '00:11:22:33:44:55', virtualdev: false }],
  softwares: [{ name: 'alpha', version: '1.0' }], ...(o.logdate ? { accesslog: { logdate: o.logdate } } : {}),
});
const cyclonedx = (host: string, type: string, at: Date) => ({
  bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { timestamp: at.toISOString(), component: { type, name: host } }, components: [{ type: 'library', name: 'zlib', version: '1.3' }],
});

/** What discovery ingestion keeps of partial sources (feeds, SBOMs, agent partials), and how it serialises. */
describe.each(ENGINES)('discovery ingestion of partial and concurrent inventories ($name)', (engine) => {
  let now = new Date('2026-11-28T10:00:00Z');
  const server = discoveryServer(engine, () => now);
  const { api } = server;
  const later = () => { now = new Date(now.getTime() + 60_000); };
  const agent = (body: unknown) => sendToAgentEndpoint(api, server.token, body);
  const upload = async (body: unknown, fileName = 'x.json') => {
    const res = await api.app.inject({ method: 'POST', url: `/api/v1/inventory/files?fileName=${fileName}`, headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${api.adminToken}` }, payload: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) });
    expect(res.statusCode, res.body).toBe(200);
    return JSON.parse(res.body) as { results: { deviceId: string | null; outcome: string; decision: string }[] };
  };
  const devices = async (q: string) => (await api.call('GET', `/api/v1/devices?q=${q}`)).body.items;
  const detail = async (id: string) => (await api.call('GET', `/api/v1/devices/${id}`)).body;
  const software = async (id: string) => (await api.call('GET', `/api/v1/devices/${id}/software`)).body.items.map((x: { name: string }) => x.name);
  const count = async (table: 'discovered_devices' | 'assets' | 'discrepancies' | 'events' | 'device_software') =>
    Number((await api.db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('a CSV feed row of a known device keeps its memory, other NICs, OS full name and addresses, and adds the MACs it saw', async () => {
    expect((await agent({ action: 'inventory', deviceid: 'feed-known', itemtype: 'Computer', content: {
      ...content({ host: 'feed-known', serial: 'SN-FEED-K', mem: 16384 }),
      operatingsystem: { name: 'Windows', version: '11', full_name: 'Microsoft Windows 11 Pro', arch: 'x86_64' },
      networks: [{ description: 'eth0', mac: '00:11:22:33:08:01', ipaddress: '10.0.0.8' }, { description: 'wlan0', mac: '00:11:22:33:08:02', ipaddress: '10.0.1.8' }],
    } })).statusCode).toBe(200);
    const [before] = await devices('feed-known');
    later();
    const res = await upload('hostname,serial,mac,os\nfeed-known,SN-FEED-K,00:11:22:33:08:01;00:11:22:33:08:03,Windows\n', 'feed.csv');
    expect(res.results[0]).toMatchObject({ deviceId: before.id, outcome: 'updated' });
    const [after] = await devices('feed-known');
    expect(after).toMatchObject({ id: before.id, memoryMb: 16384, osName: 'Windows', osFullName: 'Microsoft Windows 11 Pro', ipAddresses: ['10.0.0.8', '10.0.1.8'] });
    expect(after.macs).toEqual(['00:11:22:33:08:01', '00:11:22:33:08:02', '00:11:22:33:08:03']);
    expect((await detail(after.id)).components.networks).toHaveLength(3);
  });

  it('a GLPI partial with only the BIOS updates identity and keeps memory, chassis and addresses', async () => {
    await agent({ action: 'inventory', deviceid: 'bios-only', itemtype: 'Computer', content: {
      ...content({ host: 'bios-only', serial: 'SN-BIOS-1', mem: 16384 }), hardware: { name: 'bios-only', memory: 16384, chassis_type: 'Laptop' },
      networks: [{ description: 'eth0', mac: '00:11:22:33:12:01', ipaddress: '10.0.0.12' }],
    } });
    later();
    expect((await agent({ action: 'inventory', deviceid: 'bios-only', itemtype: 'Computer', partial: true, content: { versionclient: 'x', bios: { ssn: 'SN-BIOS-1', smodel: 'Latitude 7450' } } })).statusCode).toBe(200);
    const [d] = await devices('bios-only');
    expect(d).toMatchObject({ memoryMb: 16384, ipAddresses: ['10.0.0.12'], model: 'Latitude 7450', serial: 'SN-BIOS-1' });
    const { components } = await api.db.db.selectFrom('discovered_devices').select('components').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect((typeof components === 'string' ? JSON.parse(components) : components).hardware.chassis).toBe('Laptop');
  });

  it('an SBOM of a known container replaces its software only: MACs, memory and OS stay', async () => {
    await agent({ action: 'inventory', deviceid: 'sbom-ctr', itemtype: 'Computer', content: { versionclient: 'x', hardware: { name: 'sbom-ctr', memory: 4096 }, networks: [{ description: 'eth0', mac: '00:11:22:33:3b:3b', virtualdev: false }], softwares: [{ name: 'a' }], operatingsystem: { name: 'Debian', version: '12' } } });
    const [before] = await devices('sbom-ctr');
    later();
    const res = await upload(cyclonedx('sbom-ctr', 'container', new Date(now.getTime() - 1000)));
    expect(res.results[0]).toMatchObject({ deviceId: before.id, outcome: 'updated' });
    const after = await devices('sbom-ctr');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before.id, macs: ['00:11:22:33:3b:3b'], memoryMb: 4096, osName: 'Debian', softwareCount: 1 });
    expect(await software(before.id)).toEqual(['zlib']);
  });

  it('an SBOM of a known machine with a serial updates that device each time: no new device, no duplicate candidate', async () => {
    await agent({ action: 'inventory', deviceid: 'sbom-pc', itemtype: 'Computer', content: content({ host: 'sbom-pc', serial: 'SN-SBOM-PC', mac: '00:11:22:33:03:03' }) });
    const [before] = await devices('sbom-pc');
    const [devicesBefore, discrepanciesBefore, assetsBefore] = [await count('discovered_devices'), await count('discrepancies'), await count('assets')];
    for (let i = 0; i < 2; i++) {
      later();
      const res = await upload(cyclonedx('sbom-pc', 'device', new Date(now.getTime() - 1000)));
      expect(res.results[0]).toMatchObject({ deviceId: before.id, outcome: 'updated' });
    }
    expect([await count('discovered_devices'), await count('discrepancies'), await count('assets')]).toEqual([devicesBefore, discrepanciesBefore, assetsBefore]);
    expect((await devices('sbom-pc'))[0]).toMatchObject({ id: before.id, serial: 'SN-SBOM-PC', assetId: before.assetId, macs: ['00:11:22:33:03:03'] });
    // An SBOM of a host nobody reported still registers it.
    later();
    expect((await upload(cyclonedx('sbom-new-host', 'device', now))).results[0]!.outcome).toBe('created');
  });

  it('an SBOM upload may name its device: its software goes there, whatever application it names; other files may not', async () => {
    await agent({ action: 'inventory', deviceid: 'sbom-named', itemtype: 'Computer', content: content({ host: 'sbom-named', serial: 'SN-SBOM-NAMED', mac: '00:11:22:33:05:05' }) });
    const [d] = await devices('sbom-named');
    const raw = (url: string, body: unknown) => api.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${api.adminToken}` }, payload: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) });
    const before = [await count('discovered_devices'), await count('events'), await count('device_software')];
    const refused = await raw(`/api/v1/inventory/files?fileName=f.csv&deviceId=${d.id}`, 'hostname,serial\nsbom-named,SN-OTHER\n');
    expect([refused.statusCode, JSON.parse(refused.body).code]).toEqual([422, 'VALIDATION_FAILED']);
    const unknown = await raw('/api/v1/inventory/files?deviceId=01900000-0000-7000-8000-000000000000', cyclonedx('app', 'application', now));
    expect([unknown.statusCode, JSON.parse(unknown.body).code]).toEqual([404, 'NOT_FOUND']);
    expect([await count('discovered_devices'), await count('events'), await count('device_software')]).toEqual(before);
    later();
    const named = await raw(`/api/v1/inventory/files?deviceId=${d.id}`, cyclonedx('billing-web-app', 'application', new Date(now.getTime() - 1000)));
    expect(JSON.parse(named.body).results[0]).toMatchObject({ deviceId: d.id, outcome: 'updated' });
    expect((await devices('sbom-named'))[0]).toMatchObject({ id: d.id, hostname: 'sbom-named', serial: 'SN-SBOM-NAMED', softwareCount: 1 });
    expect(await devices('billing-web-app')).toEqual([]);
  });

  it('a partial inventory of an agent id shared by two machines (cloned disk) is kept as evidence only, merged into neither', async () => {
    const c = (uuid: string, host: string, mac: string) => ({ versionclient: 'GLPI-Agent_v1.11', hardware: { name: host, uuid }, networks: [{ description: 'eth0', mac }], softwares: [{ name: `${host}-only` }] });
    await agent({ action: 'inventory', deviceid: 'cloned-disk', itemtype: 'Computer', content: c('4c4c4544-0042-3510-8052-b4c04f4e0001', 'clone-a', '00:50:56:aa:06:01') });
    later();
    await agent({ action: 'inventory', deviceid: 'cloned-disk', itemtype: 'Computer', content: c('4c4c4544-0042-3510-8052-b4c04f4e0002', 'clone-b', '00:50:56:aa:06:02') });
    const [[a], [b]] = [await devices('clone-a'), await devices('clone-b')];
    expect(a.id).not.toBe(b.id);
    const counts = async () => [await count('discovered_devices'), await count('assets'), await count('events'), await count('device_software')];
    const before = await counts();
    later();
    expect((await agent({ action: 'inventory', deviceid: 'cloned-disk', itemtype: 'Computer', partial: true, content: { versionclient: 'GLPI-Agent_v1.11', softwares: [{ name: 'installed-on-b' }] } })).statusCode).toBe(200);
    expect(await counts()).toEqual(before);
    expect([await software(a.id), await software(b.id)]).toEqual([['clone-a-only'], ['clone-b-only']]);
    const kept = await api.db.db.selectFrom('inventory_snapshots').select(['device_id', 'outcome']).where('received_at', '=', now.toISOString()).execute();
    expect(kept).toEqual([{ device_id: null, outcome: 'ambiguous' }]);
    // With its UUID it is recognised again.
    later();
    await agent({ action: 'inventory', deviceid: 'cloned-disk', itemtype: 'Computer', partial: true, content: { versionclient: 'x', hardware: { uuid: '4c4c4544-0042-3510-8052-b4c04f4e0002' }, softwares: [{ name: 'installed-on-b' }] } });
    expect([await software(a.id), await software(b.id)]).toEqual([['clone-a-only'], ['installed-on-b']]);
  });

  it('inventory files collected a week apart and uploaded later in order: the newer values reach the asset', async () => {
    now = new Date('2026-12-20T10:00:00Z');
    const file = (mem: number, logdate: string) => ({ action: 'inventory', deviceid: 'late-files', itemtype: 'Computer', content: content({ host: 'late-files', serial: 'SN-LATE', mac: '00:11:22:33:04:04', mem, logdate }) });
    expect((await upload(file(8192, '2026-12-01 09:00:00'))).results[0]!.outcome).toBe('created');
    later();
    expect((await upload(file(16384, '2026-12-08 09:00:00'))).results[0]!.outcome).toBe('updated');
    const [d] = await devices('late-files');
    expect(d.memoryMb).toBe(16384);
    expect((await api.call('GET', `/api/v1/assets/${d.assetId}`)).body.attributes.ram_gb).toBe(16);
    // A file collected before a person's edit neither overwrites nor contradicts it.
    const asset = (await api.call('GET', `/api/v1/assets/${d.assetId}`)).body;
    expect((await api.call('PATCH', `/api/v1/assets/${d.assetId}`, { attributes: { ram_gb: 32 } }, { 'if-match': `"${asset.version}"` })).status).toBe(200);
    later();
    expect((await upload(file(8192, '2026-12-15 09:00:00'))).results[0]!.outcome).toBe('updated');
    expect((await api.call('GET', `/api/v1/assets/${d.assetId}`)).body.attributes.ram_gb).toBe(32);
    expect((await api.call('GET', `/api/v1/discrepancies?assetId=${d.assetId}&status=open`)).body.items).toEqual([]);
  });

  it('the operating system an agent reports reaches the asset and follows an upgrade; a partial without it keeps it', async () => {
    const os = (full_name: string) => ({ action: 'inventory', deviceid: 'os-host', itemtype: 'Computer', content: { ...content({ host: 'os-host', serial: 'SN-OS-1', mac: '00:11:22:33:0a:0a' }), operatingsystem: { name: 'Windows', version: full_name.split(' ')[3], full_name } } });
    expect((await agent(os('Microsoft Windows 10 Pro 22H2'))).statusCode).toBe(200);
    const [d] = await devices('os-host');
    const osOf = async () => (await api.call('GET', `/api/v1/assets/${d.assetId}`)).body.attributes.operating_system;
    expect(await osOf()).toBe('Microsoft Windows 10 Pro 22H2');
    later();
    expect((await agent(os('Microsoft Windows 11 Pro 24H2'))).statusCode).toBe(200);
    expect(await osOf()).toBe('Microsoft Windows 11 Pro 24H2');
    later();
    expect((await agent({ action: 'inventory', deviceid: 'os-host', itemtype: 'Computer', partial: true, content: { versionclient: 'x', softwares: [{ name: 'beta' }] } })).statusCode).toBe(200);
    expect(await osOf()).toBe('Microsoft Windows 11 Pro 24H2');
    expect((await api.call('GET', `/api/v1/discrepancies?assetId=${d.assetId}&status=open`)).body.items).toEqual([]);
  });

  it('the same new machine uploaded several times at once becomes one device and one asset', async () => {
    for (let n = 0; n < 3; n++) {
      const inv = { action: 'inventory', deviceid: `parallel-${n}`, itemtype: 'Computer', content: { versionclient: 'x', hardware: { name: `parallel-host-${n}`, memory: 4096 }, networks: [{ description: 'eth0', mac: `00:11:22:33:c1:0${n}` }], softwares: [{ name: 'a' }] } };
      const results = await Promise.all([upload(inv), upload(inv), upload(inv)]);
      expect(results.map((r) => r.results[0]!.outcome).sort()).toEqual(['created', 'updated', 'updated']);
      const found = await devices(`parallel-host-${n}`);
      expect(found).toHaveLength(1);
      const assets = (await api.call('GET', `/api/v1/assets?q=parallel-host-${n}`)).body.items;
      expect(assets.map((x: { id: string }) => x.id)).toEqual([found[0].assetId]);
    }
  });
});
