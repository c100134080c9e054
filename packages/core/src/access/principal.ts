import { type Grant, type Permission, isPermission } from '@custodia/domain';
import { type Tables, readBool, readJson } from '@custodia/data';
import type { Kysely } from 'kysely';

/** A signed-in account as the server sees it on each request. */
export interface Principal {
  accountId: string;
  login: string;
  displayName: string;
  personId: string | null;
  grants: Grant[];
  /** Whether some role of the account demands two-factor authentication. */
  twoFactorRequired: boolean;
  twoFactorEnabled: boolean;
}

/**
 * Whether an account may sign in and act: it is active, and so is the person it is linked to, if any (a leaver's
 * account is off as soon as the person is marked inactive). `personActive` is null for an account without a person.
 */
export const accountEnabled = (active: unknown, personActive: unknown): boolean =>
  readBool(active) && (personActive === null || personActive === undefined || readBool(personActive));

/**
 * Loads an enabled account with its grants (role permissions and the path of each grant's org unit); null if gone,
 * inactive, or linked to an inactive person.
 */
export async function loadPrincipal(db: Kysely<Tables>, accountId: string): Promise<Principal | null> {
  const account = await db.selectFrom('accounts').leftJoin('people', 'people.id', 'accounts.person_id')
    .select(['accounts.id', 'accounts.login', 'accounts.display_name', 'accounts.person_id', 'accounts.active', 'accounts.totp_enabled_at', 'people.active as person_active'])
    .where('accounts.id', '=', accountId).executeTakeFirst();
  if (!account || !accountEnabled(account.active, account.person_active)) return null;
  const rows = await grantRows(db, accountId);
  const grants = rows.map(toGrant);
  return {
    accountId: account.id, login: account.login, displayName: account.display_name, personId: account.person_id, grants,
    twoFactorRequired: rows.some((r) => readBool(r.requires_two_factor)), twoFactorEnabled: account.totp_enabled_at !== null,
  };
}

function grantRows(db: Kysely<Tables>, accountId: string) {
  return db.selectFrom('role_grants')
    .innerJoin('roles', 'roles.id', 'role_grants.role_id')
    .leftJoin('org_units', 'org_units.id', 'role_grants.org_unit_id')
    .select(['roles.key', 'roles.permissions', 'roles.requires_two_factor', 'role_grants.org_unit_id', 'org_units.path'])
    .where('role_grants.account_id', '=', accountId)
    .execute();
}

const toGrant = (r: { key: string; permissions: unknown; org_unit_id: string | null; path: string | null }): Grant => ({
  roleKey: r.key,
  permissions: readJson<string[]>(r.permissions, []).filter(isPermission) as Permission[],
  // A grant whose org unit has gone covers nothing rather than everything.
  unitPath: r.org_unit_id === null ? null : (r.path ?? '/\u0000/'),
});

/** The grants of an account, active or not (what managing it would touch). */
export async function grantsOf(db: Kysely<Tables>, accountId: string): Promise<Grant[]> {
  return (await grantRows(db, accountId)).map(toGrant);
}
