import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

/** The machine's PostgreSQL programs (Debian keeps them off PATH). */
const BIN = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
const USER = 'postgres';

/** PostgreSQL refuses to run as root: as root, its programs run as the postgres account, which then owns the files. */
const asServerUser = (command: string, args: string[], env: Record<string, string> = {}): [string, string[]] =>
  process.getuid?.() === 0
    ? ['runuser', ['-u', USER, '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), join(BIN, command), ...args]]
    : ['env', [...Object.entries(env).map(([k, v]) => `${k}=${v}`), join(BIN, command), ...args]];

/** A directory the server account may write. */
export function serverDirectory(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }));
    chownSync(path, uid, gid);
  }
  return path;
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

export interface Cluster { url: (database: string) => string; child: ChildProcess; stop(): Promise<void>; kill(): Promise<void> }

/** Starts `postgres` on `data` with the server's defaults (plus `settings`), and resolves once it accepts connections. */
export async function startCluster(data: string, socketDir: string, env: Record<string, string> = {}, settings: string[] = []): Promise<Cluster> {
  const port = await freePort();
  // Dynamic shared memory in files of the data directory rather than /dev/shm: a killed server leaves its segments
  // behind, and they then go with the directory. (Nothing durable lives there.)
  const options = ['listen_addresses=127.0.0.1', 'dynamic_shared_memory_type=mmap', ...settings];
  const [command, args] = asServerUser('postgres', ['-D', data, '-p', String(port), '-k', socketDir, ...options.flatMap((s) => ['-c', s])], env);
  // Its own process group, so a kill reaches the postmaster and every backend at once, as a power cut would.
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
    url, child,
    // A fast shutdown: a checkpoint, then every file closed.
    stop: async () => { process.kill(-child.pid!, 'SIGINT'); await exited; },
    kill: async () => { process.kill(-child.pid!, 'SIGKILL'); await exited; },
  };
}
