import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '@custodia/data';
import { type CliDatabase, seedReferences, withDb, writerToken } from '../cli.js';

/** The machine's PostgreSQL programs (Debian keeps them off PATH). */
const BIN = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
const USER = 'postgres';

/** PostgreSQL refuses to run as root: as root, its programs run as the postgres account, which then owns the files. */
const asServerUser = (command: string, args: string[], env: Record<string, string> = {}): [string, string[]] =>
  process.getuid?.() === 0
    ? ['runuser', ['-u', USER, '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), join(BIN, command), ...args]]
    : ['env', [...Object.entries(env).map(([k, v]) => `${k}=${v}`), join(BIN, command), ...args]];

let serverIds: [number, number] | undefined;

/** A directory the server account may write. */
export function serverDirectory(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) {
    serverIds ??= [Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }))];
    chownSync(path, ...serverIds);
  }
  return path;
}

/**
 * A scratch directory the server account can reach (`work`), holding a new cluster's data directory (`data`) and its
 * socket directory (`sockets`).
 */
export function clusterWorkspace(prefix: string): { work: string; data: string; sockets: string } {
  const work = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(work, 0o755);
  const data = serverDirectory(join(work, 'data'));
  initCluster(data);
  return { work, data, sockets: serverDirectory(join(work, 'sockets')) };
}

/** Creates a cluster in `data` (small WAL segments, so a short test sees segments filled, recycled and renamed). */
export function initCluster(data: string): void {
  const [command, args] = asServerUser('initdb', ['-D', data, '-A', 'trust', '-U', USER, '--wal-segsize=1', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  execFileSync(command, args, { stdio: 'pipe' });
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => done(port)); });
    s.on('error', fail);
  });
}

/**
 * The postmaster (from postmaster.pid) and its children. Every child calls setsid(), so a signal to the postmaster's
 * process group misses them: they notice the postmaster's death a moment later, and a new postmaster started in that
 * moment refuses the shared memory they still hold.
 */
function clusterProcesses(data: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  if (!Number.isInteger(postmaster) || postmaster <= 0) return [];
  const children = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid …: the command may hold spaces and parentheses, so read after the last ')'.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster ? [Number(d)] : [];
    } catch {
      return [];
    }
  });
  return [postmaster, ...children];
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Sends `signal` to every process of the cluster and resolves once none is left. */
async function endCluster(data: string, child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  const processes = clusterProcesses(data);
  for (const pid of signal === 'SIGKILL' ? processes : processes.slice(0, 1)) { try { process.kill(pid, signal); } catch { /* gone */ } }
  // runuser and, when postmaster.pid is not there yet, the postmaster: both in the group of the process we started.
  if (signal === 'SIGKILL' || processes.length === 0) { try { process.kill(-child.pid!, signal); } catch { /* gone */ } }
  await exited;
  for (let i = 0; processes.some(alive); i++) {
    if (i > 600) throw new Error(`processes of the cluster in ${data} are still running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Removes the System V shared memory segment a killed postmaster leaves behind (a clean shutdown removes it): its key
 * and id are on the seventh line of postmaster.pid. Left alone, every killed cluster would keep one until the
 * machine's limit (SHMMNI) refused new clusters.
 */
function removeSharedMemory(data: string): void {
  let id: string | undefined;
  try {
    id = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[6]?.trim().split(/\s+/)[1];
  } catch {
    return;
  }
  if (id && /^\d+$/.test(id)) spawnSync('ipcrm', ['-m', id], { stdio: 'ignore' });
}

export interface Cluster { port: number; url: (database: string) => string; child: ChildProcess; stop(): Promise<void>; kill(): Promise<void> }

/** Starts `postgres` on `data` with the server's defaults (plus `settings`), and resolves once it accepts connections. */
export async function startCluster(data: string, socketDir: string, env: Record<string, string> = {}, settings: string[] = [], atPort?: number): Promise<Cluster> {
  const port = atPort ?? await freePort();
  // Dynamic shared memory in files of the data directory rather than /dev/shm: a killed server leaves its segments
  // behind, and they then go with the directory. (Nothing durable lives there.)
  const options = ['listen_addresses=127.0.0.1', 'dynamic_shared_memory_type=mmap', ...settings];
  const [command, args] = asServerUser('postgres', ['-D', data, '-p', String(port), '-k', socketDir, ...options.flatMap((s) => ['-c', s])], env);
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => { log += String(d); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log}`);
    const client = new pg.Client({ connectionString: url('postgres') });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port, url, child,
    // A fast shutdown: a checkpoint, then every file closed.
    stop: () => endCluster(data, child, exited, 'SIGINT'),
    // Every process at once, as a power cut would stop them.
    kill: async () => { await endCluster(data, child, exited, 'SIGKILL'); removeSharedMemory(data); },
  };
}

/** Runs one statement on a database of a cluster, on a connection of its own. */
export async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return (await client.query(text)).rows as T[]; } finally { await client.end(); }
}

export interface CustodiaOnCluster { database: CliDatabase; token: string; type: string }

/**
 * Creates Custodia's database `custodia` on a running cluster (with amcheck), seeded with reference data and a
 * register administrator's write token; `type` is the laptop asset type. Point `database.env.DATABASE_URL` at the
 * cluster's new port after a restart.
 */
export async function custodiaOnCluster(cluster: Cluster, dir: string): Promise<CustodiaOnCluster> {
  await query(cluster.url('postgres'), 'create database custodia');
  await query(cluster.url('custodia'), 'create extension amcheck');
  const database: CliDatabase = {
    engine: 'postgres', env: { DATABASE_URL: cluster.url('custodia') }, dir,
    open: () => openDatabase({ engine: 'postgres', url: database.env.DATABASE_URL }, { migrate: false, poolSize: 1 }),
    dispose: async () => undefined,
  };
  await seedReferences(database, 1);
  const token = await writerToken(database);
  const type = await withDb(database, async (db) => (await db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id);
  return { database, token, type };
}
