import { AppError } from '@custodia/contracts';
import { checkPassword, comparisonKey, diffRecords } from '@custodia/domain';
import { type EventInput, newId, readBool } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { logSecurityEvent } from './security-log.js';
import type { Tx } from '../shared/change.js';
import { runChange } from '../shared/change.js';
import { hashPassword } from './secrets.js';

export const loginKey = (login: string): string => comparisonKey(login);

export interface AccountInput {
  login: string;
  displayName: string;
  email?: string | null | undefined;
  personId?: string | null | undefined;
  password?: string | null | undefined;
}

export function assertPassword(password: string, login: string, email?: string | null): void {
  const errors = checkPassword(password, { login, email: email ?? null });
  if (errors.length) throw new AppError('PASSWORD_REJECTED', errors[0]!.message, { errors: errors.map((e) => ({ field: e.field ?? 'password', code: e.code, message: e.message })) });
}

/** Inserts an account in `tx` (the caller's transaction) and returns its id and history event. */
export async function insertAccount(tx: Tx, input: AccountInput, nowIso: string): Promise<{ id: string; snapshot: Record<string, unknown>; event: EventInput }> {
  const key = loginKey(input.login);
  if (await tx.selectFrom('accounts').select('id').where('login_key', '=', key).executeTakeFirst()) {
    throw new AppError('LOGIN_TAKEN', `An account with login "${input.login}" already exists`, { errors: [{ field: 'login', code: 'LOGIN_TAKEN', message: 'Already used' }] });
  }
  if (input.personId) {
    const person = await tx.selectFrom('people').select(['id', 'active']).where('id', '=', input.personId).executeTakeFirst();
    if (!person) throw new AppError('REFERENCE_NOT_FOUND', 'No such person', { errors: [{ field: 'personId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown person' }] });
    if (await tx.selectFrom('accounts').select('id').where('person_id', '=', input.personId).executeTakeFirst()) {
      throw new AppError('CONFLICT', 'This person already has an account', { errors: [{ field: 'personId', code: 'PERSON_HAS_ACCOUNT', message: 'Already has an account' }] });
    }
  }
  if (input.password) assertPassword(input.password, input.login, input.email);
  const id = newId();
  const row = {
    id, login: input.login, login_key: key, display_name: input.displayName, email: input.email ?? null, person_id: input.personId ?? null,
    password_hash: input.password ? await hashPassword(input.password) : null, password_changed_at: input.password ? nowIso : null, active: 1,
    totp_secret: null, totp_enabled_at: null, recovery_codes: null, last_login_at: null, version: 1, created_at: nowIso, updated_at: nowIso,
  };
  await tx.insertInto('accounts').values(row).execute();
  // The history shows who created which login; never the password hash.
  const snapshot = { login: input.login, displayName: input.displayName, email: row.email, personId: row.person_id, active: true, hasPassword: row.password_hash !== null };
  return { id, snapshot, event: { entityType: 'account', entityId: id, action: 'create', changes: diffRecords(null, snapshot) } };
}

export interface AccountView {
  id: string; login: string; displayName: string; email: string | null; personId: string | null; active: boolean; hasPassword: boolean;
  twoFactorEnabled: boolean; lastLoginAt: string | null; version: number; createdAt: string; updatedAt: string;
  grants: { id: string; roleKey: string; roleName: string; orgUnitId: string | null; orgUnitName: string | null }[];
}

export async function presentAccount(db: Context['database']['db'] | Tx, id: string): Promise<AccountView> {
  const [account] = await presentAccounts(db, [id]);
  if (!account) throw new AppError('NOT_FOUND', `No account with id ${id}`);
  return account;
}

/** Several accounts with their grants, in the order of `ids` (unknown ids are left out): two queries whatever the count. */
export async function presentAccounts(db: Context['database']['db'] | Tx, ids: readonly string[]): Promise<AccountView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute();
  const grants = await db.selectFrom('role_grants').innerJoin('roles', 'roles.id', 'role_grants.role_id').leftJoin('org_units', 'org_units.id', 'role_grants.org_unit_id')
    .select(['role_grants.id', 'role_grants.account_id', 'roles.key', 'roles.name', 'role_grants.org_unit_id', 'org_units.name as unit_name'])
    .where('role_grants.account_id', 'in', ids).orderBy('role_grants.created_at').orderBy('role_grants.id').execute();
  const byId = new Map(rows.map((a) => [a.id, a]));
  return ids.flatMap((id) => {
    const a = byId.get(id);
    if (!a) return [];
    return [{
      id: a.id, login: a.login, displayName: a.display_name, email: a.email, personId: a.person_id, active: readBool(a.active), hasPassword: a.password_hash !== null,
      twoFactorEnabled: a.totp_enabled_at !== null, lastLoginAt: a.last_login_at, version: Number(a.version), createdAt: a.created_at, updatedAt: a.updated_at,
      grants: grants.filter((g) => g.account_id === id).map((g) => ({ id: g.id, roleKey: g.key, roleName: g.name, orgUnitId: g.org_unit_id, orgUnitName: g.unit_name ?? null })),
    }];
  });
}

/** Creates an account (an administrator's action). */
export async function createAccount(ctx: Context, input: AccountInput): Promise<AccountView> {
  const account = await runChange(ctx, null, async (tx, nowIso) => {
    const { id, event } = await insertAccount(tx, input, nowIso);
    return { result: await presentAccount(tx, id), events: [event] };
  });
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'account.create', outcome: 'success', accountId: account.id, login: account.login, requestId: ctx.requestId, detail: { by: ctx.actor } });
  return account;
}
