import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@custodia/domain';
import { openDatabase, verifyEventChain } from '@custodia/data';
import { hasPostgres } from '../../../test/support/databases.js';
import { startServer, waitFor } from './support/cli.js';
import { type CrashState, crashStates } from './support/write-log/crash-states.js';
import { cutsOf, diskModels, restore, restoreScratch } from './support/write-log/cuts.js';
import { type Cluster, type CustodiaOnCluster, clusterWorkspace, custodiaOnCluster, query, serverDirectory, startCluster } from './support/write-log/private-postgres.js';
import { registerWithoutPause } from './support/write-log/fault-client.js';
import { buildWriteLog, readWriteLog, writeLogEnv } from './support/write-log/write-log.js';

const SEED = Number(process.env['CUSTODIA_POWER_CUT_SEED'] ?? Date.now() % 1_000_000);

/** Every file and directory under `root`, files with their bytes. */
function snapshot(root: string): { files: Map<string, Buffer>; directories: string[] } {
  const files = new Map<string, Buffer>();
  const directories: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) { directories.push(relative(root, path)); walk(path); }
      else if (entry.isFile()) files.set(path, readFileSync(path));
    }
  };
  walk(root);
  return { files, directories };
}

/**
 * FT-02 of the security test plan on PostgreSQL with its defaults (fsync, synchronous_commit and full_page_writes on):
 * a private cluster runs with the write log loaded into every server process, Custodia registers assets on it without
 * pause, and the disk is rebuilt as a power cut at many moments would leave it (see power-cut.test.ts for the model).
 * PostgreSQL must recover each state by itself, with every acknowledged asset and its history, indexes and tables that
 * amcheck finds sound, and a history chain that verifies.
 */
