import { execFile } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { sql } from 'kysely';
import { buildRegisterIndex, reconcile, scoreDecisions, syntheticFleet } from '@custodia/domain';
import { type Database, openDatabase, openSqlite } from '@custodia/data';
import { bootstrapRegister, createAccount, createAsset, createAgentToken, createApiToken, ensureBuiltInRoles, grantRole, systemContext } from '@custodia/core';
import { buildApp } from '@custodia/server';
import { postgresUrl } from './config.js';
import { startPeakRss } from './rss.js';

/**
 * `npm run bench:discovery`: discovery at scale, on SQLite and (with CUSTODIA_BENCH_DATABASE_URL or
 * CUSTODIA_TEST_DATABASE_URL) PostgreSQL.
 * - Ingestion: realistic inventories (the real FusionInventory inventory of a Debian host, 828 packages, made unique
 *   per device) posted zlib-compressed to the agent endpoint over loopback HTTP with an agent token, by 8 concurrent
 *   clients in a separate process: first-time inventories (new devices, new assets), then a second round (the same devices again),
 *   into a register already holding CUSTODIA_BENCH_REGISTER assets (default 100,000).
 *   Baselines measured in the same run: a bare Fastify route that inflates the same bodies and answers zlib, and raw
 *   SQLite inserts of one row holding the software list per inventory, each in its own durable commit.
 * - Reconciliation: a synthetic fleet of 100,000 devices with injected faults against a 100,000-asset register
 *   (index build + one decision per device), with its precision and recall.
 */
const FIXTURE = new URL('../../packages/data/test-fixtures/inventories/fi-inventory.xml', import.meta.url);
const COUNT = Number(process.env['CUSTODIA_BENCH_INVENTORIES'] ?? 2000);
const CONCURRENCY = Number(process.env['CUSTODIA_BENCH_CONCURRENCY'] ?? 8);
const FLEET = Number(process.env['CUSTODIA_BENCH_FLEET'] ?? 100_000);
const REGISTER = Number(process.env['CUSTODIA_BENCH_REGISTER'] ?? 100_000);

const mac = (i: number) => `02:c5:${[(i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

function inventories(count: number, round: number, prefix = 'bench', offset = 0): Buffer[] {
  const base = readFileSync(FIXTURE, 'utf8');
  return Array.from({ length: count }, (_, i) => {
    const xml = base
      .replace(/(<HARDWARE>[\s\S]*?<NAME>)[^<]*(<\/NAME>)/, `$1${prefix}-${i}$2`)
      .replace(/<DEVICEID>[^<]*<\/DEVICEID>/, `<DEVICEID>${prefix}-${i}-2026-11-28-10-31-02</DEVICEID>`)
      .replace(/<LOGDATE>[^<]*<\/LOGDATE>/, `<LOGDATE>2026-11-28 ${String(10 + round).padStart(2, '0')}:31:03</LOGDATE>`)
      .replaceAll('02:fc:00:00:00:01', mac(offset + i))
      .replace(/(<NAME>zlib1g<\/NAME>[\s\S]*?<VERSION>)[^<]*/, `$11:1.2.13.dfsg-${round}`);
    return deflateSync(Buffer.from(xml));
  });
}

const CLIENT = fileURLToPath(new URL('./inventory-client.js', import.meta.url));
const run = promisify(execFile);

/** Posts the bodies from a separate client process (so the client does not take the server's CPU). */
async function post(base: string, bodies: Buffer[], authorization: string): Promise<{ seconds: number; perSecond: number; failed: number; statuses: Record<number, number> }> {
  const file = join(tmpdir(), `custodia-bench-bodies-${process.pid}.bin`);
  writeFileSync(file, Buffer.concat(bodies.flatMap((b) => { const n = Buffer.alloc(4); n.writeUInt32BE(b.length); return [n, b]; })));
  try {
    const { stdout } = await run(process.execPath, [CLIENT, `${base}/api/v1/inventory/agent`, authorization, String(CONCURRENCY), file], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').pop()!) as Awaited<ReturnType<typeof post>>;
  } finally {
    rmSync(file, { force: true });
  }
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address();
  if (!a || typeof a === 'string') throw new Error('no port');
  return `http://127.0.0.1:${a.port}`;
}

async function bareBaseline(bodies: Buffer[]) {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_r, b, done) => done(null, b));
  app.post('/api/v1/inventory/agent', async (req, reply) => {
    inflateSync(req.body as Buffer);
    return reply.header('content-type', 'application/x-compress-zlib').send(deflateSync('<REPLY><RESPONSE>NO_ACCOUNT_UPDATE</RESPONSE></REPLY>'));
  });
  const base = await listen(app);
  try {
    return await post(base, bodies, 'Bearer x');
  } finally {
    await app.close();
  }
}

