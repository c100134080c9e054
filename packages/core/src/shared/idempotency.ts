import { AppError } from '@custodia/contracts';
import type { Kysely } from 'kysely';
import type { Tables } from '@custodia/data';
import { constraintKind } from './db-errors.js';
import type { Tx } from './change.js';
import type { Context } from './context.js';

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/**
 * A request sent with an `Idempotency-Key` (security test plan FT-05): whose key, and a hash of what was asked.
 * `recorded` turns true once a change made under it has committed with the key's row (see runChange).
 */
export interface IdempotencyClaim {
  accountId: string;
  key: string;
  requestHash: string;
  method: string;
  route: string;
  recorded: boolean;
}

/** What an earlier request with the same key left: its hash and, once answered, the status and body to repeat. */
export interface IdempotentRequest { requestHash: string; statusCode: number | null; response: string | null }

const cutoff = (now: Date) => new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000).toISOString();

/** The key's row: the request it stands for and, once known, its answer. */
const keyRow = (claim: IdempotencyClaim, now: Date, statusCode: number | null, response: string | null) => ({
  account_id: claim.accountId, key: claim.key, request_hash: claim.requestHash, method: claim.method, route: claim.route,
  status_code: statusCode, response, created_at: now.toISOString(),
});

/** The unexpired request the account sent with this key, if any. */
export async function findIdempotentRequest(db: Kysely<Tables>, accountId: string, key: string, now: Date): Promise<IdempotentRequest | null> {
  const row = await db.selectFrom('idempotency_keys').select(['request_hash', 'status_code', 'response'])
    .where('account_id', '=', accountId).where('key', '=', key).where('created_at', '>=', cutoff(now)).executeTakeFirst();
  return row ? { requestHash: row.request_hash, statusCode: row.status_code === null ? null : Number(row.status_code), response: row.response } : null;
}

/**
 * Writes the key's row inside the change's transaction, so the change and the record that it was made commit together
 * (a retry can then never apply it twice). Of two requests with the same key at once, the second finds the row (its
 * insert waits for the first transaction on PostgreSQL) and is refused with IDEMPOTENCY_KEY_IN_USE. Expired rows go first.
 */
export async function recordIdempotencyKey(tx: Tx, claim: IdempotencyClaim, now: Date): Promise<void> {
  await tx.deleteFrom('idempotency_keys').where('created_at', '<', cutoff(now)).execute();
  try {
    await tx.insertInto('idempotency_keys').values(keyRow(claim, now, null, null)).execute();
  } catch (error) {
    if (constraintKind(error) === 'unique') throw new AppError('IDEMPOTENCY_KEY_IN_USE', 'Another request with this Idempotency-Key was applied first');
    throw error;
  }
}

/**
 * Runs `work` in one transaction together with the request's Idempotency-Key row, when the request has a key not yet
 * recorded: the change and the record that it was made commit together, or neither does.
 */
export async function withIdempotencyKey<T>(ctx: Context, work: (tx: Tx) => Promise<T>): Promise<T> {
  const claim = ctx.idempotency && !ctx.idempotency.recorded ? ctx.idempotency : null;
  const result = await ctx.database.db.transaction().execute(async (tx) => {
    if (claim) await recordIdempotencyKey(tx, claim, ctx.now());
    return work(tx);
  });
  if (claim) claim.recorded = true;
  return result;
}

/**
 * Keeps the answer to send again for this key. A change recorded its row in its transaction: the answer is added to
 * it. A request that changed nothing through one transaction gets its row now (best effort: not atomic with any write).
 */
export async function storeIdempotentResponse(db: Kysely<Tables>, claim: IdempotencyClaim, statusCode: number, response: string, now: Date): Promise<void> {
  if (claim.recorded) {
    await db.updateTable('idempotency_keys').set({ status_code: statusCode, response }).where('account_id', '=', claim.accountId).where('key', '=', claim.key).execute();
    return;
  }
  await db.insertInto('idempotency_keys').values(keyRow(claim, now, statusCode, response)).onConflict((oc) => oc.columns(['account_id', 'key']).doNothing()).execute();
}
