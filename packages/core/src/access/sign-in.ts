import { AppError } from '@custodia/contracts';
import { readBool } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { loginKey } from './accounts.js';
import { dummyPasswordHash, verifyPassword } from './secrets.js';
import { recordSignInSuccess, reserveSignInAttempt } from './throttle-store.js';
import { type NewSession, startSession } from './sessions.js';
import { logSecurityEvent } from './security-log.js';
import { openPendingSignIn } from './two-factor.js';
import { accountEnabled } from './principal.js';
import { isKnownDevice, knownDeviceToken } from './known-device.js';

export interface Client {
  ip: string;
  userAgent?: string | null;
  /** The known-device token this browser holds (a cookie): valid for the account and its current password, its sign-ins skip the per-account throttle. */
  deviceToken?: string | null;
}

export type SignInResult =
  /** `deviceToken`: for the browser to keep (see `knownDeviceToken`), issued only once sign-in is complete. */
  | { kind: 'session'; accountId: string; session: NewSession; deviceToken: string }
  | { kind: 'two_factor'; accountId: string; pendingToken: string };

/**
 * Password sign-in. Unknown login, wrong password and deactivated account (or one whose person is inactive) give the
 * same answer in the same time (a hash is always verified); attempts are throttled per login and per address before
 * the password is checked, except that a browser that completed a sign-in to the account since its password was last
 * set (a known-device token) is not held back by the account's counter.
 * With two-factor enabled, the password only opens a pending sign-in that the code completes.
 */
export async function passwordSignIn(ctx: Context, input: { login: string; password: string }, client: Client): Promise<SignInResult> {
  const db = ctx.database.db;
  const now = ctx.now();
  const key = loginKey(input.login);
  const account = await db.selectFrom('accounts').leftJoin('people', 'people.id', 'accounts.person_id')
    .select(['accounts.id', 'accounts.password_hash', 'accounts.active', 'accounts.totp_enabled_at', 'people.active as person_active'])
    .where('accounts.login_key', '=', key).executeTakeFirst();
  // An attacker who fails on purpose slows down sign-ins to that account, but not from a browser its holder already
  // used since the password was last set.
  const knownDevice = account !== undefined && isKnownDevice(ctx.database.cipher, client.deviceToken, account.id, account.password_hash);
  const wait = await reserveSignInAttempt(db, key, client.ip, now, knownDevice);
  if (wait > 0) {
    await logSecurityEvent(db, now, { kind: 'login', outcome: 'denied', login: input.login, ip: client.ip, requestId: ctx.requestId, detail: { reason: 'throttled', waitSeconds: wait } });
    throw new AppError('RATE_LIMITED', `Too many failed sign-ins: try again in ${wait} s`, { extra: { retryAfter: wait } });
  }
  const ok = await verifyPassword(input.password, account?.password_hash ?? (await dummyPasswordHash()));
  if (!account || !ok || !accountEnabled(account.active, account.person_active)) {
    await logSecurityEvent(db, now, {
      kind: 'login', outcome: 'failure', accountId: account?.id ?? null, login: input.login, ip: client.ip, requestId: ctx.requestId,
      detail: { reason: !account ? 'unknown_login' : !ok ? 'wrong_password' : !readBool(account.active) ? 'inactive' : 'person_inactive' },
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  await recordSignInSuccess(db, key, client.ip, now);
  if (account.totp_enabled_at) {
    const pendingToken = await openPendingSignIn(db, account.id, 'password', now);
    await logSecurityEvent(db, now, { kind: 'login.password', outcome: 'success', accountId: account.id, login: input.login, ip: client.ip, requestId: ctx.requestId, detail: { secondFactor: 'pending' } });
    return { kind: 'two_factor', accountId: account.id, pendingToken };
  }
  const session = await startSession(db, account.id, 'password', now, client);
  await logSecurityEvent(db, now, { kind: 'login', outcome: 'success', accountId: account.id, login: input.login, ip: client.ip, requestId: ctx.requestId });
  return { kind: 'session', accountId: account.id, session, deviceToken: knownDeviceToken(ctx.database.cipher, account.id, account.password_hash!) };
}

/**
 * A signed-in holder proving their password again (re-authentication, password change): checked under the same
 * throttle as signing in, per login and per address, so a session someone else holds cannot guess the password at will.
 * Returns whether it is correct; a throttled attempt is refused with 429 before it is checked.
 */
export async function checkOwnPassword(ctx: Context, accountId: string, password: string, ip: string): Promise<boolean> {
  const db = ctx.database.db;
  const now = ctx.now();
  const row = await db.selectFrom('accounts').select(['login_key', 'password_hash']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const wait = await reserveSignInAttempt(db, row.login_key, ip, now);
  if (wait > 0) throw new AppError('RATE_LIMITED', `Too many wrong passwords: try again in ${wait} s`, { extra: { retryAfter: wait } });
  const ok = row.password_hash !== null && (await verifyPassword(password, row.password_hash));
  if (ok) await recordSignInSuccess(db, row.login_key, ip, now);
  return ok;
}
