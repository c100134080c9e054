import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, SECOND_FACTOR_THROTTLE, type ThrottlePolicy, type ThrottleState, recordFailure, throttleWait } from '@custodia/domain';
import type { Tables } from '@custodia/data';
import type { Kysely } from 'kysely';

const accountKey = (loginKey: string) => `account:${loginKey}`;
const addressKey = (ip: string) => `ip:${ip}`;

async function load(db: Kysely<Tables>, key: string): Promise<ThrottleState | null> {
  const row = await db.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? { failures: Number(row.failures), windowStartedAt: row.window_started_at, blockedUntil: row.blocked_until } : null;
}

/** Seconds the caller must wait before this sign-in is even checked (the larger of the account's and the address's wait). */
export async function signInWait(db: Kysely<Tables>, loginKey: string, ip: string, now: Date, knownDevice = false): Promise<number> {
  const account = knownDevice ? 0 : throttleWait(await load(db, accountKey(loginKey)), now);
  return Math.max(account, throttleWait(await load(db, addressKey(ip)), now));
}

/** A failed password: counted for the address, and for the login unless `skipAccount` (already reserved, or a known device). */
export async function recordSignInFailure(db: Kysely<Tables>, loginKey: string, ip: string, now: Date, skipAccount = false): Promise<void> {
  const counters = [...(skipAccount ? [] : [[accountKey(loginKey), ACCOUNT_THROTTLE] as const]), [addressKey(ip), ADDRESS_THROTTLE] as const];
  await db.transaction().execute(async (tx) => {
    for (const [key, policy] of counters) {
      const next = recordFailure(await load(tx, key), now, policy);
      const values = { failures: next.failures, window_started_at: next.windowStartedAt, blocked_until: next.blockedUntil };
      await tx.insertInto('auth_throttle').values({ key, ...values }).onConflict((oc) => oc.column('key').doUpdateSet(values)).execute();
    }
  });
}

/** A success clears the account's counter (not the address's: one good password must not reset a spray from that host). */
export async function recordSignInSuccess(db: Kysely<Tables>, loginKey: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', accountKey(loginKey)).execute();
}

const secondFactorKey = (accountId: string) => `second-factor:${accountId}`;

/**
 * Counts an attempt before it is checked, atomically (compare-and-set on the counter as read, retried), so requests
 * sent in parallel each count: returns the seconds to wait when the counter was already blocked (the attempt is then
 * not checked, and not counted again), else 0. A success clears the counter (`clearAttempts`).
 */
async function reserveAttempt(db: Kysely<Tables>, key: string, policy: ThrottlePolicy, now: Date): Promise<number> {
  for (let round = 0; round < 16; round++) {
    const prior = await load(db, key);
    const wait = throttleWait(prior, now);
    if (wait > 0) return wait;
    const next = recordFailure(prior, now, policy);
    const values = { failures: next.failures, window_started_at: next.windowStartedAt, blocked_until: next.blockedUntil };
    const written = prior
      ? Number((await db.updateTable('auth_throttle').set(values).where('key', '=', key).where('failures', '=', prior.failures).where('window_started_at', '=', prior.windowStartedAt).executeTakeFirst()).numUpdatedRows)
      : Number((await db.insertInto('auth_throttle').values({ key, ...values }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0);
    if (written === 1) return 0;
  }
  return policy.baseDelaySeconds;
}

/** Reserves one password attempt of a login (see `reserveAttempt`): seconds to wait, or 0 to go on. */
export const reserveSignInAttempt = (db: Kysely<Tables>, loginKey: string, now: Date) => reserveAttempt(db, accountKey(loginKey), ACCOUNT_THROTTLE, now);

/** Reserves one second-factor attempt of an account (see `reserveAttempt`): seconds to wait, or 0 to go on. */
export const reserveSecondFactorAttempt = (db: Kysely<Tables>, accountId: string, now: Date) => reserveAttempt(db, secondFactorKey(accountId), SECOND_FACTOR_THROTTLE, now);

/** A correct code: the account's second-factor counter starts again. */
export async function clearSecondFactorAttempts(db: Kysely<Tables>, accountId: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', secondFactorKey(accountId)).execute();
}
