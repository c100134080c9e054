import { type ClientRequest, type IncomingMessage, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { expectProblem, raw, uniq } from './support/http.js';

/**
 * EX-02: one account streams at most two exports at once; the third is refused with 429 and Retry-After until one of
 * its exports is over (read to the end, or abandoned by the client). Other accounts are not affected.
 */
describe.each(ENGINES)('concurrent exports per account ($name)', (engine) => {
  let api: TestApi;
  let other: Record<string, string>;

  beforeAll(async () => {
    api = await startApi(engine);
    // About 9 MB of CSV: an export the client does not read stays in flight, far beyond what the socket buffers hold.
    const notes = 'n'.repeat(3000);
    const lines = ['tag,name,type,serial,notes'];
    for (let i = 1; i <= 3000; i++) lines.push(`EXP-${String(i).padStart(5, '0')},Exported laptop ${i},laptop,SN-EXP-${i},${notes}`);
    const imported = await raw(api, 'POST', '/api/v1/imports/assets?fileName=export-load.csv', lines.join('\n'), { 'content-type': 'text/csv' });
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(200);
    other = (await api.user(uniq('exporter'), [{ role: 'it_asset_manager' }])).auth;
  }, 120_000);
  afterAll(async () => { await api.close(); });

  let base: string;
  beforeAll(async () => { base = await api.app.listen({ host: '127.0.0.1', port: 0 }); });

  /** Starts an export over a real connection and returns once its headers arrive; the body stays unread (paused). */
  const start = (headers: Record<string, string> = { authorization: `Bearer ${api.adminToken}` }) =>
    new Promise<{ statusCode: number; res: IncomingMessage; req: ClientRequest }>((resolve, reject) => {
      const req = get(`${base}/api/v1/assets/export?format=csv`, { headers }, (res) => { res.pause(); resolve({ statusCode: res.statusCode!, res, req }); });
      req.on('error', reject);
    });
  const drain = async (res: IncomingMessage) => { let bytes = 0; for await (const chunk of res) bytes += (chunk as Buffer).length; return bytes; };

  it('exports one after another are never refused', async () => {
    for (let i = 0; i < 4; i++) expect((await api.call('GET', '/api/v1/assets/export?format=csv&q=EXP-0000')).status).toBe(200);
  });

  it('refuses a third export while two are streaming, and frees a slot when one ends or is abandoned', async () => {
    const first = await start();
    const second = await start();
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);

    const third = await api.call('GET', '/api/v1/assets/export?format=csv');
    expect(third.status, 'a third export while two stream').toBe(429);
    expectProblem(third, 429, 'RATE_LIMITED');
    expect(third.headers['retry-after']).toBe('10');
    expect(third.body.detail).toContain('2 exports running');

    // Someone else exports meanwhile.
    const theirs = await start(other);
    expect(theirs.statusCode).toBe(200);
    expect(await drain(theirs.res)).toBeGreaterThan(9_000_000);

    // The first is read to its end: its slot is free again.
    const bytes = await drain(first.res);
    expect(bytes).toBeGreaterThan(9_000_000);
    await expect.poll(async () => (await api.call('GET', '/api/v1/assets/export?format=csv&q=EXP-00001')).status).toBe(200);

    // The second is abandoned by its client: its slot is freed too, so two can run again.
    second.req.destroy();
    await expect.poll(async () => { const r = await start(); const ok = r.statusCode === 200; r.req.destroy(); return ok; }).toBe(true);
    const again = [await start(), await start()];
    expect(again.map((r) => r.statusCode)).toEqual([200, 200]);
    for (const r of again) await drain(r.res);
  });
});
