import { type Socket, connect, createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { FieldCipher, openDatabase } from '@custodia/data';
import { createAccount, createApiToken, grantRole, systemContext } from '@custodia/core';
import { type TestDatabase, createMigratedPgDatabase, hasPostgres } from '../../../test/support/databases.js';
import { importerApp, snapshotCounts } from '../../../test/support/api.js';

/**
 * A TCP proxy to PostgreSQL that can be cut like a network: while partitioned, bytes already in flight stay where they
 * are (each side's reads are paused) and new connections are accepted but never reach the server; healing lets
 * everything through again, as TCP's retransmissions would after a real partition.
 */
async function partitionableProxy(target: { host: string; port: number }) {
  let partitioned = false;
  const pairs: [Socket, Socket][] = [];
  const held: Socket[] = [];
  const link = (client: Socket) => {
    const server = connect(target.port, target.host);
    for (const [from, to] of [[client, server], [server, client]] as const) {
      from.on('data', (chunk) => to.write(chunk));
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
    pairs.push([client, server]);
  };
  const proxy = createServer((client) => {
    client.on('error', () => undefined);
    if (partitioned) held.push(client);
    else link(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as { port: number }).port,
    cut: () => { partitioned = true; for (const [a, b] of pairs) { a.pause(); b.pause(); } },
    heal: () => {
      partitioned = false;
      for (const [a, b] of pairs) { a.resume(); b.resume(); }
      for (const client of held.splice(0)) client.destroy();
    },
    close: async () => { for (const [a, b] of pairs) { a.destroy(); b.destroy(); } for (const c of held) c.destroy(); await new Promise((r) => proxy.close(r)); },
  };
}

/**
 * FT-05 of the security test plan, the network half: a partition between Custodia and PostgreSQL. A request that finds
 * no connection within CUSTODIA_PG_CONNECT_TIMEOUT_MS, or whose query has no answer within CUSTODIA_PG_QUERY_TIMEOUT_MS
 * (its connection is then closed, see pg-watchdog.ts), answers 503 with Retry-After instead of hanging for as long as
 * the partition lasts; nothing is half-written; and after the partition the same server serves again, each refused
 * write, retried with its Idempotency-Key, applied once.
 */
describe.skipIf(!hasPostgres)('a network partition between the server and PostgreSQL (FT-05)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let auth: Record<string, string>;
  let proxy: Awaited<ReturnType<typeof partitionableProxy>>;
  const settings = { CUSTODIA_PG_CONNECT_TIMEOUT_MS: '3500', CUSTODIA_PG_QUERY_TIMEOUT_MS: '2500' };
  const previous = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));

  beforeAll(async () => {
    const fresh = await createMigratedPgDatabase();
    const url = new URL(fresh.url);
    proxy = await partitionableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    Object.assign(process.env, settings);
    const opened = await openDatabase({ engine: 'postgres', url: url.toString() }, { poolSize: 2, cipher: new FieldCipher([randomBytes(32)]) });
    database = { ...opened, dispose: async () => { await opened.close(); await fresh.drop(); } };
    ({ app, auth } = await importerApp(database));
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(previous)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await app?.close();
    await database?.dispose();
    await proxy?.close();
  });

  const create = (name: string) => app.inject({
    method: 'POST', url: '/api/v1/assets', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': name },
    payload: { assetTypeId: laptop, name },
  });
  let laptop = '';

  it('answers 503 while the network is cut, in seconds, writes nothing, and serves again once it heals', async () => {
    laptop = (await database.db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id;
    expect((await create('before')).statusCode).toBe(201);
    const before = await snapshotCounts(database);

    proxy.cut();
    // Five writes into the partition: two take the pool's connections (their queries stay on the wire until the
    // query timeout closes them), three find no connection (refused after the connect timeout).
    const names = ['w-1', 'w-2', 'w-3', 'w-4', 'w-5'];
    const settled = new Map<string, { status: number; body: string; retryAfter: unknown }>();
    const requests = names.map((name) => create(name).then((res) => { settled.set(name, { status: res.statusCode, body: res.body, retryAfter: res.headers['retry-after'] }); }));
    await new Promise((r) => setTimeout(r, 6_000));
    // Every one answered while the network is still cut.
    expect([...settled.keys()].sort()).toEqual(names);
    for (const answer of settled.values()) {
      expect(answer.status, answer.body).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'UNAVAILABLE' });
      expect(answer.retryAfter).toBe('1');
    }
    await Promise.all(requests);
    proxy.heal();
    // Nothing of them was written.
    expect(await snapshotCounts(database)).toEqual(before);

    // The network is back: each write, sent again with its key, applies once.
    for (const name of names) expect((await create(name)).statusCode).toBe(201);
    const stored = (await database.db.selectFrom('assets').select('name').orderBy('name').execute()).map((a) => a.name);
    expect(stored).toEqual(['before', ...names]);
  }, 60_000);

  it('keeps answering metrics scrapes while the network is cut, reporting the database down', async () => {
    const system = systemContext(database, 'system');
    const operator = await createAccount(system, { login: 'prometheus', displayName: 'Prometheus' });
    await grantRole(system, operator.id, { roleKey: 'system_administrator', orgUnitId: null });
    const bearer = async () => ({ authorization: `Bearer ${(await createApiToken(system, operator.id, { name: 'scrape', access: 'read', expiresInDays: 1 })).token}` });
    const scraper = await bearer();
    const unseen = await bearer();
    const scrape = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/metrics', headers });
    const up = (body: string) => /^custodia_database_up (\d)$/m.exec(body)?.[1];

    const first = await scrape(scraper);
    expect(first.statusCode).toBe(200);
    expect(up(first.body)).toBe('1');

    proxy.cut();
    try {
      const started = Date.now();
      const during = await scrape(scraper);
      // Within a default Prometheus scrape timeout (10 s): the epoch and the probe each wait 1.5 s at most.
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(during.statusCode, during.body).toBe(200);
      expect(up(during.body)).toBe('0');
      // A token this process never resolved cannot be checked without the database; the register is not served either.
      const stranger = await scrape(unseen);
      expect(stranger.statusCode).toBe(503);
      expect(JSON.parse(stranger.body)).toMatchObject({ code: 'UNAVAILABLE' });
      const register = await app.inject({ method: 'GET', url: '/api/v1/assets', headers: auth });
      expect(register.statusCode).toBe(503);
      // Readiness says so within the probe's wait, not after the pool's connect timeout.
      const probed = Date.now();
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(Date.now() - probed).toBeLessThan(2_500);
    } finally {
      proxy.heal();
    }
    // Once healed (the pool drops the connections the watchdog closed), the database is reported up again.
    await expect.poll(async () => up((await scrape(scraper)).body), { timeout: 15_000, interval: 500 }).toBe('1');
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await scrape(unseen)).statusCode).toBe(200);
  }, 60_000);
});
