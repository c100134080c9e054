import { AppError } from '@custodia/contracts';
import { newId } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { newSecret, secretPrefix, sha256 } from './secrets.js';
import { logSecurityEvent } from './security-log.js';
import { bumpAccessEpoch } from './access-epoch.js';

export interface AgentTokenView { id: string; name: string; prefix: string; orgUnitId: string | null; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null; createdBy: string; createdAt: string }

const present = (r: { id: string; name: string; prefix: string; org_unit_id: string | null; expires_at: string | null; last_used_at: string | null; revoked_at: string | null; created_by: string; created_at: string }): AgentTokenView => ({
  id: r.id, name: r.name, prefix: r.prefix, orgUnitId: r.org_unit_id, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at, createdBy: r.created_by, createdAt: r.created_at,
});

/**
 * Agent tokens authenticate discovery agents. They are not user tokens: they carry only `inventory.submit`, and the
 * devices they report are registered under their org unit. The secret is returned once.
 */
export async function createAgentToken(ctx: Context, input: { name: string; orgUnitId: string | null; expiresInDays: number | null }): Promise<AgentTokenView & { token: string }> {
  const now = ctx.now();
  if (input.orgUnitId && !(await ctx.database.db.selectFrom('org_units').select('id').where('id', '=', input.orgUnitId).executeTakeFirst())) {
    throw new AppError('REFERENCE_NOT_FOUND', 'No such org unit', { errors: [{ field: 'orgUnitId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown org unit' }] });
  }
  const token = newSecret('csa');
  const row = {
    id: newId(), name: input.name, prefix: secretPrefix(token), token_hash: sha256(token), org_unit_id: input.orgUnitId,
    expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null, last_used_at: null, revoked_at: null,
    created_by: ctx.actor, created_at: now.toISOString(),
  };
  await ctx.database.db.insertInto('agent_tokens').values(row).execute();
  await logSecurityEvent(ctx.database.db, now, { kind: 'agent_token.create', outcome: 'success', accountId: ctx.access.accountId, requestId: ctx.requestId, detail: { tokenId: row.id } });
  return { ...present(row), token };
}

export async function listAgentTokens(ctx: Context): Promise<AgentTokenView[]> {
  return (await ctx.database.db.selectFrom('agent_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1000).execute()).map(present);
}

export async function revokeAgentToken(ctx: Context, id: string): Promise<void> {
  const now = ctx.now();
  const row = await ctx.database.db.selectFrom('agent_tokens').select(['id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No agent token ${id}`);
  if (!row.revoked_at) await ctx.database.db.updateTable('agent_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', id).execute();
  await bumpAccessEpoch(ctx.database.db, now);
  await logSecurityEvent(ctx.database.db, now, { kind: 'agent_token.revoke', outcome: 'success', accountId: ctx.access.accountId, requestId: ctx.requestId, detail: { tokenId: id } });
}

export async function touchAgentToken(db: Context['database']['db'], tokenId: string, now: Date): Promise<void> {
  await db.updateTable('agent_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', tokenId).execute();
}

export async function resolveAgentToken(db: Context['database']['db'], token: string, now: Date): Promise<{ tokenId: string; orgUnitId: string | null; expiresAt: string | null } | null> {
  if (!token.startsWith('csa_')) return null;
  const row = await db.selectFrom('agent_tokens').select(['id', 'org_unit_id', 'expires_at', 'revoked_at', 'last_used_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && Date.parse(row.expires_at) <= now.getTime())) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) await db.updateTable('agent_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  return { tokenId: row.id, orgUnitId: row.org_unit_id, expiresAt: row.expires_at };
}