/** One row per inventory with its software list (~60 KB of JSON), each in its own transaction, as durable as ours. */
function rawSqliteBaseline(dir: string, bodies: Buffer[]) {
  const db = openSqlite(join(dir, 'raw.db'));
  db.exec('create table raw_inventory (id integer primary key, device text not null, items text not null)');
  const insert = db.prepare('insert into raw_inventory (device, items) values (?, ?)');
  // Each row is made just before its insert, outside the timing (all of them at once would hold ~220 kB per inventory).
  let seconds = 0;
  for (const [i, body] of bodies.entries()) {
    const row = JSON.stringify(inflateSync(body).toString('utf8').match(/<SOFTWARES>[\s\S]*?<\/SOFTWARES>/g) ?? []);
    const started = performance.now();
    insert.run(`bench-${i}`, row);
    seconds += (performance.now() - started) / 1000;
  }
  db.close();
  return { seconds, perSecond: bodies.length / seconds };
}

/** p95 latency (ms) of a person's request (the first page of the register) repeated until `until` resolves. */
async function interactiveP95(base: string, authorization: string, until: Promise<unknown>): Promise<number> {
  const times: number[] = [];
  let done = false;
  void until.finally(() => { done = true; });
  do {
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/assets?limit=50`, { headers: { authorization } });
    await res.arrayBuffer();
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  } while (!done);
  times.sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0;
}

/**
 * Fills the register with `count` laptops (copies of one created normally, with their own id, tag, serial and name) in
 * one statement, so inventories are reconciled against a register of a realistic size: a look-up that scans the
 * register shows here, not with an empty one.
 */
async function preloadRegister(database: Database, count: number): Promise<void> {
  if (count <= 0) return;
  const ctx = systemContext(database, 'system');
  const type = (await database.db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id;
  await createAsset(ctx, { assetTypeId: type, name: 'preload-seed', serial: 'PRELOAD-SEED' });
  const columns = Object.keys(await database.db.selectFrom('assets').selectAll().executeTakeFirstOrThrow());
  const generated: Record<string, string> = { id: `'preload-' || i`, tag: `'PRE-' || i`, tag_key: `'pre-' || i`, serial: `'PSN' || i`, serial_key: `'psn' || i`, name: `'preload-host-' || i` };
  await sql.raw(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${Math.floor(count)}) `
    + `insert into assets (${columns.map((c) => `"${c}"`).join(', ')}) select ${columns.map((c) => generated[c] ?? `a."${c}"`).join(', ')} `
    + `from n, (select * from assets where name = 'preload-seed') a`).execute(database.db);
}

