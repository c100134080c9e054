import { createHash } from 'node:crypto';
import { type Kysely, PostgresAdapter, type Transaction, sql } from 'kysely';

/**
 * Locks taken inside a transaction, in one place. They exist for PostgreSQL, where transactions run side by side; on
 * SQLite each is a no-op because one writer at a time holds the whole database already.
 */

export type Engine = 'sqlite' | 'postgres';

/** The engine a connection or transaction runs on, read from its adapter (the one way a query module tells). */
export const engineOf = (db: Kysely<any>): Engine => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** Whether a connection or transaction runs on PostgreSQL. */
export const isPostgres = (db: Kysely<any>): boolean => engineOf(db) === 'postgres';

/**
 * Serialises the writes of one table until the transaction ends (PostgreSQL: a transaction-level advisory lock keyed by
 * the table's name). Used where a write depends on other rows no row lock covers: a tree node's path is its parent's,
 * and a move rewrites every descendant, so two moves (or a move and a new child) must not read each other's old paths.
 */
export async function lockTable(tx: Transaction<any>, table: string): Promise<void> {
  if (!isPostgres(tx)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`custodia:${table}`}))`.execute(tx);
}

/**
 * Holds the rows of `table` whose `column` equals `value` until the transaction ends (PostgreSQL `FOR UPDATE`): a
 * record about to be deleted, or a parent row on which writes that count or check its children queue.
 */
export async function lockRows(tx: Transaction<any>, table: string, value: string, column = 'id'): Promise<void> {
  if (!isPostgres(tx)) return;
  await sql`select 1 from ${sql.table(table)} where ${sql.ref(column)} = ${value} for update`.execute(tx);
}

/**
 * Transaction-level advisory locks on text keys in one namespace (a 32-bit number apart from every other namespace),
 * each key hashed to 32 bits. Taken in ascending order and all at once, so two transactions locking overlapping sets
 * cannot each hold what the other waits for.
 */
export async function lockKeys(tx: Transaction<any>, namespace: number, keys: readonly string[]): Promise<void> {
  if (!isPostgres(tx)) return;
  const ids = [...new Set(keys.map(keyId))].sort((a, b) => a - b);
  if (!ids.length) return;
  await sql`select pg_advisory_xact_lock(${namespace}, k) from unnest(${ids}::int4[]) with ordinality as t(k, n) order by n`.execute(tx);
}

const keyId = (key: string) => createHash('sha256').update(key).digest().readInt32BE(0);
