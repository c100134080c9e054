import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@custodia/domain';
import { openDatabase, verifyEventChain } from '@custodia/data';
import { CLI_ENGINES, type CliDatabase, seedReferences, startServer, waitFor, withDb, writerToken } from './support/cli.js';
import { crashStates } from './support/write-log/crash-states.js';
import { cutsOf, diskModels, restore, restoreScratch } from './support/write-log/cuts.js';
import { registerWithoutPause } from './support/write-log/fault-client.js';
import { buildWriteLog, readWriteLog, writeLogEnv } from './support/write-log/write-log.js';

const SEED = Number(process.env['CUSTODIA_POWER_CUT_SEED'] ?? Date.now() % 1_000_000);
const WRITER = fileURLToPath(new URL('./support/write-log/sqlite-writer.mjs', import.meta.url));

/**
 * FT-02 of the security test plan, on SQLite (the embedded default). A power cut cannot be pulled here, so it is
 * rebuilt: the process under test runs with a write log (write-log.c, loaded with LD_PRELOAD) that records every write,
 * truncation and fsync of the database files in the order the kernel accepted them. From the log and the files as they
 * were before, the test rebuilds what the disk could hold had the power failed at many points (everything a completed
 * fsync covered, plus none or a random part of what no fsync covered yet), opens each such state as the restarted
 * server would, and checks it. The seed is printed; CUSTODIA_POWER_CUT_SEED repeats a run.
 */
