import { AppError } from '@custodia/contracts';
import { diffRecords } from '@custodia/domain';
import { readBool } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { containsFolded, likeEscape, likeEscaped } from '../shared/search-sql.js';
import { type AccountView, assertPassword, loginKey, presentAccount, presentAccounts } from './accounts.js';
import { hashPassword } from './secrets.js';
import { checkOwnPassword } from './sign-in.js';
import { endAccountSessions } from './sessions.js';
import { bumpAccessEpoch } from './access-epoch.js';
import { logSecurityEvent } from './security-log.js';
import { assertManageable } from './delegation-guard.js';
import { assertAnotherAdministrator } from './grants.js';

export interface AccountPatch { displayName?: string | undefined; email?: string | null | undefined; personId?: string | null | undefined; active?: boolean | undefined }

/**
 * Changes an account, by an administrator or (display name and e-mail, from their account page) by its holder;
 * deactivating it ends all its sessions and revokes nothing else (its tokens stop working with it).
 */
export async function updateAccount(ctx: Context, id: string, expectedVersion: number, patch: AccountPatch, by: 'administrator' | 'holder' = 'administrator'): Promise<AccountView> {
  const result = await runChange(ctx, null, async (tx, nowIso) => {
    const row = await tx.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No account with id ${id}`);
    assertVersion('account', Number(row.version), expectedVersion);
    if (patch.active === false && id === ctx.access.accountId) throw new AppError('CONFLICT', 'You cannot deactivate your own account');
    // One's own e-mail is changed on one's account page, after confirming the password (a session left open must not do it here).
    if (by === 'administrator' && patch.email !== undefined && patch.email !== row.email && id === ctx.access.accountId) throw new AppError('CONFLICT', 'Change your own e-mail on your account page');
    await assertManageable(ctx, tx, id);
    if (patch.personId) {
      if (!(await tx.selectFrom('people').select('id').where('id', '=', patch.personId).executeTakeFirst())) {
        throw new AppError('REFERENCE_NOT_FOUND', 'No such person', { errors: [{ field: 'personId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown person' }] });
      }
    }
    const before = { displayName: row.display_name, email: row.email, personId: row.person_id, active: readBool(row.active) };
    const after = {
      displayName: patch.displayName ?? before.displayName, email: patch.email === undefined ? before.email : patch.email,
      personId: patch.personId === undefined ? before.personId : patch.personId, active: patch.active ?? before.active,
    };
    const updated = await tx.updateTable('accounts').set({
      display_name: after.displayName, email: after.email, person_id: after.personId, active: after.active ? 1 : 0, version: Number(row.version) + 1, updated_at: nowIso,
    }).where('id', '=', id).where('version', '=', Number(row.version)).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) await versionConflict(tx, 'accounts', 'account', id, Number(row.version));
    const changes = diffRecords(before, after);
    const deactivated = before.active && !after.active;
    const reactivated = !before.active && after.active;
    if (deactivated) await assertAnotherAdministrator(ctx, tx, { accountId: id });
    // Deactivation ends every session; any other change (the person link) is still seen by the next request.
    if (deactivated) await endAccountSessions(tx, id);
    else await bumpAccessEpoch(tx);
    return { result: { view: await presentAccount(tx, id), deactivated, reactivated }, events: Object.keys(changes).length ? [{ entityType: 'account', entityId: id, action: 'update' as const, changes }] : [] };
  });
  if (result.deactivated || result.reactivated) {
    await logSecurityEvent(ctx.database.db, ctx.now(), { kind: result.deactivated ? 'account.deactivate' : 'account.reactivate', outcome: 'success', accountId: id, requestId: ctx.requestId, detail: { by: ctx.actor } });
  }
  return result.view;
}

/**
 * An administrator sets a new password for an account; every session of that account ends and, unless
 * `revokeApiTokens` is false (a forgotten password, nothing stolen), so do its API tokens: a reset because the account
 * may be in other hands must not leave a token working.
 */
export async function setAccountPassword(ctx: Context, id: string, password: string, options: { revokeApiTokens: boolean } = { revokeApiTokens: true }): Promise<void> {
  const revoked = await runChange(ctx, 'Password set by an administrator', async (tx, nowIso) => {
    const row = await tx.selectFrom('accounts').select(['login', 'email', 'version']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No account with id ${id}`);
    if (id === ctx.access.accountId) throw new AppError('CONFLICT', 'Change your own password on your account page (it asks for the current one)');
    await assertManageable(ctx, tx, id);
    assertPassword(password, row.login, row.email);
    await tx.updateTable('accounts').set({ password_hash: await hashPassword(password), password_changed_at: nowIso, version: Number(row.version) + 1, updated_at: nowIso }).where('id', '=', id).execute();
    const tokens = options.revokeApiTokens
      ? Number((await tx.updateTable('api_tokens').set({ revoked_at: nowIso }).where('account_id', '=', id).where('revoked_at', 'is', null).where('expires_at', '>', nowIso).executeTakeFirst()).numUpdatedRows)
      : 0;
    await endAccountSessions(tx, id);
    const changes: Record<string, { before: unknown; after: unknown }> = { password: { before: '(set)', after: '(changed)' } };
    if (tokens > 0) changes['apiTokens'] = { before: `${tokens} active`, after: 'revoked' };
    return { result: tokens, events: [{ entityType: 'account', entityId: id, action: 'update', changes }] };
  });
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'password.reset', outcome: 'success', accountId: id, requestId: ctx.requestId, detail: { by: ctx.actor, revokedApiTokens: revoked } });
}

