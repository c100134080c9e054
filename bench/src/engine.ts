import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Database, openDatabase, verifyEventChain } from '@custodia/data';
import { bootstrapRegister, dashboard, importAssets, systemContext } from '@custodia/core';
import { importRows } from './asset-rows.js';
import type { HttpResult } from './http-phase.js';
import { type Latency, getPhase, getWhileSearching, listPhase, searchPhase } from './latency.js';
import { type RawResult, rawBaseline } from './raw-baseline.js';
import { setupRegister } from './register-setup.js';
import { peakRssOfProcess, startPeakRss } from './rss.js';
import { type BenchConfig, readConfig } from './config.js';

export interface EngineResult {
  engine: 'sqlite' | 'postgres';
  config: BenchConfig;
  setup: { seconds: number; people: number; locations: number; orgUnits: number };
  raw: RawResult;
  import: {
    rows: number; created: number; seconds: number; cpuSeconds: number; rowsPerSecond: number; ratio: number; peakRss: number; rssMethod: string; source: string;
    databaseBytes: number | null;
  };
  list: Latency;
  get: Latency;
  search: Latency;
  /** Get by id while another loop searches: as configured (reader threads on SQLite), and on SQLite with them off. */
  searchingGet: { readers: Latency; onEventLoop: Latency | null };
  /** The dashboard (home page): computed after a change, and looked at again with nothing changed (median of 20), ms. */
  dashboard: { computed: number; repeated: number };
  http: HttpResult;
  /** Medians in ms of five rounds, and the JS bundle; null when not measured (PostgreSQL, or CUSTODIA_BENCH_BROWSER=0). */
  browser: { firstPage: number; filtered: number; bundleBytes: number; bundleGzipBytes: number } | null;
  verify: { events: number; seconds: number; ok: boolean };
  peakRss: number;
  /** 1-minute load average of the machine when the engine started and when it finished. */
  load: [number, number];
}

