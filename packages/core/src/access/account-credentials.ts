import { AppError } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { type ApiTokenView, listApiTokens, revokeApiToken } from './api-tokens.js';
import { assertManageable } from './delegation-guard.js';
import { endAccountSessions } from './sessions.js';
import { logSecurityEvent } from './security-log.js';

/**
 * What an administrator does about another account's credentials when its holder lost them or they may be in the
 * wrong hands: see and revoke its API tokens (`revokeApiToken`), and turn its two-factor authentication off so the
 * holder can enrol a new authenticator.
 */

async function requireAccount(ctx: Context, id: string): Promise<void> {
  if (!(await ctx.database.db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst())) throw new AppError('NOT_FOUND', `No account with id ${id}`);
}

/** The account's personal API tokens (never their secrets), newest first. */
export async function listAccountApiTokens(ctx: Context, accountId: string): Promise<ApiTokenView[]> {
  await requireAccount(ctx, accountId);
  return listApiTokens(ctx, accountId);
}

/** Revokes one of another account's API tokens (one the caller may manage); another account's token id answers 404. */
export async function revokeAccountApiToken(ctx: Context, accountId: string, tokenId: string): Promise<void> {
  await requireAccount(ctx, accountId);
  await assertManageable(ctx, ctx.database.db, accountId);
  await revokeApiToken(ctx, accountId, tokenId);
}

/**
 * Turns off another account's two-factor authentication (lost phone and recovery codes): its secret and recovery codes
 * are dropped and its sessions end; a role that requires two-factor makes the holder enrol again at the next sign-in.
 * One's own is turned off from one's account page, after confirming the password.
 */
export async function resetAccountTwoFactor(ctx: Context, accountId: string): Promise<void> {
  if (accountId === ctx.access.accountId) throw new AppError('CONFLICT', 'Turn your own two-factor authentication off on your account page');
  await runChange(ctx, 'Two-factor authentication reset by an administrator', async (tx, nowIso) => {
    const row = await tx.selectFrom('accounts').select(['totp_enabled_at', 'version']).where('id', '=', accountId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No account with id ${accountId}`);
    await assertManageable(ctx, tx, accountId);
    if (!row.totp_enabled_at) throw new AppError('CONFLICT', 'This account has no two-factor authentication to reset');
    await tx.updateTable('accounts').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, recovery_codes: null, version: Number(row.version) + 1, updated_at: nowIso })
      .where('id', '=', accountId).execute();
    await endAccountSessions(tx, accountId);
    return { result: undefined, events: [{ entityType: 'account', entityId: accountId, action: 'update', changes: { twoFactor: { before: 'on', after: 'off' } } }] };
  });
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'two_factor.reset', outcome: 'success', accountId, requestId: ctx.requestId, detail: { by: ctx.actor } });
}
