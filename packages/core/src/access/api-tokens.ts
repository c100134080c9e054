import { AppError } from '@custodia/contracts';
import { newId } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { newSecret, secretPrefix, sha256 } from './secrets.js';
import { logSecurityEvent } from './security-log.js';
import { bumpAccessEpoch } from './access-epoch.js';

export interface ApiTokenView { id: string; name: string; prefix: string; access: 'read' | 'write'; expiresAt: string; lastUsedAt: string | null; revokedAt: string | null; createdAt: string }

const present = (r: { id: string; name: string; prefix: string; access: string; expires_at: string; last_used_at: string | null; revoked_at: string | null; created_at: string }): ApiTokenView => ({
  id: r.id, name: r.name, prefix: r.prefix, access: r.access as 'read' | 'write', expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at, createdAt: r.created_at,
});

/** At most a year; a token acts with its holder's roles, reduced to reading when `access` is 'read'. */
export const MAX_TOKEN_DAYS = 366;

/**
 * Creates a personal API token. The secret is returned this once; only its hash is kept. The security log names who
 * issued it (the holder, or the operator's CLI issuing it for an account).
 */
export async function createApiToken(ctx: Context, accountId: string, input: { name: string; access: 'read' | 'write'; expiresInDays: number }): Promise<ApiTokenView & { token: string }> {
  if (input.expiresInDays > MAX_TOKEN_DAYS) throw new AppError('VALIDATION_FAILED', `A token lasts at most ${MAX_TOKEN_DAYS} days`, { errors: [{ field: 'expiresInDays', code: 'TOO_LARGE', message: `At most ${MAX_TOKEN_DAYS}` }] });
  const now = ctx.now();
  const token = newSecret('cst');
  const row = {
    id: newId(), account_id: accountId, name: input.name, prefix: secretPrefix(token), token_hash: sha256(token), access: input.access,
    expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(), last_used_at: null, revoked_at: null, created_at: now.toISOString(),
  };
  await ctx.database.db.insertInto('api_tokens').values(row).execute();
  await logSecurityEvent(ctx.database.db, now, { kind: 'token.create', outcome: 'success', accountId, requestId: ctx.requestId, detail: { tokenId: row.id, access: row.access, by: ctx.actor } });
  return { ...present(row), token };
}

export async function listApiTokens(ctx: Context, accountId: string): Promise<ApiTokenView[]> {
  const rows = await ctx.database.db.selectFrom('api_tokens').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
  return rows.map(present);
}

/** Revokes one of the account's tokens (by its holder, or by an administrator); another account's token id answers 404. */
export async function revokeApiToken(ctx: Context, accountId: string, tokenId: string): Promise<void> {
  const now = ctx.now();
  const row = await ctx.database.db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', '=', tokenId).where('account_id', '=', accountId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No token ${tokenId}`);
  if (!row.revoked_at) await ctx.database.db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', tokenId).execute();
  await bumpAccessEpoch(ctx.database.db, now);
  await logSecurityEvent(ctx.database.db, now, { kind: 'token.revoke', outcome: 'success', accountId, requestId: ctx.requestId, detail: { tokenId, by: ctx.actor } });
}

/** Records that a token was used (callers write it at most once a minute). */
export async function touchApiToken(db: Context['database']['db'], tokenId: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', tokenId).execute();
}

/** The account and access of a bearer token, if it is valid now. `last_used_at` is written at most once a minute. */
export async function resolveApiToken(db: Context['database']['db'], token: string, now: Date): Promise<{ tokenId: string; accountId: string; access: 'read' | 'write'; expiresAt: string } | null> {
  if (!token.startsWith('cst_')) return null;
  const row = await db.selectFrom('api_tokens').select(['id', 'account_id', 'access', 'expires_at', 'revoked_at', 'last_used_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.revoked_at || Date.parse(row.expires_at) <= now.getTime()) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  return { tokenId: row.id, accountId: row.account_id, access: row.access as 'read' | 'write', expiresAt: row.expires_at };
}