/** The account holder changes their own password, proving the current one; their other sessions end. */
export async function changeOwnPassword(ctx: Context, accountId: string, current: string, next: string, keepSessionId: string | null, ip: string): Promise<void> {
  const db = ctx.database.db;
  const row = await db.selectFrom('accounts').select(['login', 'email']).where('id', '=', accountId).executeTakeFirstOrThrow();
  if (!(await checkOwnPassword(ctx, accountId, current, ip))) {
    await logSecurityEvent(db, ctx.now(), { kind: 'password.change', outcome: 'failure', accountId, ip, requestId: ctx.requestId });
    throw new AppError('REAUTHENTICATION_REQUIRED', 'The current password is not correct', { errors: [{ field: 'currentPassword', code: 'INVALID_CREDENTIALS', message: 'Not correct' }] });
  }
  assertPassword(next, row.login, row.email);
  await runChange(ctx, 'Password changed by its holder', async (tx, nowIso) => {
    const hash = await hashPassword(next);
    await tx.updateTable('accounts').set({ password_hash: hash, password_changed_at: nowIso, updated_at: nowIso }).where('id', '=', accountId).execute();
    await endAccountSessions(tx, accountId, keepSessionId ?? undefined);
    return { result: undefined, events: [{ entityType: 'account', entityId: accountId, action: 'update', changes: { password: { before: '(set)', after: '(changed)' } } }] };
  });
  await logSecurityEvent(db, ctx.now(), { kind: 'password.change', outcome: 'success', accountId, ip, requestId: ctx.requestId });
}

/** Accounts, by login, keyset-paginated; `q` finds logins and display names. */
export async function listAccounts(ctx: Context, query: { limit: number; cursor?: string | undefined; q?: string | undefined }) {
  let q = ctx.database.db.selectFrom('accounts').select(['id', 'login_key']).orderBy('login_key').orderBy('id').limit(query.limit + 1);
  // By login or display name. The login is matched on its key, folded as login keys are (`loginKey`: PostgreSQL's LIKE
  // is case-sensitive, so a lower-cased query never matched there); the name ignoring case and accents, as every search.
  if (query.q) {
    const text = query.q;
    q = q.where((eb) => eb.or([likeEscaped(eb.ref('login_key'), `%${likeEscape(loginKey(text))}%`), containsFolded(eb, ctx.database.engine, 'display_name', text)]));
  }
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    q = q.where((eb) => eb.or([eb('login_key', '>', String(c.v)), eb.and([eb('login_key', '=', String(c.v)), eb('id', '>', c.id)])]));
  }
  const rows = await q.execute();
  const items = await presentAccounts(ctx.database.db, rows.slice(0, query.limit).map((r) => r.id));
  const last = rows[Math.min(rows.length, query.limit) - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.login_key, id: last.id }) : null };
}