describe.runIf(hasPostgres)(`power cut under write load (FT-02, PostgreSQL, seed ${SEED})`, () => {
  let work: string;
  let library: string;
  let data: string;
  let sockets: string;
  let scratch: string;
  let cluster: Cluster | undefined;
  beforeAll(() => {
    ({ work, data, sockets } = clusterWorkspace('custodia-power-cut-pg-'));
    // The server account reads the restored states here.
    scratch = restoreScratch('custodia-power-cut-pg-');
    chmodSync(scratch, 0o755);
    library = buildWriteLog(work);
  }, 120_000);
  afterAll(async () => {
    await cluster?.kill().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Custodia's database on the private cluster, seeded, with a writer's token; the cluster is then shut down cleanly. */
  async function prepare(): Promise<CustodiaOnCluster> {
    cluster = await startCluster(data, sockets);
    const setup = await custodiaOnCluster(cluster, work);
    await cluster.stop();
    cluster = undefined;
    return setup;
  }

  /**
   * Starts the cluster with the write log (and `settings`), and `custodia serve` on it; four clients register assets
   * without pause, with a checkpoint after each count in `checkpointsAt`, until `total` are acknowledged; then the
   * cluster and the server are killed at once.
   */
  async function loggedRun(setup: CustodiaOnCluster, name: string, settings: string[], checkpointsAt: number[], total: number) {
    const logDir = serverDirectory(join(work, `log-${name}`));
    const log = join(logDir, 'write.log');
    const running = await startCluster(data, sockets, writeLogEnv(library, log, `${data}/`), settings);
    cluster = running;
    setup.database.env.DATABASE_URL = running.url('custodia');
    const server = await startServer(setup.database);
    const { acks, stop } = registerWithoutPause(server.url, setup.token, setup.type, `power-cut ${name}`);
    for (const at of checkpointsAt) {
      await waitFor(() => acks.length >= at, 120_000);
      await query(running.url('custodia'), 'checkpoint');
    }
    await waitFor(() => acks.length >= total, 120_000);
    await running.kill();
    cluster = undefined;
    await stop();
    const serverClosed = new Promise((resolve) => server.child.once('close', resolve));
    server.child.kill('SIGKILL');
    await serverClosed;
    return { acks, calls: readWriteLog(log) };
  }

  /** Writes the files of the data directory `data` into `to`, owned and protected as PostgreSQL requires. */
  function restoreForServer(files: Map<string, Buffer>, to: string): void {
    restore(files, data, to, { directories: before.directories, skip: (p) => p.endsWith('/postmaster.pid') });
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', to]);
    chmodSync(to, 0o700);
  }

  /** Restores a crash state, lets PostgreSQL recover it, and returns what a user would find. */
  async function recover(state: CrashState, where: string) {
    const restored = join(scratch, 'restored');
    restoreForServer(state.files, restored);
    // PostgreSQL replays its WAL from the last checkpoint at start-up.
    const recovered = await startCluster(restored, sockets).catch((error: unknown) => { throw new Error(`${where}: ${String(error)}`); });
    try {
      const url = recovered.url('custodia');
      const assets = new Set((await query<{ id: string }>(url, 'select id from assets')).map((a) => a.id));
      const created = (await query<{ entity_id: string }>(url, "select entity_id from events where entity_type = 'asset' and action = 'create'")).map((e) => e.entity_id);
      // Every B-tree index of the register checked against its table, and every table's pages.
      await query(url, `select bt_index_check(c.oid, true) from pg_index i join pg_class c on c.oid = i.indexrelid
        join pg_am am on am.oid = c.relam where am.amname = 'btree' and c.relnamespace = 'public'::regnamespace`);
      const damaged = await query(url, `select c.relname, v.* from pg_class c, verify_heapam(c.oid) v
        where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace`);
      const opened = await openDatabase({ engine: 'postgres', url }, { migrate: false, poolSize: 1 });
      try {
        return { assets, created, damaged, chain: await verifyEventChain(opened.db) };
      } finally {
        await opened.close();
      }
    } finally {
      // Nothing of the recovered copy is kept: no shutdown checkpoint needed.
      await recovered.kill();
    }
  }

  let setup: CustodiaOnCluster;
  let before: ReturnType<typeof snapshot>;
  beforeAll(async () => {
    setup = await prepare();
    before = snapshot(data);
  }, 120_000);

  it('the rebuilt states are strict enough to see the loss that synchronous_commit=off allows', async () => {
    // Control: commits answered before their WAL is flushed, and a WAL writer that waits long enough for the kill to
    // find acknowledged commits unflushed. The same replay must show them lost. The data directory is put back after.
    const { acks, calls } = await loggedRun(setup, 'control', ['synchronous_commit=off', 'wal_writer_delay=10000'], [], 40);
    try {
      const [state] = crashStates(before.files, calls, [calls.length], () => false);
      const found = await recover(state!, 'control');
      expect(found.damaged).toEqual([]);
      expect(found.chain.ok).toBe(true);
      expect(acks.filter((a) => !found.assets.has(a.id)).length).toBeGreaterThan(0);
    } finally {
      restoreForServer(before.files, data);
    }
  }, 300_000);

  it('no acknowledged write is lost at any cut; each state recovers whole, with every asset and its history event', async () => {
    const { acks, calls } = await loggedRun(setup, 'defaults', [], [80, 160], 240);
    const cuts = cutsOf(calls, (p) => p.endsWith('/global/pg_control'), 8, seededRandom(SEED));
    const syncs = calls.filter((c) => c.op === 'sync').length;
    expect(syncs).toBeGreaterThan(acks.length);
    console.info(`power cut (PostgreSQL): ${acks.length} acknowledged creates, ${calls.length} calls logged, ${syncs} fsyncs, ${cuts.length} cuts × 2 models`);
    let checked = 0;
    for (const model of diskModels(SEED)) {
      for (const state of crashStates(before.files, calls, cuts, model.keep)) {
        const where = `${model.name}, cut at call ${state.at} of ${calls.length} (${state.kept} of ${state.unsynced} unsynced writes kept)`;
        const found = await recover(state, where);
        expect(acks.filter((a) => a.ns <= state.ns && !found.assets.has(a.id)).map((a) => a.id), where).toEqual([]);
        expect(found.created.sort(), where).toEqual([...found.assets].sort());
        expect(found.damaged, where).toEqual([]);
        expect(found.chain.ok, `${where}: ${JSON.stringify(found.chain)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(cuts.length * 2);
  }, 600_000);
});
