import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_BUSY_TIMEOUT_MS } from '@custodia/data';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { expectProblem, uniq } from './support/http.js';

const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Another process holding SQLite's write lock (a `custodia` command run beside the server) for `holdMs`, without
 * writing anything. Resolves once the lock is held.
 */
async function holdWriteLock(path: string, holdMs: number): Promise<ChildProcess> {
  const script = `const Database = require(${JSON.stringify(sqliteModule)});
const db = new Database(${JSON.stringify(path)});
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('locked')) resolve(); });
    child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return child;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => { if (child.exitCode !== null) resolve(); else child.on('exit', () => resolve()); });

/**
 * FT-08 of the security test plan: SQLite lets one writer in at a time. Writers of the server queue behind one another
 * and are all answered; a write lock held by another process is waited for up to the busy timeout, and beyond it the
 * request is answered 503 with Retry-After (never a 500 carrying SQLITE_BUSY), writing nothing.
 */
describe('SQLite writer contention (FT-08)', () => {
  const sqlite = ENGINES.find((e) => e.name === 'sqlite')!;
  let api: TestApi;
  let path: string;

  beforeAll(async () => {
    api = await startApi(sqlite);
    const target = api.db.target;
    if (target.engine !== 'sqlite') throw new Error('an SQLite database was expected');
    path = target.path;
  });
  afterAll(async () => { await api.close(); });

  const createMaker = (name = uniq('Maker ')) => api.call('POST', '/api/v1/manufacturers', { name });

  it('20 writers at once are each answered 201: none is refused or sees SQLITE_BUSY', async () => {
    const before = (await snapshotCounts(api.db))['manufacturers']!;
    const answers = await Promise.all(Array.from({ length: 20 }, () => createMaker()));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect((await snapshotCounts(api.db))['manufacturers']).toBe(before + 20);
  });

  it('a write lock held elsewhere beyond the busy timeout: 503 with Retry-After after waiting, nothing written', async () => {
    const holder = await holdWriteLock(path, SQLITE_BUSY_TIMEOUT_MS + 4000);
    try {
      const before = await snapshotCounts(api.db);
      const started = performance.now();
      const res = await createMaker();
      const waited = performance.now() - started;
      expectProblem(res, 503, 'UNAVAILABLE');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(waited).toBeGreaterThanOrEqual(SQLITE_BUSY_TIMEOUT_MS - 200);
      expect(await snapshotCounts(api.db)).toEqual(before);
    } finally {
      holder.kill();
      await exited(holder);
    }
    expect((await createMaker()).status).toBe(201);
  }, 30_000);

  it('a write lock released within the busy timeout: the write waits for it and succeeds', async () => {
    const holder = await holdWriteLock(path, 1000);
    try {
      const started = performance.now();
      const name = uniq('Patient maker ');
      const res = await createMaker(name);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(performance.now() - started).toBeGreaterThanOrEqual(500);
      expect((await api.call('GET', `/api/v1/manufacturers/${res.body.id}`)).body.name).toBe(name);
    } finally {
      await exited(holder);
    }
  }, 30_000);
});