describe(`power cut under write load (FT-02, SQLite, seed ${SEED})`, () => {
  let work: string;
  let library: string;
  let scratch: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'custodia-power-cut-'));
    scratch = restoreScratch('custodia-power-cut-');
    library = buildWriteLog(work);
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Runs the bare writer under the write log and returns, per cut, the acknowledged rows missing after it. */
  async function bareWriter(synchronous: 'FULL' | 'NORMAL') {
    const dir = join(work, `bare-${synchronous}`);
    const path = join(dir, 'bare.db');
    const log = join(work, `bare-${synchronous}.log`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const { stdout } = await promisify(execFile)(process.execPath, [WRITER, path, synchronous, '400'], { env: { ...process.env, ...writeLogEnv(library, log, path) } });
    const acks = stdout.trim().split('\n').map((line) => { const [id, ns] = line.split(' '); return { id: Number(id), ns: BigInt(ns!) }; });
    const calls = readWriteLog(log);
    const cuts = cutsOf(calls, (p) => p === path, 60, seededRandom(SEED));
    const restored = join(scratch, `bare-${synchronous}`);
    const results: { at: number; lost: number; integrity: string }[] = [];
    for (const state of crashStates(new Map(), calls, cuts, () => false)) {
      restore(state.files, dir, restored, { skip: (p) => p.endsWith('-shm') });
      const db = new Sqlite(join(restored, 'bare.db'));
      try {
        const integrity = String(db.pragma('integrity_check', { simple: true }));
        // Before the writer's first commit reached the disk, the table is not there yet: an empty database.
        const created = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'rows'").get() !== undefined;
        const present = new Set(created ? db.prepare('select id from rows').pluck().all().map(Number) : []);
        results.push({ at: state.at, integrity, lost: acks.filter((a) => a.ns <= state.ns && !present.has(a.id)).length });
      } finally {
        db.close();
      }
    }
    return { acks: acks.length, cuts: results };
  }

  it('the rebuilt states are strict enough to see the loss that synchronous=NORMAL allows, and see none with FULL', async () => {
    // Control: the same bare writer under both settings. With NORMAL a commit returns before its WAL frames are synced,
    // so some cut must lose acknowledged rows (bounded: only since the last checkpoint); with FULL none may.
    const normal = await bareWriter('NORMAL');
    const full = await bareWriter('FULL');
    expect(normal.cuts.every((c) => c.integrity === 'ok')).toBe(true);
    expect(full.cuts.every((c) => c.integrity === 'ok')).toBe(true);
    expect(Math.max(...normal.cuts.map((c) => c.lost))).toBeGreaterThan(0);
    expect(Math.max(...normal.cuts.map((c) => c.lost))).toBeLessThan(normal.acks);
    expect(full.cuts.filter((c) => c.lost > 0)).toEqual([]);
  }, 120_000);

  describe('custodia serve with its default settings', () => {
    let database: CliDatabase;
    beforeAll(async () => { database = await CLI_ENGINES[0]!.create(); await seedReferences(database, 1); }, 120_000);
    afterAll(async () => { await database.dispose(); });

    it('no acknowledged write is lost at any cut; every state opens whole, with each asset and its history event together, and the import all or nothing', async () => {
      const token = await writerToken(database);
      const type = await withDb(database, async (db) => (await db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id);
      // withDb closed the last connection, which checkpointed the WAL into the file: this file is the disk before the log.
      const path = database.env.DATABASE_URL;
      const initial = new Map([[path, readFileSync(path)]]);
      const log = join(work, 'server.log');
      const server = await startServer(database, writeLogEnv(library, log, path));

      // Four clients register assets without pause until the server is killed.
      const { acks, stop } = registerWithoutPause(server.url, token, type, 'power-cut');
      // Meanwhile one import of 3,000 assets: one large transaction, whose pages SQLite may write out before its commit.
      const IMPORTED = 3_000;
      const csv = ['tag,name,type', ...Array.from({ length: IMPORTED }, (_, i) => `IMP-${String(i).padStart(6, '0')},Imported ${i},laptop`)].join('\n');
      await waitFor(() => acks.length >= 100, 120_000);
      const importStarted = process.hrtime.bigint();
      const res = await fetch(`${server.url}/api/v1/imports/assets?fileName=power-cut.csv`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
      expect(res.status, await res.clone().text()).toBe(200);
      const imported = process.hrtime.bigint();
      await waitFor(() => acks.length >= 400, 120_000);
      const closed = new Promise((resolve) => server.child.once('close', resolve));
      server.child.kill('SIGKILL');
      await closed;
      await stop();

      const calls = readWriteLog(log);
      // Every fsync while the import ran is a cut too: its commit, and the creates' commits around it.
      const duringImport = calls.flatMap((c, i) => (c.op === 'sync' && c.ns >= importStarted && c.ns <= imported ? [i, i + 1] : []));
      const cuts = [...new Set([...cutsOf(calls, (p) => p === path, 40, seededRandom(SEED)), ...duringImport])].sort((a, b) => a - b);
      expect(duringImport.length).toBeGreaterThan(0);
      // The log must hold commits and checkpoints (fsyncs of the database file itself) for the cuts to mean anything.
      const files = new Map(calls.flatMap((c) => (c.op === 'open' ? [[c.file, c.path] as const] : [])));
      const syncs = calls.filter((c) => c.op === 'sync');
      const checkpoints = syncs.filter((c) => files.get(c.file) === path).length;
      expect(syncs.length).toBeGreaterThan(acks.length);
      expect(checkpoints).toBeGreaterThan(0);
      console.info(`power cut: ${acks.length} acknowledged creates and an import of ${IMPORTED}, ${calls.length} calls logged, ${syncs.length} fsyncs of which ${checkpoints} of the database file, ${cuts.length} cuts × 2 models`);
      const restored = join(scratch, 'server');
      const checked: string[] = [];
      for (const [m, model] of diskModels(SEED).entries()) {
        for (const state of crashStates(initial, calls, cuts, model.keep)) {
          restore(state.files, database.dir, restored, { skip: (p) => p.endsWith('-shm') });
          const opened = await openDatabase({ engine: 'sqlite', path: join(restored, 'custodia.db') }, { migrate: false, readerThreads: 0 });
          try {
            const where = `${model.name}, cut at call ${state.at} of ${calls.length} (${state.kept} of ${state.unsynced} unsynced writes kept)`;
            const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(opened.db);
            expect(integrity.rows.map((r) => r.integrity_check), where).toEqual(['ok']);
            expect((await sql`pragma foreign_key_check`.execute(opened.db)).rows, where).toEqual([]);
            const assets = new Set((await opened.db.selectFrom('assets').select('id').execute()).map((a) => a.id));
            const created = (await opened.db.selectFrom('events').select('entity_id').where('entity_type', '=', 'asset').where('action', 'in', ['create', 'import']).execute()).map((e) => e.entity_id);
            // The import is all or nothing, and all once it was answered.
            const fromImport = Number((await opened.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).where('tag', 'like', 'IMP-%').executeTakeFirstOrThrow()).n);
            const answered = imported <= state.ns;
            expect(answered ? [IMPORTED] : [0, IMPORTED], `${where}: ${fromImport} imported assets`).toContain(fromImport);
            // Every answer the clients had received by then is on the disk.
            expect(acks.filter((a) => a.ns <= state.ns && !assets.has(a.id)).map((a) => a.id), where).toEqual([]);
            // Each asset with its creation event and no event without its asset: they committed together or not at all.
            expect(created.sort(), where).toEqual([...assets].sort());
            const chain = await verifyEventChain(opened.db);
            expect(chain.ok, `${where}: ${JSON.stringify(chain)}`).toBe(true);
            checked.push(`${m}:${state.at}`);
          } finally {
            await opened.close();
          }
        }
      }
      expect(checked).toHaveLength(cuts.length * 2);
    }, 300_000);
  });
});
