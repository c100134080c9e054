import { AppError } from '@custodia/contracts';
import { type Permission, isPermission } from '@custodia/domain';
import { type EventInput, newId, readJson } from '@custodia/data';
import { lockRows } from '../shared/locks.js';
import type { Context } from '../shared/context.js';
import { type Tx, runChange } from '../shared/change.js';
import { type AccountView, presentAccount } from './accounts.js';
import { endAccountSessions } from './sessions.js';
import { assertDelegable, assertManageable } from './delegation-guard.js';
import { logSecurityEvent } from './security-log.js';

export interface GrantInput { roleKey: string; orgUnitId: string | null }

/**
 * Grants a role on an org-unit subtree (or the whole organisation when `orgUnitId` is null), if the caller holds its
 * permissions as widely. Any change of an account's roles ends its sessions, so a downgrade takes effect at once.
 */
export async function grantRole(ctx: Context, accountId: string, input: GrantInput): Promise<AccountView> {
  try {
    const result = await runChange(ctx, null, async (tx, nowIso) => {
      if (!(await tx.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst())) throw new AppError('NOT_FOUND', `No account with id ${accountId}`);
      const event = await insertGrant(tx, accountId, input, { ctx, nowIso });
      await endAccountSessions(tx, accountId);
      return { result: await presentAccount(tx, accountId), events: [event] };
    });
    await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'grant.add', outcome: 'success', accountId, requestId: ctx.requestId, detail: { by: ctx.actor, role: input.roleKey, orgUnitId: input.orgUnitId } });
    return result;
  } catch (error) {
    if (error instanceof AppError && error.code === 'PERMISSION_NOT_HELD') {
      await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'grant.add', outcome: 'denied', accountId, requestId: ctx.requestId, detail: { by: ctx.actor, role: input.roleKey, orgUnitId: input.orgUnitId } });
    }
    throw error;
  }
}

/**
 * Inserts a grant in `tx` after checking its role, its org unit, that the account does not hold it yet and that the
 * caller may hand it out; returns its history event.
 */
export async function insertGrant(tx: Tx, accountId: string, input: GrantInput, by: { ctx: Context; nowIso: string }): Promise<EventInput> {
  const role = await tx.selectFrom('roles').select(['id', 'key', 'permissions']).where('key', '=', input.roleKey).executeTakeFirst();
  if (!role) throw new AppError('REFERENCE_NOT_FOUND', `No role ${input.roleKey}`, { errors: [{ field: 'roleKey', code: 'REFERENCE_NOT_FOUND', message: 'Unknown role' }] });
  let unitPath: string | null = null;
  if (input.orgUnitId) {
    const unit = await tx.selectFrom('org_units').select(['id', 'path']).where('id', '=', input.orgUnitId).executeTakeFirst();
    if (!unit) throw new AppError('REFERENCE_NOT_FOUND', 'No such org unit', { errors: [{ field: 'orgUnitId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown org unit' }] });
    unitPath = unit.path;
  }
  assertDelegable(by.ctx, readJson<string[]>(role.permissions, []).filter(isPermission) as Permission[], unitPath, `Granting ${role.key}`);
  let dup = tx.selectFrom('role_grants').select('id').where('account_id', '=', accountId).where('role_id', '=', role.id);
  dup = input.orgUnitId ? dup.where('org_unit_id', '=', input.orgUnitId) : dup.where('org_unit_id', 'is', null);
  if (await dup.executeTakeFirst()) throw new AppError('CONFLICT', 'The account already holds this role on this scope');
  const id = newId();
  await tx.insertInto('role_grants').values({ id, account_id: accountId, role_id: role.id, org_unit_id: input.orgUnitId, created_at: by.nowIso, created_by: by.ctx.actor }).execute();
  return { entityType: 'account', entityId: accountId, action: 'grant', changes: { grant: { before: null, after: { id, role: role.key, orgUnitId: input.orgUnitId } } } };
}

/**
 * Revokes a grant. Anyone may give up their own; another account's only if the caller holds everything that account
 * holds. The last active organisation-wide system administrator cannot be revoked.
 */
export async function revokeGrant(ctx: Context, accountId: string, grantId: string): Promise<AccountView> {
  const result = await runChange(ctx, null, async (tx) => {
    const grant = await tx.selectFrom('role_grants').innerJoin('roles', 'roles.id', 'role_grants.role_id').select(['role_grants.id', 'roles.key', 'role_grants.org_unit_id'])
      .where('role_grants.id', '=', grantId).where('role_grants.account_id', '=', accountId).executeTakeFirst();
    if (!grant) throw new AppError('NOT_FOUND', `No grant ${grantId} on this account`);
    await assertManageable(ctx, tx, accountId);
    if (grant.key === 'system_administrator' && grant.org_unit_id === null) await assertAnotherAdministrator(ctx, tx, { grantId });
    await tx.deleteFrom('role_grants').where('id', '=', grantId).execute();
    await endAccountSessions(tx, accountId);
    return {
      result: { view: await presentAccount(tx, accountId), role: grant.key, orgUnitId: grant.org_unit_id },
      events: [{ entityType: 'account', entityId: accountId, action: 'revoke', changes: { grant: { before: { id: grant.id, role: grant.key, orgUnitId: grant.org_unit_id }, after: null } } }],
    };
  });
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'grant.revoke', outcome: 'success', accountId, requestId: ctx.requestId, detail: { by: ctx.actor, role: result.role, orgUnitId: result.orgUnitId } });
  return result.view;
}

/**
 * Refuses a change that would leave no active organisation-wide system administrator: revoking such a grant, or
 * deactivating an account holding one. On PostgreSQL the administrator role's row is locked first, so two such changes
 * made at once (each leaving the other's administrator) are judged one after the other; SQLite writes one at a time.
 */
export async function assertAnotherAdministrator(ctx: Context, tx: Tx, leaving: { grantId: string } | { accountId: string }): Promise<void> {
  await lockRows(tx, 'roles', 'system_administrator', 'key');
  let q = tx.selectFrom('role_grants').innerJoin('roles', 'roles.id', 'role_grants.role_id').innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
    .select('role_grants.id').where('roles.key', '=', 'system_administrator').where('role_grants.org_unit_id', 'is', null).where('accounts.active', '=', 1);
  q = 'grantId' in leaving ? q.where('role_grants.id', '!=', leaving.grantId) : q.where('role_grants.account_id', '!=', leaving.accountId);
  if (!(await q.executeTakeFirst())) throw new AppError('CONFLICT', 'This is the last organisation-wide system administrator');
}
