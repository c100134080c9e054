import { sql } from 'kysely';
import type { Tx } from './change.js';

/**
 * Runs `work` inside a savepoint of `tx`: if it throws, only its own writes are undone and the transaction stays
 * usable (PostgreSQL refuses every later statement of a transaction in which one failed, unless a savepoint is rolled
 * back), so the caller can go on with the next item. The error is rethrown.
 */
export async function withSavepoint<T>(tx: Tx, name: string, work: () => Promise<T>): Promise<T> {
  const savepoint = sql.raw(name);
  await sql`savepoint ${savepoint}`.execute(tx);
  try {
    const result = await work();
    await sql`release savepoint ${savepoint}`.execute(tx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${savepoint}`.execute(tx);
    await sql`release savepoint ${savepoint}`.execute(tx);
    throw error;
  }
}
