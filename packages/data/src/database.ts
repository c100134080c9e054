import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';
import type { Tables } from './schema.js';
import { type DatabaseTarget, pgConnectTimeoutMs, pgQueryTimeoutMs, resolveDatabaseTarget } from './config.js';
import { watchQueries } from './pg-watchdog.js';
import { openSqlite, withStatementCache } from './sqlite.js';
import { CustodiaSqliteDialect } from './sqlite-dialect.js';
import { openSqliteReaders, sqliteReaderThreads } from './sqlite-readers.js';
import { migrateToLatest } from './migrator.js';
import { namePreparedStatements } from './pg-prepared.js';
import { type SearchIndexStatus, ensureSearchIndexes } from './search-indexes.js';
import type { FieldCipher } from './crypto/field-cipher.js';
import { loadCipher } from './crypto/load-cipher.js';

export type Db = Kysely<Tables>;

export interface Database {
  db: Db;
  engine: 'sqlite' | 'postgres';
  target: DatabaseTarget;
  /**
   * SQLite: reader threads for reads that may scan the register (see sqlite-readers.ts), when enabled. Use
   * `longReads(database)`, which falls back to `db` (also inside a transaction, whose writes only `db` sees).
   */
  reads?: Db;
  /** The raw better-sqlite3 handle (SQLite only): backups and the bulk-import fast path use it. */
  sqlite?: BetterSqlite3.Database;
  /** Encrypts and decrypts fields marked sensitive (AES-256-GCM). */
  cipher: FieldCipher;
  /** PostgreSQL's trigram indexes for free-text search, as the last start left them (see search-indexes.ts). */
  searchIndexes?: SearchIndexStatus;
  close(): Promise<void>;
}

// pg returns int8 as string, date and timestamptz as Date objects. The register wants numbers, 'YYYY-MM-DD'
// strings and ISO-8601 instants, the same as SQLite gives back.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString());

export async function openDatabase(
  target: DatabaseTarget = resolveDatabaseTarget(),
  options: { migrate?: boolean; poolSize?: number; cipher?: FieldCipher; preparedStatements?: boolean; readerThreads?: number } = {},
): Promise<Database> {
  let database: Database;
  let armed = false;
  let statements: ReturnType<typeof withStatementCache> | undefined;
  const cipher = options.cipher ?? loadCipher(target);
  if (target.engine === 'sqlite') {
    const sqlite = openSqlite(target.path);
    statements = withStatementCache(sqlite);
    const db = new Kysely<Tables>({ dialect: new CustodiaSqliteDialect({ database: statements, inTransaction: () => sqlite.inTransaction }) });
    const reads = openSqliteReaders(target.path, options.readerThreads ?? sqliteReaderThreads());
    database = {
      db, engine: 'sqlite', target, sqlite, cipher, ...(reads ? { reads } : {}),
      close: async () => { await reads?.destroy(); await db.destroy(); },
    };
  } else {
    // Named in pg_stat_activity, so a DBA sees whose connections these are (an application_name in the URL wins).
    const pool = new pg.Pool({
      connectionString: target.url, max: options.poolSize ?? 10, application_name: 'custodia',
      // A request waits this long at most for a connection: all of them busy, or the server not answering a connect
      // (down, or a network partition); it then answers 503 with Retry-After instead of hanging with the others.
      connectionTimeoutMillis: pgConnectTimeoutMs(),
      // An idle connection to a server that went away without closing it is found by TCP keepalive and dropped.
      keepAlive: true, keepAliveInitialDelayMillis: 10_000,
    });
    // A connection that dies (the server restarted, a DBA's pg_terminate_backend, a network cut) emits 'error': on the
    // pool while idle (the pool then drops it and opens a new one when needed), on the client itself while a request
    // holds it (that request's query fails and answers 503). Unheard, either event would end the whole process.
    const lost = (error: Error) => { process.emitWarning(`A PostgreSQL connection was lost: ${error.message}`, { code: 'CUSTODIA_PG_CONNECTION_LOST' }); };
    pool.on('error', lost);
    pool.on('connect', (client) => { client.on('error', lost); });
    // Queries left unanswered past CUSTODIA_PG_QUERY_TIMEOUT_MS close their connection (see pg-watchdog.ts); not
    // during the migrations below.
    const queryTimeout = pgQueryTimeoutMs();
    if (queryTimeout > 0) watchQueries(pool, queryTimeout, () => armed);
    // Named statements, unless CUSTODIA_PG_PREPARED=off: a PgBouncer in transaction mode before 1.21 cannot keep them.
    if (options.preparedStatements ?? process.env['CUSTODIA_PG_PREPARED']?.trim().toLowerCase() !== 'off') namePreparedStatements(pool);
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    database = { db, engine: 'postgres', target, cipher, close: () => db.destroy() };
  }
  if (options.migrate ?? true) {
    await migrateToLatest(database.db);
    database.searchIndexes = await ensureSearchIndexes(database.db, database.engine);
    // Statements prepared before the schema changed would keep the old column names of their rows (see objectRows).
    statements?.clear();
  }
  armed = true;
  return database;
}

/**
 * Where a read that may take long (a scan of the register) should run: the SQLite reader threads when there are any
 * and no transaction is open on `db`; otherwise `db` itself (PostgreSQL is asynchronous already).
 */
export function longReads(database: Database): Db {
  return database.reads && !database.db.isTransaction ? database.reads : database.db;
}
