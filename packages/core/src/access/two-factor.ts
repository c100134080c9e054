import { AppError } from '@custodia/contracts';
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Kysely } from 'kysely';
import { type Tables, readBool, readJson, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { logSecurityEvent } from './security-log.js';
import { type NewSession, endAccountSessions, startSession } from './sessions.js';
import { newSecret, sha256 } from './secrets.js';
import { accountEnabled } from './principal.js';
import { knownDeviceToken } from './known-device.js';
import type { Client } from './sign-in.js';
import { clearSecondFactorAttempts, reserveSecondFactorAttempt } from './throttle-store.js';

/** A pending sign-in lasts five minutes and allows five codes. */
const PENDING_SECONDS = 300;
const PENDING_ATTEMPTS = 5;
const RECOVERY_CODES = 10;
const PERIOD_SECONDS = 30;
const totpFor = (secret: string, label: string) => new TOTP({ issuer: 'Custodia', label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/**
 * The time step (Unix time / 30 s) of a valid code: the current one, or the one before or after it (clock drift);
 * null for a wrong code.
 */
function codeStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret, 'x').validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/**
 * Spends a code's time step for the account (RFC 6238 §5.2: a code is accepted once). A conditional UPDATE, so of
 * concurrent requests with the same code exactly one wins, on both engines; a code of the same or an earlier step
 * than the last one used is refused.
 */
async function claimStep(db: Kysely<Tables>, accountId: string, step: number): Promise<boolean> {
  const r = await db.updateTable('accounts').set({ totp_last_step: step }).where('id', '=', accountId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)])).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Recovery codes are shown once and stored hashed; each works once. */
function newRecoveryCodes(): { plain: string[]; hashed: string[] } {
  const plain = Array.from({ length: RECOVERY_CODES }, () => randomBytes(6).toString('hex').replace(/(.{4})(.{4})(.{4})/, '$1-$2-$3'));
  return { plain, hashed: plain.map((c) => sha256(c.replace(/-/g, ''))) };
}

