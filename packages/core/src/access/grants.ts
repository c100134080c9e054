import { AppError } from '@custodia/contracts';
import { type EventInput, newId } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, runChange } from '../shared/change.js';
import { type AccountView, presentAccount } from './accounts.js';
import { endAccountSessions } from './sessions.js';

export interface GrantInput { roleKey: string; orgUnitId: string | null }

/**
 * Grants a role on an org-unit subtree (or the whole organisation when `orgUnitId` is null). Any change of an
 * account's roles ends its sessions, so a downgrade takes effect at once.
 */
export async function grantRole(ctx: Context, accountId: string, input: GrantInput): Promise<AccountView> {
  return runChange(ctx, null, async (tx, nowIso) => {
    if (!(await tx.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst())) throw new AppError('NOT_FOUND', `No account with id ${accountId}`);
    const event = await insertGrant(tx, accountId, input, { actor: ctx.actor, nowIso });
    await endAccountSessions(tx, accountId);
    return { result: await presentAccount(tx, accountId), events: [event] };
  });
}

/** Inserts a grant in `tx` after checking its role, its org unit and that the account does not hold it yet; returns its history event. */
export async function insertGrant(tx: Tx, accountId: string, input: GrantInput, by: { actor: string; nowIso: string }): Promise<EventInput> {
  const role = await tx.selectFrom('roles').select(['id', 'key']).where('key', '=', input.roleKey).executeTakeFirst();
  if (!role) throw new AppError('REFERENCE_NOT_FOUND', `No role ${input.roleKey}`, { errors: [{ field: 'roleKey', code: 'REFERENCE_NOT_FOUND', message: 'Unknown role' }] });
  if (input.orgUnitId && !(await tx.selectFrom('org_units').select('id').where('id', '=', input.orgUnitId).executeTakeFirst())) {
    throw new AppError('REFERENCE_NOT_FOUND', 'No such org unit', { errors: [{ field: 'orgUnitId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown org unit' }] });
  }
  let dup = tx.selectFrom('role_grants').select('id').where('account_id', '=', accountId).where('role_id', '=', role.id);
  dup = input.orgUnitId ? dup.where('org_unit_id', '=', input.orgUnitId) : dup.where('org_unit_id', 'is', null);
  if (await dup.executeTakeFirst()) throw new AppError('CONFLICT', 'The account already holds this role on this scope');
  const id = newId();
  await tx.insertInto('role_grants').values({ id, account_id: accountId, role_id: role.id, org_unit_id: input.orgUnitId, created_at: by.nowIso, created_by: by.actor }).execute();
  return { entityType: 'account', entityId: accountId, action: 'grant', changes: { grant: { before: null, after: { id, role: role.key, orgUnitId: input.orgUnitId } } } };
}

export async function revokeGrant(ctx: Context, accountId: string, grantId: string): Promise<AccountView> {
  return runChange(ctx, null, async (tx) => {
    const grant = await tx.selectFrom('role_grants').innerJoin('roles', 'roles.id', 'role_grants.role_id').select(['role_grants.id', 'roles.key', 'role_grants.org_unit_id'])
      .where('role_grants.id', '=', grantId).where('role_grants.account_id', '=', accountId).executeTakeFirst();
    if (!grant) throw new AppError('NOT_FOUND', `No grant ${grantId} on this account`);
    if (accountId === ctx.access.accountId && grant.key === 'system_administrator') {
      const others = await tx.selectFrom('role_grants').innerJoin('roles', 'roles.id', 'role_grants.role_id').innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .select('role_grants.id').where('roles.key', '=', 'system_administrator').where('role_grants.org_unit_id', 'is', null).where('accounts.active', '=', 1).where('role_grants.id', '!=', grantId).executeTakeFirst();
      if (!others) throw new AppError('CONFLICT', 'This is the last organisation-wide system administrator');
    }
    await tx.deleteFrom('role_grants').where('id', '=', grantId).execute();
    await endAccountSessions(tx, accountId);
    return { result: await presentAccount(tx, accountId), events: [{ entityType: 'account', entityId: accountId, action: 'revoke', changes: { grant: { before: { id: grant.id, role: grant.key, orgUnitId: grant.org_unit_id }, after: null } } }] };
  });
}
