import { type Socket, connect, createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { FieldCipher, openDatabase } from '@custodia/data';
import { type TestDatabase, createPgSchema, hasPostgres } from '../../../test/support/databases.js';
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
 * FT-05 of the security test plan, the network half: a partition between Custodia and PostgreSQL. Requests that find
 * no connection within CUSTODIA_PG_CONNECT_TIMEOUT_MS answer 503 with Retry-After instead of hanging; requests whose
 * query was already on the wire finish once the network heals; nothing is half-written; and after the partition the
 * same server serves again, each refused write, retried, applied once.
 */
describe.skipIf(!hasPostgres)('a network partition between the server and PostgreSQL (FT-05)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let auth: Record<string, string>;
  let proxy: Awaited<ReturnType<typeof partitionableProxy>>;
  const previous = process.env['CUSTODIA_PG_CONNECT_TIMEOUT_MS'];

  beforeAll(async () => {
    const schema = await createPgSchema();
    const url = new URL(schema.url);
    proxy = await partitionableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    process.env['CUSTODIA_PG_CONNECT_TIMEOUT_MS'] = '1500';
    const opened = await openDatabase({ engine: 'postgres', url: url.toString() }, { poolSize: 2, cipher: new FieldCipher([randomBytes(32)]) });
    database = { ...opened, dispose: async () => { await opened.close(); await schema.drop(); } };
    ({ app, auth } = await importerApp(database));
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env['CUSTODIA_PG_CONNECT_TIMEOUT_MS'];
    else process.env['CUSTODIA_PG_CONNECT_TIMEOUT_MS'] = previous;
    await app?.close();
    await database?.dispose();
    await proxy?.close();
  });

  const create = (name: string) => app.inject({
    method: 'POST', url: '/api/v1/assets', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': name },
    payload: { assetTypeId: laptop, name },
  });
  let laptop = '';

  it('answers 503 to what finds no connection, finishes what was in flight once the network heals, and serves again', async () => {
    laptop = (await database.db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id;
    expect((await create('before')).statusCode).toBe(201);
    const before = await snapshotCounts(database);

    proxy.cut();
    // Five writes into the partition. At most two can hold one of the pool's two connections (their queries stay on
    // the wire); the others find no connection and must be answered 503 after the connect timeout, not after the
    // partition.
    const names = ['w-1', 'w-2', 'w-3', 'w-4', 'w-5'];
    const settled = new Map<string, number>();
    const requests = names.map((name) => create(name).then((res) => { settled.set(name, res.statusCode); return res; }));
    await new Promise((r) => setTimeout(r, 4_000));
    const answeredWhileCut = [...settled.values()];
    expect(answeredWhileCut.length).toBeGreaterThanOrEqual(3);
    expect(answeredWhileCut.every((status) => status === 503)).toBe(true);
    // Nothing of them is written meanwhile (counted on the database directly, not through the cut network).
    proxy.heal();
    const answers = await Promise.all(requests);
    for (const res of answers) {
      expect([201, 503], res.body).toContain(res.statusCode);
      if (res.statusCode === 503) {
        expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' });
        expect(res.headers['retry-after']).toBe('1');
      }
    }
    const applied = answers.filter((res) => res.statusCode === 201).length;
    expect((await snapshotCounts(database)).assets).toBe(before.assets! + applied);

    // The network is back: each refused write, sent again with its key, applies once.
    for (const [i, res] of answers.entries()) if (res.statusCode === 503) expect((await create(names[i]!)).statusCode).toBe(201);
    const stored = (await database.db.selectFrom('assets').select('name').orderBy('name').execute()).map((a) => a.name);
    expect(stored).toEqual(['before', ...names]);
  }, 60_000);
});