/** Step 1 of enrolment: a new secret, kept encrypted and not yet active, and the otpauth:// URI for the authenticator app. */
export async function beginTotpEnrolment(ctx: Context, accountId: string): Promise<{ secret: string; uri: string }> {
  const account = await ctx.database.db.selectFrom('accounts').select(['login', 'totp_enabled_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
  if (account.totp_enabled_at) throw new AppError('CONFLICT', 'Two-factor authentication is already enabled; disable it first');
  const secret = new Secret({ size: 20 }).base32;
  await ctx.database.db.updateTable('accounts').set({ totp_secret: ctx.database.cipher.encrypt(secret), updated_at: ctx.now().toISOString() }).where('id', '=', accountId).execute();
  return { secret, uri: totpFor(secret, account.login).toString() };
}

/**
 * Step 2: a valid code from the app turns two-factor on; the recovery codes are returned this once. The account's
 * other sessions end (`keepSessionId`, the one enrolling, stays): whoever held one signed in without the second factor.
 */
export async function confirmTotpEnrolment(ctx: Context, accountId: string, code: string, keepSessionId: string | null, client: Client): Promise<{ recoveryCodes: string[] }> {
  const db = ctx.database.db;
  const now = ctx.now();
  const account = await db.selectFrom('accounts').select(['totp_secret', 'totp_enabled_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
  if (account.totp_enabled_at) throw new AppError('CONFLICT', 'Two-factor authentication is already enabled');
  if (!account.totp_secret) throw new AppError('CONFLICT', 'Start the enrolment first');
  const step = codeStep(ctx.database.cipher.decrypt(account.totp_secret), code, now);
  // The code that turns two-factor on is spent too: it cannot open a sign-in afterwards.
  if (step === null || !(await claimStep(db, accountId, step))) {
    await logSecurityEvent(db, now, { kind: 'two_factor.enrol', outcome: 'failure', accountId, ip: client.ip, requestId: ctx.requestId, ...(step !== null ? { detail: { reason: 'code_reused' } } : {}) });
    throw new AppError('INVALID_TWO_FACTOR_CODE');
  }
  const codes = newRecoveryCodes();
  await runChange(ctx, 'Two-factor authentication turned on', async (tx, nowIso) => {
    const row = await tx.selectFrom('accounts').select('version').where('id', '=', accountId).executeTakeFirstOrThrow();
    // Conditional: of two confirmations at once (two codes of adjacent steps), one turns it on and one is refused.
    const on = await tx.updateTable('accounts').set({ totp_enabled_at: nowIso, recovery_codes: writeJson(codes.hashed), version: Number(row.version) + 1, updated_at: nowIso })
      .where('id', '=', accountId).where('totp_enabled_at', 'is', null).executeTakeFirst();
    if (Number(on.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'Two-factor authentication is already enabled');
    await endAccountSessions(tx, accountId, keepSessionId ?? undefined);
    return { result: undefined, events: [{ entityType: 'account', entityId: accountId, action: 'update', changes: { twoFactor: { before: 'off', after: 'on' } } }] };
  });
  await logSecurityEvent(db, now, { kind: 'two_factor.enrol', outcome: 'success', accountId, ip: client.ip, requestId: ctx.requestId });
  return { recoveryCodes: codes.plain };
}

/** Turns two-factor off (the caller has re-authenticated); other sessions end. */
export async function disableTotp(ctx: Context, accountId: string, keepSessionId: string | null, client: Client): Promise<void> {
  await runChange(ctx, 'Two-factor authentication turned off', async (tx, nowIso) => {
    const row = await tx.selectFrom('accounts').select(['totp_enabled_at', 'version']).where('id', '=', accountId).executeTakeFirstOrThrow();
    await tx.updateTable('accounts').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, recovery_codes: null, version: Number(row.version) + 1, updated_at: nowIso })
      .where('id', '=', accountId).execute();
    await endAccountSessions(tx, accountId, keepSessionId ?? undefined);
    // Turning off what was never on (an enrolment begun, not confirmed) only drops the unconfirmed secret: no history.
    return { result: undefined, events: row.totp_enabled_at ? [{ entityType: 'account', entityId: accountId, action: 'update', changes: { twoFactor: { before: 'on', after: 'off' } } }] : [] };
  });
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'two_factor.disable', outcome: 'success', accountId, ip: client.ip, requestId: ctx.requestId });
}

/**
 * Opens a pending sign-in for an account with two-factor on, after its password or its identity provider: the token
 * `completeTwoFactorSignIn` takes with the code. Only its hash is stored.
 */
export async function openPendingSignIn(db: Kysely<Tables>, accountId: string, method: 'password' | 'oidc', now: Date): Promise<string> {
  const pendingToken = newSecret('csu');
  await db.insertInto('pending_logins').values({ id: sha256(pendingToken), account_id: accountId, method, created_at: now.toISOString(), attempts: 0 }).execute();
  return pendingToken;
}

/**
 * Completes a pending sign-in with a TOTP code or a recovery code. An account deactivated (or whose person was marked
 * inactive) meanwhile is refused as a wrong password would be. After a password sign-in, `deviceToken` is the
 * known-device token for the browser to keep.
 */
export async function completeTwoFactorSignIn(ctx: Context, pendingToken: string, code: string, client: Client): Promise<{ accountId: string; session: NewSession; deviceToken: string | null }> {
  const db = ctx.database.db;
  const now = ctx.now();
  const id = sha256(pendingToken);
  const pending = await db.selectFrom('pending_logins').selectAll().where('id', '=', id).executeTakeFirst();
  // Each attempt is counted before its code is checked, in one conditional update: parallel guesses each count.
  const counted = pending && now.getTime() - Date.parse(pending.created_at) <= PENDING_SECONDS * 1000
    ? Number((await db.updateTable('pending_logins').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).where('attempts', '<', PENDING_ATTEMPTS).executeTakeFirst()).numUpdatedRows) === 1
    : false;
  if (!pending || !counted) {
    if (pending) await db.deleteFrom('pending_logins').where('id', '=', id).execute();
    await logSecurityEvent(db, now, { kind: 'login.two_factor', outcome: 'failure', accountId: pending?.account_id ?? null, ip: client.ip, requestId: ctx.requestId, detail: { reason: 'pending_sign_in_invalid' } });
    throw new AppError('UNAUTHENTICATED', 'The sign-in has expired; start again');
  }
  // And per account, across pending sign-ins: a correct password opens a new one, but does not reset this counter.
  const wait = await reserveSecondFactorAttempt(db, pending.account_id, now);
  if (wait > 0) {
    await logSecurityEvent(db, now, { kind: 'login.two_factor', outcome: 'denied', accountId: pending.account_id, ip: client.ip, requestId: ctx.requestId, detail: { reason: 'throttled', waitSeconds: wait } });
    throw new AppError('RATE_LIMITED', `Too many wrong codes: try again in ${wait} s`, { extra: { retryAfter: wait } });
  }
  const account = await db.selectFrom('accounts').leftJoin('people', 'people.id', 'accounts.person_id')
    .select(['accounts.id', 'accounts.totp_secret', 'accounts.recovery_codes', 'accounts.active', 'accounts.password_hash', 'people.active as person_active'])
    .where('accounts.id', '=', pending.account_id).executeTakeFirstOrThrow();
  const trimmed = code.replace(/[\s-]/g, '');
  const step = account.totp_secret !== null ? codeStep(ctx.database.cipher.decrypt(account.totp_secret), trimmed, now) : null;
  let ok = step !== null && (await claimStep(db, account.id, step));
  const reused = step !== null && !ok;
  let usedRecovery = false;
  if (!ok && step === null && /^[0-9a-f]{12}$/i.test(trimmed)) {
    const codes = readJson<string[]>(account.recovery_codes, []);
    const hash = sha256(trimmed.toLowerCase());
    if (codes.includes(hash)) {
      // Conditional on the list as read: of two requests spending the same recovery code at once, one wins.
      const spent = await db.updateTable('accounts').set({ recovery_codes: writeJson(codes.filter((c) => c !== hash)) })
        .where('id', '=', account.id).where('recovery_codes', '=', writeJson(codes)).executeTakeFirst();
      ok = usedRecovery = Number(spent.numUpdatedRows) === 1;
    }
  }
  if (!ok) {
    await logSecurityEvent(db, now, { kind: 'login.two_factor', outcome: 'failure', accountId: account.id, ip: client.ip, requestId: ctx.requestId, ...(reused ? { detail: { reason: 'code_reused' } } : {}) });
    throw new AppError('INVALID_TWO_FACTOR_CODE', reused ? 'This code was already used: enter the next one from your app' : undefined);
  }
  await db.deleteFrom('pending_logins').where('id', '=', id).execute();
  // Checked once the code is right, so the answer tells someone without the second factor nothing about the account.
  if (!accountEnabled(account.active, account.person_active)) {
    await logSecurityEvent(db, now, { kind: 'login.two_factor', outcome: 'failure', accountId: account.id, ip: client.ip, requestId: ctx.requestId, detail: { reason: readBool(account.active) ? 'person_inactive' : 'inactive' } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  await clearSecondFactorAttempts(db, account.id);
  const session = await startSession(db, account.id, pending.method, now, client);
  await logSecurityEvent(db, now, { kind: 'login', outcome: 'success', accountId: account.id, ip: client.ip, requestId: ctx.requestId, detail: { secondFactor: usedRecovery ? 'recovery_code' : 'totp' } });
  const deviceToken = pending.method === 'password' && account.password_hash !== null ? knownDeviceToken(ctx.database.cipher, account.id, account.password_hash) : null;
  return { accountId: account.id, session, deviceToken };
}
