import { type Permission, type Scope, inScope } from '@custodia/domain';
import { readBool, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';

export interface Auditor { login: string; name: string }

const RECORD: Permission = 'audits.record';
const LIMIT = 500;

/** Whether a grant on `unitPath` (null: the whole organisation) can reach anything inside `scope`. */
const overlaps = (scope: Scope, unitPath: string | null) =>
  unitPath === null || inScope(scope, unitPath) || (scope.kind === 'units' && scope.paths.some((p) => p.startsWith(unitPath)));

/**
 * Accounts a planner can name as an audit's assignees: active, holding the permission to record audit work somewhere
 * that meets the planner's own scope; by name, with the name of the person the account belongs to when it has one.
 */
export async function listAuditors(ctx: Context): Promise<{ items: Auditor[] }> {
  const db = ctx.database.db;
  const roles = (await db.selectFrom('roles').select(['id', 'permissions']).execute())
    .filter((r) => readJson<string[]>(r.permissions, []).includes(RECORD)).map((r) => r.id);
  if (!roles.length) return { items: [] };
  const rows = await db.selectFrom('role_grants as g')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .leftJoin('org_units as u', 'u.id', 'g.org_unit_id')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.login', 'a.display_name', 'a.active', 'p.name as person_name', 'u.path as unit_path'])
    .where('g.role_id', 'in', roles).execute();
  const byLogin = new Map<string, Auditor>();
  for (const r of rows) {
    if (!readBool(r.active) || !overlaps(ctx.access.scope, r.unit_path ?? null)) continue;
    byLogin.set(r.login, { login: r.login, name: r.person_name ?? r.display_name });
  }
  const items = [...byLogin.values()].sort((a, b) => a.name.localeCompare(b.name) || a.login.localeCompare(b.login)).slice(0, LIMIT);
  return { items };
}
