import { workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { ARRAY_ROWS, openSqlite } from './sqlite.js';

/** One query for a reader thread: the SQL Kysely compiled and its parameters. */
export interface ReadTask { sql: string; parameters: unknown[] }
/** The rows, or the error SQLite raised (its message and code survive the trip back). */
export type ReadResult =
  | { ok: true; rows: unknown[] }
  | { ok: false; error: { name: string; message: string; code?: string } };

const STATEMENTS = 64;
let db: BetterSqlite3.Database | null = null;
const statements = new Map<string, BetterSqlite3.Statement>();

/**
 * Runs one read on this thread's own read-only connection to the register's file (WAL lets it read while the main
 * connection writes). A statement that would write is refused: the reader must never change the database.
 */
export default function read(task: ReadTask): ReadResult {
  try {
    db ??= openSqlite((workerData as { path: string }).path, { readonly: true });
    const statement = prepare(db, task.sql);
    if (!statement.reader) throw Object.assign(new Error('A reader thread runs queries that return rows only'), { code: 'CUSTODIA_READER_WRITE' });
    return { ok: true, rows: statement.all(...task.parameters.map(bindable)) };
  } catch (error) {
    const e = error as Error & { code?: unknown };
    return { ok: false, error: { name: e.name, message: e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}) } };
  }
}

function prepare(connection: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  const cached = statements.get(sql);
  if (cached) {
    statements.delete(sql);
    statements.set(sql, cached);
    return cached;
  }
  const statement = connection.prepare(sql);
  if (statement.reader && sql.startsWith(ARRAY_ROWS)) statement.raw(true);
  statements.set(sql, statement);
  if (statements.size > STATEMENTS) statements.delete(statements.keys().next().value!);
  return statement;
}

// A Buffer arrives as a plain Uint8Array (structured clone); better-sqlite3 binds Buffers as blobs.
const bindable = (value: unknown): unknown => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value);