async function ingestion(engine: 'sqlite' | 'postgres', database: Database, first: Buffer[], second: Buffer[]) {
  const ctx = systemContext(database, 'system');
  await bootstrapRegister(ctx);
  await preloadRegister(database, REGISTER);
  await ensureBuiltInRoles(ctx);
  const { token } = await createAgentToken(ctx, { name: 'bench', orgUnitId: null, expiresInDays: 1 });
  const person = await createAccount(ctx, { login: 'bench-person', displayName: 'Bench' });
  await grantRole(ctx, person.id, { roleKey: 'it_asset_manager', orgUnitId: null });
  const personAuth = `Bearer ${(await createApiToken(ctx, person.id, { name: 'bench', access: 'read', expiresInDays: 1 })).token}`;
  // As the server reads it: parse worker threads (default one less than the cores).
  const parsers = Number(process.env['CUSTODIA_INVENTORY_PARSERS'] ?? 0);
  const app = await buildApp({ database, logger: false, rateLimit: 1_000_000_000, webApp: false, inventoryConcurrency: 1000, ...(parsers > 0 ? { inventoryParsers: parsers } : {}) });
  const base = await listen(app);
  const rss = startPeakRss();
  const auth = `Bearer ${token}`;
  try {
    // Warm-up: parsers, schema caches and prepared statements, on devices not counted.
    await post(base, inventories(50, 0, 'warm', 1 << 24), auth);
    const idleP95 = await interactiveP95(base, personAuth, new Promise((r) => setTimeout(r, 2000)));
    rss.reset();
    const creating = post(base, first, auth);
    const busyP95 = await interactiveP95(base, personAuth, creating);
    const created = await creating;
    const updated = await post(base, second, auth);
    const peak = rss.peak();
    (globalThis as { gc?: () => void }).gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    const counts = {
      devices: Number((await database.db.selectFrom('discovered_devices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      assets: Number((await database.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    };
    return { engine, created, updated, peakRss: peak.bytes, heapAfter, counts, idleP95, busyP95 };
  } finally {
    await app.close();
  }
}

function reconciliation() {
  const fleet = syntheticFleet({ size: FLEET, seed: 20261129 });
  const started = performance.now();
  const index = buildRegisterIndex(fleet.register);
  const indexed = performance.now();
  const decisions = fleet.feed.map((f) => reconcile(f.identity, index));
  const done = performance.now();
  const score = scoreDecisions(fleet.feed, decisions);
  return { register: fleet.register.length, feed: fleet.feed.length, indexSeconds: (indexed - started) / 1000, totalSeconds: (done - started) / 1000, precision: score.precision, recall: score.recall };
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

async function main() {
  const cpu = cpus();
  process.stdout.write(`Custodia discovery benchmark: ${COUNT} inventories × 2 rounds, ${CONCURRENCY} clients, into a register of ${REGISTER.toLocaleString('en-US')} assets; fleet ${FLEET.toLocaleString('en-US')}; `
    + `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);
  const r = reconciliation();
  process.stdout.write(`reconciliation: ${r.feed.toLocaleString('en-US')} devices against ${r.register.toLocaleString('en-US')} assets in ${r.totalSeconds.toFixed(2)} s (index ${r.indexSeconds.toFixed(2)} s); `
    + `precision ${r.precision.toFixed(4)}, recall ${r.recall.toFixed(4)} — target < 10 s: ${r.totalSeconds < 10 ? 'PASS' : 'MISS'}\n`);

  const dir = mkdtempSync(join(tmpdir(), 'custodia-bench-discovery-'));
  try {
    const first = inventories(COUNT, 0);
    const second = inventories(COUNT, 1);
    const bare = await bareBaseline(first);
    const raw = rawSqliteBaseline(dir, first);
    process.stdout.write(`baselines: bare HTTP route (inflate + zlib reply) ${bare.perSecond.toFixed(0)}/s; raw SQLite row per inventory (own commit) ${raw.perSecond.toFixed(0)}/s\n`);
    const engines: ['sqlite' | 'postgres', () => Promise<{ database: Database; drop?: () => Promise<void> }>][] = [
      ['sqlite', async () => ({ database: await openDatabase({ engine: 'sqlite', path: join(dir, 'custodia.db') }) })],
    ];
    const pgBase = postgresUrl();
    if (pgBase) {
      engines.push(['postgres', async () => {
        const schema = `bench_discovery_${process.pid}`;
        const admin = async (q: string) => { const c = new pg.Client({ connectionString: pgBase }); await c.connect(); try { await c.query(q); } finally { await c.end(); } };
        await admin(`create schema ${schema}`);
        const u = new URL(pgBase);
        u.searchParams.set('options', `-c search_path=${schema}`);
        return { database: await openDatabase({ engine: 'postgres', url: u.toString() }), drop: () => admin(`drop schema if exists ${schema} cascade`) };
      }]);
    }
    for (const [name, open] of engines) {
      const { database, drop } = await open();
      try {
        const res = await ingestion(name, database, first, second);
        const line = (label: string, x: typeof res.created) => `${label} ${x.perSecond.toFixed(0)}/s (${x.seconds.toFixed(1)} s${x.failed ? `, ${x.failed} failed ${JSON.stringify(x.statuses)}` : ''}; ${(100 * x.perSecond / bare.perSecond).toFixed(0)} % of bare, ${(100 * x.perSecond / raw.perSecond).toFixed(0)} % of raw)`;
        process.stdout.write(`${name}: ${line('new devices', res.created)}; ${line('re-inventory', res.updated)}; peak RSS ${mb(res.peakRss)} (heap after GC ${mb(res.heapAfter)}); register page p95 ${res.idleP95.toFixed(1)} ms idle, ${res.busyP95.toFixed(1)} ms while agents post; `
          + `${res.counts.devices} devices, ${res.counts.assets} assets — target ≥ 200/s${name === 'sqlite' ? `: ${Math.min(res.created.perSecond, res.updated.perSecond) >= 200 && !res.created.failed && !res.updated.failed ? 'PASS' : 'MISS'}` : ' (SQLite only)'}\n`);
      } finally {
        await database.close();
        await drop?.();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
