import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, SECOND_FACTOR_THROTTLE, type ThrottlePolicy, type ThrottleState, recordFailure, refundAttempt, throttleWait } from '@custodia/domain';
import type { Tables } from '@custodia/data';
import type { Kysely } from 'kysely';

const accountKey = (loginKey: string) => `account:${loginKey}`;
const addressKey = (ip: string) => `ip:${ip}`;

async function load(db: Kysely<Tables>, key: string): Promise<ThrottleState | null> {
  const row = await db.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? { failures: Number(row.failures), windowStartedAt: row.window_started_at, blockedUntil: row.blocked_until } : null;
}

/**
 * Reserves one sign-in attempt before the password is checked: counted for the address, and for the login unless the
 * browser signed in to it before. Counting first means requests sent at once each count (a spray from one host in
 * parallel is held like one sent in sequence). Returns the seconds to wait, or 0 to go on; a throttled attempt is not
 * counted. A correct password gives the address's attempt back (`recordSignInSuccess`): offices share addresses.
 */
export async function reserveSignInAttempt(db: Kysely<Tables>, loginKey: string, ip: string, now: Date, knownDevice = false): Promise<number> {
  const address = await reserveAttempt(db, addressKey(ip), ADDRESS_THROTTLE, now);
  if (address > 0 || knownDevice) return address;
  const account = await reserveAttempt(db, accountKey(loginKey), ACCOUNT_THROTTLE, now);
  if (account > 0) await refundAddressAttempt(db, ip, now);
  return account;
}

/** A correct password: the login's counter starts again, and the address gets back the attempt counted for it. */
export async function recordSignInSuccess(db: Kysely<Tables>, loginKey: string, ip: string, countedAt: Date): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', accountKey(loginKey)).execute();
  await refundAddressAttempt(db, ip, countedAt);
}

async function refundAddressAttempt(db: Kysely<Tables>, ip: string, countedAt: Date): Promise<void> {
  await withCounter(db, addressKey(ip), countedAt, (prior) => refundAttempt(prior, countedAt, ADDRESS_THROTTLE));
}

const secondFactorKey = (accountId: string) => `second-factor:${accountId}`;

/**
 * Runs `change` on a counter under its row lock: created if missing, then locked by a no-op update, so requests sent at
 * once (on PostgreSQL, on other connections) queue here and each sees the count the previous one left; SQLite writes
 * one transaction at a time anyway. `change` returns the new state, or the same object to leave it.
 */
async function withCounter(db: Kysely<Tables>, key: string, now: Date, change: (prior: ThrottleState) => ThrottleState): Promise<ThrottleState> {
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('auth_throttle').values({ key, failures: 0, window_started_at: now.toISOString(), blocked_until: null }).onConflict((oc) => oc.column('key').doNothing()).execute();
    await tx.updateTable('auth_throttle').set((eb) => ({ failures: eb.ref('failures') })).where('key', '=', key).execute();
    const prior = (await load(tx, key))!;
    const next = change(prior);
    if (next !== prior) await tx.updateTable('auth_throttle').set({ failures: next.failures, window_started_at: next.windowStartedAt, blocked_until: next.blockedUntil }).where('key', '=', key).execute();
    return prior;
  });
}

/**
 * Counts an attempt before it is checked, under the counter's lock, so requests sent in parallel each count: returns
 * the seconds to wait when the counter was already blocked (the attempt is then not checked, and not counted again),
 * else 0. A success clears the counter (`clearAttempts`).
 */
async function reserveAttempt(db: Kysely<Tables>, key: string, policy: ThrottlePolicy, now: Date): Promise<number> {
  const prior = await withCounter(db, key, now, (state) => (throttleWait(state, now) > 0 ? state : recordFailure(state, now, policy)));
  return throttleWait(prior, now);
}

/** Reserves one second-factor attempt of an account (see `reserveAttempt`): seconds to wait, or 0 to go on. */
export const reserveSecondFactorAttempt = (db: Kysely<Tables>, accountId: string, now: Date) => reserveAttempt(db, secondFactorKey(accountId), SECOND_FACTOR_THROTTLE, now);

/** A correct code: the account's second-factor counter starts again. */
export async function clearSecondFactorAttempts(db: Kysely<Tables>, accountId: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', secondFactorKey(accountId)).execute();
}
