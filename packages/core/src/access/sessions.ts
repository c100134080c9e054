import { DEFAULT_SESSION_POLICY, type SessionPolicy, sessionVerdict } from '@custodia/domain';
import type { Tables } from '@custodia/data';
import type { Kysely } from 'kysely';
import { newSecret, sha256 } from './secrets.js';
import { bumpAccessEpoch } from './access-epoch.js';

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

/** Starts a session. A new id every time (ASVS 7.2.4): a session id known before sign-in is never promoted. */
export async function startSession(db: Kysely<Tables>, accountId: string, method: string, now: Date, client: { ip?: string | null; userAgent?: string | null }, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<NewSession> {
  const secret = newSecret('css');
  const csrfToken = newSecret('csu');
  const at = now.toISOString();
  await db.insertInto('sessions').values({
    id: sha256(secret), account_id: accountId, csrf_token: csrfToken, method, created_at: at, last_seen_at: at, reauthenticated_at: at,
    ip: client.ip ?? null, user_agent: client.userAgent ? client.userAgent.slice(0, 300) : null,
  }).execute();
  await db.updateTable('accounts').set({ last_login_at: at }).where('id', '=', accountId).execute();
  return { secret, csrfToken, expiresAt: new Date(now.getTime() + policy.absoluteHours * 3600_000).toISOString() };
}

export interface ActiveSession { id: string; accountId: string; csrfToken: string; createdAt: string; lastSeenAt: string; reauthenticatedAt: string; method: string }

/**
 * The session a cookie names, if it is still valid; an idle or expired session is deleted. `last_seen_at` is written
 * at most once a minute, so reads do not turn into writes.
 */
export async function resolveSession(db: Kysely<Tables>, secret: string, now: Date, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<ActiveSession | null> {
  const id = sha256(secret);
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const times = { createdAt: row.created_at, lastSeenAt: row.last_seen_at, reauthenticatedAt: row.reauthenticated_at };
  if (sessionVerdict(times, now, policy) !== 'valid') {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    await bumpAccessEpoch(db, now);
    return null;
  }
  let lastSeenAt = row.last_seen_at;
  if (now.getTime() - Date.parse(lastSeenAt) > 60_000) {
    lastSeenAt = now.toISOString();
    await touchSession(db, id, now);
  }
  return { id, accountId: row.account_id, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt, reauthenticatedAt: row.reauthenticated_at, method: row.method };
}

/** Records activity on a session (written at most once a minute by callers). */
export async function touchSession(db: Kysely<Tables>, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', sessionId).execute();
}

export async function endSession(db: Kysely<Tables>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  await bumpAccessEpoch(db);
}

/**
 * Ends every session of an account (logout everywhere, password change, deactivation, role change); optionally keeps one.
 * Its pending sign-ins (password or identity provider done, second factor not yet) end too: a sign-in begun before
 * the change cannot be finished after it.
 */
export async function endAccountSessions(db: Kysely<Tables>, accountId: string, except?: string): Promise<number> {
  await db.deleteFrom('pending_logins').where('account_id', '=', accountId).execute();
  let q = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (except) q = q.where('id', '!=', except);
  const result = await q.executeTakeFirst();
  // Also called for changes that end no session (a grant to an account not signed in): callers rely on the bump.
  await bumpAccessEpoch(db);
  return Number(result.numDeletedRows);
}

export async function markReauthenticated(db: Kysely<Tables>, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ reauthenticated_at: now.toISOString() }).where('id', '=', sessionId).execute();
  await bumpAccessEpoch(db, now);
}
