import { type Kysely, PostgresAdapter, type Transaction, sql } from 'kysely';

/** Whether a transaction runs on PostgreSQL (SQLite has one writer at a time, and no row locks to take). */
export const isPostgres = (tx: Kysely<any>): boolean => tx.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Serialises the writes of one table until the transaction ends (PostgreSQL: a transaction-level advisory lock keyed by
 * the table's name). Used where a write depends on other rows no row lock covers: a tree node's path is its parent's,
 * and a move rewrites every descendant, so two moves (or a move and a new child) must not read each other's old paths.
 * SQLite serialises writers already.
 */
export async function lockTable(tx: Transaction<any>, table: string): Promise<void> {
  if (!isPostgres(tx)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`custodia:${table}`}))`.execute(tx);
}
