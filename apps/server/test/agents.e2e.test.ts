import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { ensureAgents, installedPackages, runFusionInventory, runOcsInventory } from '../../../test/support/agents.js';

ensureAgents();

/**
 * End to end with the real Debian agents: each one is pointed at a running Custodia with an agent token and must
 * register this machine — host name, OS, CPUs, memory, network interfaces, installed packages — and update the same
 * asset when it runs again.
 */
describe.each(ENGINES)('real agents report this machine ($name)', (engine) => {
  let api: TestApi;
  let url: string;
  let token: string;
  let ocsDir: string;

  beforeAll(async () => {
    api = await startApi(engine);
    const created = await api.call('POST', '/api/v1/agent-tokens', { name: 'test agents' });
    expect(created.status).toBe(201);
    token = created.body.token;
    const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
    url = `${address}/api/v1/inventory/agent`;
    ocsDir = await mkdtemp(join(tmpdir(), 'custodia-ocs-'));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    if (ocsDir) await rm(ocsDir, { recursive: true, force: true });
  });

  const devices = async () => (await api.call('GET', '/api/v1/devices?limit=50')).body.items as any[];
  const assets = async () => (await api.call('GET', '/api/v1/assets?limit=50')).body.items as any[];

  it('refuses an agent without a token, and writes nothing', async () => {
    await expect(runFusionInventory(url, 'csa_not-a-real-token-000000000')).resolves.toBeDefined();
    expect(await devices()).toEqual([]);
    expect(await assets()).toEqual([]);
  }, 240_000);

  it('FusionInventory registers this machine with its OS, CPUs, memory, interfaces and packages; a second run updates the same asset', async () => {
    await runFusionInventory(url, token);
    const [device] = await devices();
    expect(device).toBeDefined();
    expect((await devices()).length).toBe(1);
    expect(device.hostname).toBe(hostname());
    expect(device.osName).toMatch(/debian|linux/i);
    expect(device.assetId).toBeTruthy();
    const detail = (await api.call('GET', `/api/v1/devices/${device.id}`)).body;
    expect(detail.components.cpus.length).toBeGreaterThan(0);
    expect(detail.memoryMb).toBeGreaterThan(0);
    const interfaces = detail.components.networks.map((n: any) => n.name);
    for (const [name, addrs] of Object.entries(networkInterfaces())) if (addrs?.some((a) => !a.internal)) expect(interfaces).toContain(name);
    expect(detail.macs.length).toBeGreaterThan(0);
    const software = (await api.call('GET', `/api/v1/devices/${device.id}/software?limit=500`)).body;
    const names = new Set<string>();
    let page = software;
    for (;;) {
      for (const s of page.items) names.add(s.name);
      if (!page.nextCursor) break;
      page = (await api.call('GET', `/api/v1/devices/${device.id}/software?limit=500&cursor=${page.nextCursor}`)).body;
    }
    const dpkg = installedPackages();
    const missing = [...dpkg].filter((p) => !names.has(p));
    expect(missing).toEqual([]);
    const asset = (await api.call('GET', `/api/v1/assets/${device.assetId}`)).body;
    expect(asset.name).toBe(hostname());
    expect(asset.attributes.hostname).toBe(hostname());

    await runFusionInventory(url, token);
    expect((await devices()).length).toBe(1);
    expect((await assets()).length).toBe(1);
    const again = (await devices())[0];
    expect(again.id).toBe(device.id);
    expect(again.lastSeenAt >= device.lastSeenAt).toBe(true);
    const snapshots = (await api.call('GET', `/api/v1/devices/${device.id}`)).body.snapshots;
    expect(snapshots.length).toBe(2);
  }, 480_000);

  it('the OCS agent reports the same machine: linked to the same asset by its MAC, and re-runs update it', async () => {
    const before = await assets();
    await runOcsInventory(url, token, ocsDir);
    await runOcsInventory(url, token, ocsDir);
    const after = await assets();
    expect(after.map((a) => a.id)).toEqual(before.map((a) => a.id));
    const all = await devices();
    expect(all.every((d) => d.assetId === before[0].id)).toBe(true);
    const ocs = all.find((d) => /OCS/i.test(d.agent ?? ''));
    expect(ocs).toBeDefined();
    expect(ocs.hostname).toBe(hostname());
    expect(ocs.softwareCount).toBeGreaterThan(installedPackages().size * 0.95);
  }, 480_000);
});
