import BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { foldForSearch } from '@custodia/domain';

export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** The SQL function every SQLite connection registers for search: the domain's foldForSearch. */
export const SEARCH_FOLD_FUNCTION = 'search_fold';
/**
 * SQLite's page cache per connection, in KiB (the default is 2 MiB). The `assets` table has 12 indexes; with 2 MiB their
 * pages were evicted and read back for every few rows of a large import. 16 MiB gave most of what 64 MiB gave for less
 * memory (300,000 rows: 5,500 rows/s and 297 MB peak, against 5,700 and 361 MB with 64 MiB, 4,800 and 246 MB with 2 MiB;
 * 1,000,000 rows: 4,500 against 5,050 rows/s, 361 against 391 MB). See docs/performance.md.
 */
export const SQLITE_CACHE_KIB = 16384;
/**
 * The size the WAL file is cut back to once its frames are all copied into the database (`journal_size_limit`).
 * SQLite otherwise keeps the file at its largest: a million-row import left gigabytes of WAL on disk for good.
 */
export const SQLITE_WAL_KEEP_BYTES = 64 * 1024 * 1024;

/**
 * Opens a SQLite file with the settings the register relies on and checks they took effect:
 * WAL (readers never block the writer), synchronous=FULL (a committed change survives power loss),
 * foreign keys enforced, and a busy timeout instead of immediate SQLITE_BUSY; a larger page cache (SQLITE_CACHE_KIB);
 * and a WAL cut back to SQLITE_WAL_KEEP_BYTES after a large write.
 */
export function openSqlite(path: string, options: { readonly?: boolean } = {}): BetterSqlite3.Database {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { readonly: options.readonly ?? false });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  db.pragma(`journal_size_limit = ${SQLITE_WAL_KEEP_BYTES}`);
  // Free-text search folds case and accents (the domain's foldForSearch); SQLite's lower() folds ASCII only. Called
  // only for values holding other characters (see core's `containsFolded`).
  db.function(SEARCH_FOLD_FUNCTION, { deterministic: true }, (value: unknown) => (value === null || value === undefined ? null : foldForSearch(String(value))));
  assertSqliteSettings(db, path);
  return db;
}

export function assertSqliteSettings(db: BetterSqlite3.Database, path: string): void {
  const journal = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  const sync = Number(db.pragma('synchronous', { simple: true }));
  const fk = Number(db.pragma('foreign_keys', { simple: true }));
  const busy = Number(db.pragma('busy_timeout', { simple: true }));
  const wantJournal = path === ':memory:' ? 'memory' : 'wal';
  const problems: string[] = [];
  if (!db.readonly && journal !== wantJournal) problems.push(`journal_mode=${journal} (want ${wantJournal})`);
  if (sync !== 2) problems.push(`synchronous=${sync} (want 2 = FULL)`);
  if (fk !== 1) problems.push('foreign_keys is off');
  if (busy < SQLITE_BUSY_TIMEOUT_MS) problems.push(`busy_timeout=${busy}`);
  if (problems.length) throw new Error(`SQLite settings not applied: ${problems.join(', ')}`);
}

/**
 * A query whose text starts with this comment gets its rows from SQLite as arrays of column values, in select order,
 * instead of objects (PostgreSQL ignores the comment and answers objects). For hot read loops, like verifying the
 * history chain, where building an object with named members per row cost more than reading the row.
 */
export const ARRAY_ROWS = '/* rows as arrays */ ';

/**
 * A reader statement whose rows are built in JavaScript: SQLite's values come as an array (better-sqlite3's raw mode)
 * and one object literal per column list makes the row. better-sqlite3 sets a row's members one by one from C++,
 * which cost about a third more CPU per row of the asset table (35 columns) than the array plus the literal. The rows
 * are the same: members in select order, a later column of the same name winning, as better-sqlite3 does it. The
 * names are read once, when the statement is prepared: the schema changes only by migrations, after which
 * `openDatabase` empties the statement cache (`clear`), so no statement prepared before them is used again.
 */
function objectRows(statement: BetterSqlite3.Statement): SqliteStatement & { readonly busy: boolean } {
  statement.raw(true);
  const names = statement.columns().map((c) => c.name);
  // The members are the query's column names, written as JSON string literals: nothing of them is run as code.
  const row = new Function('v', `return {${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')}};`) as (values: unknown[]) => Record<string, unknown>;
  return {
    reader: true,
    get busy() { return statement.busy; },
    all(parameters) {
      const rows = statement.all(parameters) as unknown[];
      for (let i = 0; i < rows.length; i++) rows[i] = row(rows[i] as unknown[]);
      return rows;
    },
    *iterate(parameters) {
      for (const values of statement.iterate(parameters)) yield row(values as unknown[]);
    },
    run: (parameters) => statement.run(parameters),
  };
}

/**
 * The handle Kysely runs queries through, re-using prepared statements (the least recently used is dropped first).
 * Kysely prepares every query anew and better-sqlite3 frees a statement only when it is garbage-collected, so a large
 * import piled up hundreds of megabytes of native statement memory, and re-parsing each multi-row INSERT cost as much
 * as running it. A statement still being iterated (an open stream) is never handed out a second time. Readers answer
 * rows built by `objectRows`, or arrays for a query marked `ARRAY_ROWS`.
 */
export function withStatementCache(db: BetterSqlite3.Database, size = 64): SqliteDatabase & { clear(): void } {
  const cache = new Map<string, SqliteStatement & { readonly busy: boolean }>();
  return {
    close: () => db.close(),
    clear: () => cache.clear(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const prepared = db.prepare(sql);
      const statement = !prepared.reader ? prepared : sql.startsWith(ARRAY_ROWS) ? prepared.raw(true) : objectRows(prepared);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