const started = performance.now();
const cpuSeconds = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6; };
/** Full collection between phases (the engine runs with --expose-gc), so no phase pays for an earlier one's garbage. */
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();
const log = (engine: string, message: string) => process.stdout.write(`[${engine} +${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);

/** Sum of the SQLite file and its WAL: the register's size on disk. */
function sqliteBytes(path: string): number {
  let total = 0;
  for (const p of [path, `${path}-wal`]) {
    try { total += statSync(p).size; } catch { /* absent */ }
  }
  return total;
}

/** Runs every measurement on one engine; the parent process starts one of these per engine and reads the result file. */
async function main(): Promise<void> {
  const [engineArg, dir, resultFile, pgUrl] = process.argv.slice(2);
  if ((engineArg !== 'sqlite' && engineArg !== 'postgres') || !dir || !resultFile) throw new Error('usage: engine <sqlite|postgres> <dir> <result-file> [pg-url]');
  const engine = engineArg;
  const config = readConfig();
  const say = (m: string) => log(engine, m);
  const sqlitePath = join(dir, 'custodia.db');
  const database: Database = engine === 'sqlite'
    ? await openDatabase({ engine: 'sqlite', path: sqlitePath })
    : await openDatabase({ engine: 'postgres', url: pgUrl! }, { poolSize: 10 });
  const sampler = startPeakRss();
  const loadAtStart = loadavg()[0]!;
  try {
    const ctx = systemContext(database, 'import', 'bench');
    let t = performance.now();
    await bootstrapRegister(systemContext(database, 'system'));
    const register = await setupRegister(ctx, config.people, config.seed);
    const setup = { seconds: (performance.now() - t) / 1000, ...register.counts };
    say(`register ready: ${setup.locations} locations, ${setup.orgUnits} org units, ${setup.people} people, ${register.models.length} models (${setup.seconds.toFixed(1)} s)`);

    // The same rows into a table of the same shape in the same database (foreign keys to the same reference rows),
    // first: after the import, PostgreSQL's autovacuum of the new rows would slow it down. It is dropped afterwards.
    say(`raw baseline: inserting ${config.assets} rows…`);
    const raw = await rawBaseline(engine, engine === 'sqlite' ? sqlitePath : pgUrl!, register, config.assets, config.seed);
    say(`raw baseline: ${Math.round(raw.rowsPerSecond)} rows/s (${raw.seconds.toFixed(1)} s)`);

    say(`import: ${config.assets} rows through importAssets (create mode, one transaction)…`);
    collectGarbage();
    // The kernel's high-water mark is reset for the import's window: keep the set-up's and the baseline's peak.
    const peakBeforeImport = peakRssOfProcess();
    sampler.reset();
    const cpu = process.cpuUsage();
    t = performance.now();
    const report = await importAssets(ctx, importRows(register, config.assets, config.seed), {
      mode: 'create', dryRun: false, fileName: 'bench-generated.csv', fileSha256: randomBytes(32).toString('hex'),
      onProgress: (n) => { if (n % 100_000 === 0) say(`  ${n} rows read`); },
    });
    const importSeconds = (performance.now() - t) / 1000;
    const importCpu = cpuSeconds(cpu);
    const importPeak = sampler.peak();
    if (!report.applied || report.created !== config.assets) throw new Error(`Import did not create every row: ${JSON.stringify({ ...report, problems: report.problems.slice(0, 5) })}`);
    const rowsPerSecond = report.rows / importSeconds;
    say(`import: ${Math.round(rowsPerSecond)} rows/s (${importSeconds.toFixed(1)} s), peak RSS ${(importPeak.bytes / 2 ** 20).toFixed(0)} MiB`);
    const imported: EngineResult['import'] = {
      rows: report.rows, created: report.created, seconds: importSeconds, cpuSeconds: importCpu, rowsPerSecond, ratio: rowsPerSecond / raw.rowsPerSecond,
      peakRss: importPeak.bytes, rssMethod: importPeak.method, source: 'async generator (no file)', databaseBytes: engine === 'sqlite' ? sqliteBytes(sqlitePath) : null,
    };
    if (engine === 'postgres') await sql`analyze`.execute(database.db);

    const sites = register.sites.map((s) => s.id);
    const list = await listPhase(ctx, sites, 200, config.seed + 1);
    say(`list page: p50 ${list.p50.toFixed(2)} ms, p95 ${list.p95.toFixed(2)} ms (${list.note})`);
    const ids = (await database.db.selectFrom('assets').select('id').orderBy(sql`random()`).limit(2000).execute()).map((r) => r.id);
    const get = await getPhase(ctx, ids, 5000, config.seed + 2);
    say(`get by id: p50 ${get.p50.toFixed(3)} ms, p95 ${get.p95.toFixed(3)} ms`);
    const searched = await database.db.selectFrom('assets').select(['id', 'serial']).where('id', 'in', ids.slice(0, 500)).execute();
    const search = await searchPhase(ctx, searched, 50, config.seed + 3);
    say(`search: p50 ${search.p50.toFixed(2)} ms, p95 ${search.p95.toFixed(2)} ms (${search.note})`);
    const searchingGet = {
      readers: await getWhileSearching(ctx, searched, 3, config.seed + 4),
      onEventLoop: database.reads ? await getWhileSearching({ ...ctx, database: { ...database, reads: undefined } }, searched, 3, config.seed + 4) : null,
    };
    say(`get by id while searching: p50 ${searchingGet.readers.p50.toFixed(3)} ms, p95 ${searchingGet.readers.p95.toFixed(2)} ms (${searchingGet.readers.note})`
      + (searchingGet.onEventLoop ? `; searches on the event loop: p50 ${searchingGet.onEventLoop.p50.toFixed(3)} ms, p95 ${searchingGet.onEventLoop.p95.toFixed(2)} ms` : ''));
    t = performance.now();
    await dashboard(ctx);
    const computed = performance.now() - t;
    const repeats: number[] = [];
    for (let i = 0; i < 20; i++) { t = performance.now(); await dashboard(ctx); repeats.push(performance.now() - t); }
    const board = { computed, repeated: repeats.sort((a, b) => a - b)[10]! };
    say(`dashboard: computed ${board.computed.toFixed(0)} ms, again with nothing changed ${board.repeated.toFixed(2)} ms`);

    say(`http: ${config.httpSeconds} s per server, concurrency ${config.concurrency}…`);
    // Loaded only now, so the import ran with the modules `custodia import` loads, not the HTTP server's as well.
    // A failing HTTP phase (e.g. the server refusing the load client) is reported, and the history is still verified.
    let http: HttpResult;
    try {
      const { httpPhase } = await import('./http-phase.js');
      http = await httpPhase(database, ids, dir, config.httpSeconds, config.concurrency);
      say(`http: custodia ${Math.round(http.custodia.requestsPerSecond)} req/s, bare ${Math.round(http.bare.requestsPerSecond)} req/s`);
    } catch (error) {
      const none = { ok: 0, failed: 0, statuses: {}, seconds: 0, requestsPerSecond: Number.NaN, bytesPerResponse: 0 };
      http = { custodia: none, bare: none, ratio: Number.NaN, roundRatios: [], seconds: config.httpSeconds, concurrency: config.concurrency, error: String(error instanceof Error ? error.message : error) };
      say(`http: FAILED: ${http.error}`);
    }

    // The register in a real browser (issue 5): first page and filtered page, and the JS bundle size.
    let browser: EngineResult['browser'] = null;
    if (engine === 'sqlite' && process.env['CUSTODIA_BENCH_BROWSER'] !== '0') {
      try {
        const { browserPhase, browserSummary } = await import('./browser-phase.js');
        const r = await browserPhase(database);
        browser = { ...r, ...browserSummary(r) };
        say(`browser: first register page ${browser.firstPage.toFixed(0)} ms, filtered page ${browser.filtered.toFixed(0)} ms (medians), JS ${(r.bundleGzipBytes / 1024).toFixed(0)} KiB gzip`);
      } catch (error) {
        say(`browser: FAILED: ${String(error instanceof Error ? error.message : error)}`);
      }
    }

    t = performance.now();
    const chain = await verifyEventChain(database.db);
    const verify = { events: chain.events, seconds: (performance.now() - t) / 1000, ok: chain.ok };
    if (!chain.ok) throw new Error(`History chain broken: ${JSON.stringify(chain.break)}`);
    say(`verify chain: ${verify.events} events in ${verify.seconds.toFixed(1)} s`);


    const result: EngineResult = { engine, config, setup, raw, import: imported, list, get, search, searchingGet, dashboard: board, http, browser, verify, peakRss: Math.max(peakBeforeImport, peakRssOfProcess(), importPeak.bytes), load: [loadAtStart, loadavg()[0]!] };
    writeFileSync(resultFile, JSON.stringify(result));
  } finally {
    await sampler.stop();
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
