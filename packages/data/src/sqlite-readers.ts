import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, Kysely, type QueryResult,
  SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
} from 'kysely';
import { Piscina } from 'piscina';
import type { Tables } from './schema.js';
import type { ReadResult, ReadTask } from './sqlite-reader.worker.js';

/**
 * How many threads read the SQLite register beside the main connection (`CUSTODIA_SQLITE_READERS`, default 1; 0 turns
 * them off). better-sqlite3 runs a query on the calling thread: a read that scans the register (the search box, a total,
 * the dashboard's pass: about a second at a million assets) would stop every other request of the server meanwhile.
 */
export function sqliteReaderThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['CUSTODIA_SQLITE_READERS']?.trim();
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 16) throw new Error(`CUSTODIA_SQLITE_READERS must be an integer from 0 to 16, not "${raw}"`);
  return n;
}

/** The built worker: next to this file when built; from the sources (tests), the build of the same file. */
function readerWorker(): string | null {
  const candidates = ['./sqlite-reader.worker.js', '../dist/sqlite-reader.worker.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((c) => existsSync(c)) ?? null;
}

/**
 * A Kysely instance whose queries run on reader threads, each with its own read-only connection to the file, so the
 * event loop keeps answering while a long read runs. Reads only (a write is refused) and no transactions: each query
 * sees what was committed when it started, the main connection's commits included. Null when no thread is wanted or
 * no built worker exists (then reads stay on the main connection). Threads start at the first query.
 */
export function openSqliteReaders(path: string, threads: number): Kysely<Tables> | null {
  const worker = readerWorker();
  if (threads === 0 || worker === null || path === ':memory:') return null;
  return new Kysely<Tables>({ dialect: new ReaderDialect(path, worker, threads) });
}

class ReaderDialect implements Dialect {
  constructor(private readonly path: string, private readonly worker: string, private readonly threads: number) {}
  createAdapter() { return new SqliteAdapter(); }
  createQueryCompiler() { return new SqliteQueryCompiler(); }
  createIntrospector(db: Kysely<any>) { return new SqliteIntrospector(db); }
  createDriver(): Driver { return new ReaderDriver(this.path, this.worker, this.threads); }
}

class ReaderDriver implements Driver {
  private pool: Piscina | null = null;
  private readonly connection: DatabaseConnection;

  constructor(private readonly path: string, private readonly worker: string, private readonly threads: number) {
    this.connection = {
      executeQuery: (query) => this.run(query),
      streamQuery: async function* () { throw new Error('Reader threads do not stream; read through the main connection'); },
    };
  }

  async init(): Promise<void> {}
  // The connection holds no state between queries, so every caller may share it; the pool queues what exceeds its threads.
  async acquireConnection(): Promise<DatabaseConnection> { return this.connection; }
  async releaseConnection(): Promise<void> {}
  async beginTransaction(): Promise<void> { throw new Error('Reader threads run single reads, not transactions'); }
  async commitTransaction(): Promise<void> { throw new Error('Reader threads run single reads, not transactions'); }
  async rollbackTransaction(): Promise<void> { throw new Error('Reader threads run single reads, not transactions'); }
  async destroy(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }

  private async run<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Workers get no Node options of the parent: a test runner's export conditions would make them load TypeScript.
    this.pool ??= new Piscina({ filename: this.worker, minThreads: 1, maxThreads: this.threads, idleTimeout: 60_000, execArgv: [], workerData: { path: this.path } });
    const task: ReadTask = { sql: query.sql, parameters: [...query.parameters] };
    const result = await this.pool.run(task) as ReadResult;
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return { rows: result.rows.map(withBuffers) as R[] };
  }
}

// A blob comes back as a plain Uint8Array (structured clone); the main connection gives Buffers.
function withBuffers(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  const values = row as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    const v = values[key];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) values[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
}
