import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, type ThrottleState, recordFailure, throttleWait } from '@custodia/domain';
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

export async function recordSignInFailure(db: Kysely<Tables>, loginKey: string, ip: string, now: Date, knownDevice = false): Promise<void> {
  const counters = [...(knownDevice ? [] : [[accountKey(loginKey), ACCOUNT_THROTTLE] as const]), [addressKey(ip), ADDRESS_THROTTLE] as const];
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
