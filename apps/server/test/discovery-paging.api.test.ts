import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { ok, refuse } from './support/http.js';

const AGENT = '/api/v1/inventory/agent';
const handEdited = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/**
 * Paging the discovery lists while agents report (ITAM practice guide §2.2.5: verification is continuous). The default
 * orders — devices by last seen, discrepancies by last detection — move with every report, so someone paging through
 * them can miss a row; the stable orders (devices by host name, discrepancies by when they were raised) show each row
 * exactly once whatever is reported between two page loads. A cursor only continues the order it was made in.
 */
describe.each(ENGINES)('discovery lists paged while agents report ($name)', (engine) => {
  let api: TestApi;
  let token: string;
  let now = new Date('2026-11-28T10:00:00Z');
  const later = () => { now = new Date(now.getTime() + 60_000); };
  /** One agent inventory; `host` null reports no host name. */
  const report = async (o: { id: string; host: string | null; mac: string }) => {
    later();
    const content = {
      versionclient: 'GLPI-Agent_v1.11', hardware: { ...(o.host === null ? {} : { name: o.host }), memory: 8192 }, bios: { ssn: `SN-${o.id}`, smanufacturer: 'Dell Inc.', smodel: 'Latitude 7440' },
      networks: [{ description: 'eth0', mac: o.mac, virtualdev: false }], softwares: [{ name: 'alpha', version: '1.0' }],
    };
    const res = await api.app.inject({ method: 'POST', url: AGENT, headers: { 'content-type': 'application/x-compress-zlib', authorization: `Bearer ${token}`, 'user-agent': 'GLPI-Agent_v1.11' }, payload: deflateSync(Buffer.from(JSON.stringify({ action: 'inventory', deviceid: o.id, itemtype: 'Computer', content }))) });
    expect(res.statusCode, res.body).toBe(200);
  };
  const page = async (url: string) => (await ok(api, 'GET', url)).body as { items: { id: string; hostname: string | null; serial: string | null; deviceId: string; createdAt: string; detectedAt: string }[]; nextCursor: string | null };
  /** The agent that reported a device, found by the serial it reports. */
  const reporterOf = async <T extends { id: string }>(fleet: T[], deviceId: string) => {
    const { serial } = (await ok(api, 'GET', `/api/v1/devices/${deviceId}`)).body;
    return fleet.find((pc) => `SN-${pc.id}` === serial)!;
  };

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => now });
    token = (await api.call('POST', '/api/v1/agent-tokens', { name: 'fleet' })).body.token;
  }, 60_000);
  afterAll(async () => api?.close());

  describe('devices', () => {
    const fleet = [
      { id: 'dev-d', host: 'delta', mac: '00:11:22:44:00:04' }, { id: 'dev-a', host: 'Alpha.corp.example', mac: '00:11:22:44:00:01' },
      { id: 'dev-c', host: 'charlie', mac: '00:11:22:44:00:03' }, { id: 'dev-n', host: null, mac: '00:11:22:44:00:0e' },
      { id: 'dev-b', host: 'bravo', mac: '00:11:22:44:00:02' }, { id: 'dev-e', host: 'echo', mac: '00:11:22:44:00:05' },
      { id: 'dev-ip', host: '10.20.30.40', mac: '00:11:22:44:00:0f' },
      // By code point on both engines: "-" comes before digits (a linguistic collation would skip it and put web1 first).
      { id: 'dev-w1', host: 'web1', mac: '00:11:22:44:00:06' }, { id: 'dev-w2', host: 'web-2', mac: '00:11:22:44:00:07' },
      // A host name within the 253 characters kept, 480 bytes in UTF-8: a cursor carries it whole.
      { id: 'dev-long', host: `echo${'é'.repeat(240)}`, mac: '00:11:22:44:00:08' },
    ];
    let all: { id: string; hostname: string | null; serial: string | null }[] = [];
    beforeAll(async () => {
      for (const pc of fleet) await report(pc);
      all = (await page('/api/v1/devices?sort=hostname&limit=500')).items;
    });

    it('sort=hostname: by host name ignoring case and domain, devices without one (or known by an address only) last', () => {
      expect(all).toHaveLength(fleet.length);
      expect(all.slice(0, 8).map((d) => d.hostname)).toEqual(['Alpha.corp.example', 'bravo', 'charlie', 'delta', 'echo', fleet[9]!.host, 'web-2', 'web1']);
      const nameless = all.slice(8);
      expect(nameless).toHaveLength(2);
      expect(nameless.map((d) => d.id)).toEqual(nameless.map((d) => d.id).sort());
    });

    it('sort=hostname: a device seen again between two page loads is still seen exactly once', async () => {
      const first = await page('/api/v1/devices?sort=hostname&limit=3');
      expect(first.items.map((d) => d.hostname)).toEqual(['Alpha.corp.example', 'bravo', 'charlie']);
      // Reports between the page loads: one device already shown, two still to come (one of them nameless).
      await report(fleet[1]!);
      await report(fleet[5]!);
      await report(fleet[3]!);
      // The second page ends on the long host name, the third on a device without one: each next page goes on from there.
      const second = await page(`/api/v1/devices?sort=hostname&limit=3&cursor=${first.nextCursor}`);
      expect(second.items.map((d) => d.id)).toEqual(all.slice(3, 6).map((d) => d.id));
      expect(second.items[2]!.hostname).toBe(fleet[9]!.host);
      const third = await page(`/api/v1/devices?sort=hostname&limit=3&cursor=${second.nextCursor}`);
      expect(third.items.map((d) => d.id)).toEqual(all.slice(6, 9).map((d) => d.id));
      const fourth = await page(`/api/v1/devices?sort=hostname&limit=3&cursor=${third.nextCursor}`);
      expect(fourth.items.map((d) => d.id)).toEqual([all[9]!.id]);
      expect(fourth.nextCursor).toBeNull();
      const seen = [...first.items, ...second.items, ...third.items, ...fourth.items].map((d) => d.id);
      expect(seen).toEqual(all.map((d) => d.id));
    });

    it('the default order, most recently seen first, moves while agents report (as its description says)', async () => {
      const first = await page('/api/v1/devices?limit=3');
      const shown = new Set(first.items.map((d) => d.id));
      const next = all.find((d) => !shown.has(d.id))!;
      await report(await reporterOf(fleet, next.id));
      const rest: string[] = [];
      for (let cursor = first.nextCursor; cursor;) {
        const p = await page(`/api/v1/devices?limit=3&cursor=${cursor}`);
        rest.push(...p.items.map((d) => d.id));
        cursor = p.nextCursor;
      }
      expect(rest).not.toContain(next.id);
      expect(shown.size + rest.length).toBe(fleet.length - 1);
    });

    it('a cursor of another order, or edited by hand, answers 400 INVALID_CURSOR; an unknown sort 400 SORT_FIELD_NOT_ALLOWED', async () => {
      const byName = (await page('/api/v1/devices?sort=hostname&limit=1')).nextCursor!;
      const bySeen = (await page('/api/v1/devices?limit=1')).nextCursor!;
      for (const [sort, cursor] of [
        ['-lastSeenAt', byName], ['hostname', bySeen], ['hostname', 'not-a-cursor'], ['hostname', handEdited(['alpha', 'x'])],
        ['hostname', handEdited([42, 'x', 'hostname'])], ['hostname', handEdited(['', 'x', 'hostname'])], ['hostname', handEdited(['alpha', 'x', 'hostname-none'])],
        ['hostname', handEdited(['', 'no-such-device', 'hostname-of'])], ['hostname', handEdited(['alpha', all[0]!.id, 'hostname-of'])],
        ['-lastSeenAt', handEdited(['2026-02-30T00:00:00Z', 'x', 'lastSeenAt'])], ['-lastSeenAt', handEdited(['2026-11-28T10:00:00Z', 'x', 'hostname'])],
      ] as const) {
        await refuse(api, 400, 'INVALID_CURSOR', 'GET', `/api/v1/devices?sort=${sort}&cursor=${cursor}`);
      }
      await refuse(api, 400, 'SORT_FIELD_NOT_ALLOWED', 'GET', '/api/v1/devices?sort=hostname_key');
    });
  });

  describe('discrepancies', () => {
    const unregistered = '/api/v1/discrepancies?kind=unregistered&status=open';
    const fleet = [1, 2, 3, 4, 5].map((n) => ({ id: `unreg-${n}`, host: `unreg-host-${n}`, mac: `00:11:22:55:00:0${n}` }));
    let raised: { id: string; createdAt: string }[] = [];
    beforeAll(async () => {
      const cur = await ok(api, 'GET', '/api/v1/discovery/settings');
      await ok(api, 'PUT', '/api/v1/discovery/settings', { ...cur.body, whenNoMatch: 'review' }, { 'if-match': String(cur.headers['etag']) });
      // Each device matches no asset: each queues a "not registered" discrepancy, one minute after the other.
      for (const pc of fleet) await report(pc);
      raised = (await page(`${unregistered}&sort=-createdAt&limit=500`)).items;
    });

    it('sort=-createdAt: newest raised first, each with when it was first raised', () => {
      expect(raised).toHaveLength(fleet.length);
      expect(raised.map((d) => d.createdAt)).toEqual([...raised.map((d) => d.createdAt)].sort().reverse());
    });

    it('sort=-createdAt: a discrepancy detected again between two page loads is still seen exactly once', async () => {
      const first = await page(`${unregistered}&sort=-createdAt&limit=2`);
      expect(first.items.map((d) => d.id)).toEqual(raised.slice(0, 2).map((d) => d.id));
      // The oldest device reports again: its discrepancy is detected again (now the first of the default order).
      await report(fleet[0]!);
      await report(fleet[2]!);
      const again = (await page(`${unregistered}&limit=1`)).items[0]!;
      expect(again.detectedAt).toBe(now.toISOString());
      const seen = [...first.items];
      for (let cursor = first.nextCursor; cursor;) {
        const p = await page(`${unregistered}&sort=-createdAt&limit=2&cursor=${cursor}`);
        seen.push(...p.items);
        cursor = p.nextCursor;
      }
      expect(seen.map((d) => d.id)).toEqual(raised.map((d) => d.id));
    });

    it('the default order, last detected first, moves while agents report (as its description says)', async () => {
      const first = await page(`${unregistered}&limit=2`);
      const shown = new Set(first.items.map((d) => d.id));
      // The last of the default order is detected again: it moves to the first page, behind the reader.
      const order = (await page(`${unregistered}&limit=500`)).items.map((d) => d.id);
      const moved = order[order.length - 1]!;
      await report(await reporterOf(fleet, (await ok(api, 'GET', `/api/v1/discrepancies/${moved}`)).body.deviceId));
      const rest: string[] = [];
      for (let cursor = first.nextCursor; cursor;) {
        const p = await page(`${unregistered}&limit=2&cursor=${cursor}`);
        rest.push(...p.items.map((d) => d.id));
        cursor = p.nextCursor;
      }
      expect(shown.has(moved)).toBe(false);
      expect(rest).not.toContain(moved);
    });

    it('a cursor of another order, or edited by hand, answers 400 INVALID_CURSOR; an unknown sort 400 SORT_FIELD_NOT_ALLOWED', async () => {
      const byRaised = (await page(`${unregistered}&sort=-createdAt&limit=1`)).nextCursor!;
      const byDetected = (await page(`${unregistered}&limit=1`)).nextCursor!;
      for (const [sort, cursor] of [
        ['-detectedAt', byRaised], ['-createdAt', byDetected], ['-createdAt', 'not-a-cursor'], ['-createdAt', handEdited(['2026-11-28T10:00:00Z', 'x'])],
        ['-createdAt', handEdited(['yesterday', 'x', 'createdAt'])], ['-detectedAt', handEdited([7, 'x', 'detectedAt'])],
      ] as const) {
        await refuse(api, 400, 'INVALID_CURSOR', 'GET', `/api/v1/discrepancies?sort=${sort}&cursor=${cursor}`);
      }
      await refuse(api, 400, 'SORT_FIELD_NOT_ALLOWED', 'GET', '/api/v1/discrepancies?sort=dueOn');
    });
  });
});
