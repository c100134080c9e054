import { AppError } from '@custodia/contracts';
import { NOT_GRANTABLE, type Permission, diffRecords, isPermission } from '@custodia/domain';
import { newId, readBool, readJson, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { bumpAccessEpoch } from './access-epoch.js';
import { assertDelegable } from './delegation-guard.js';
import { logSecurityEvent } from './security-log.js';

export interface RoleView { id: string; key: string; name: string; description: string; builtIn: boolean; permissions: Permission[]; requiresTwoFactor: boolean; version: number }

type RoleRow = { id: string; key: string; name: string; description: string; built_in: unknown; permissions: unknown; requires_two_factor: unknown; version: number };
const present = (r: RoleRow): RoleView => ({
  id: r.id, key: r.key, name: r.name, description: r.description, builtIn: readBool(r.built_in), permissions: readJson<Permission[]>(r.permissions, []),
  requiresTwoFactor: readBool(r.requires_two_factor), version: Number(r.version),
});

export async function listRoles(ctx: Context): Promise<RoleView[]> {
  return (await ctx.database.db.selectFrom('roles').selectAll().orderBy('built_in', 'desc').orderBy('key').execute()).map(present);
}

function checkPermissions(permissions: string[]): Permission[] {
  const bad = permissions.filter((p) => !isPermission(p) || NOT_GRANTABLE.includes(p as Permission));
  if (bad.length) throw new AppError('VALIDATION_FAILED', `Not grantable: ${bad.join(', ')}`, { errors: bad.map((p) => ({ field: 'permissions', code: 'UNKNOWN_PERMISSION', message: `${p} is not a permission a role can carry` })) });
  return [...new Set(permissions as Permission[])].sort();
}

/** A custom role composed from permissions the caller holds organisation-wide (a role can be granted anywhere). */
export async function createRole(ctx: Context, input: { key: string; name: string; description?: string | undefined; permissions: string[]; requiresTwoFactor?: boolean | undefined }): Promise<RoleView> {
  const permissions = checkPermissions(input.permissions);
  assertDelegable(ctx, permissions, null, 'This role');
  const role = await runChange(ctx, null, async (tx, nowIso) => {
    if (await tx.selectFrom('roles').select('id').where('key', '=', input.key).executeTakeFirst()) throw new AppError('UNIQUE_VIOLATION', `A role with key ${input.key} exists`, { errors: [{ field: 'key', code: 'UNIQUE_VIOLATION', message: 'Already used' }] });
    const row = { id: newId(), key: input.key, name: input.name, description: input.description ?? '', built_in: 0, permissions: writeJson(permissions), requires_two_factor: input.requiresTwoFactor ? 1 : 0, version: 1, created_at: nowIso, updated_at: nowIso };
    await tx.insertInto('roles').values(row).execute();
    const view = present(row);
    return { result: view, events: [{ entityType: 'role', entityId: row.id, action: 'create', changes: diffRecords(null, { ...view }) }] };
  });
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'role.create', outcome: 'success', requestId: ctx.requestId, detail: { by: ctx.actor, role: role.key, permissions: role.permissions } });
  return role;
}

/**
 * Changes a role. Built-in roles keep their permissions (they come with the release) but the two-factor policy can be
 * set on them. Only someone holding every permission the role has, before and after, organisation-wide changes it.
 * Holders' sessions end so the change applies at once.
 */
export async function updateRole(ctx: Context, key: string, expectedVersion: number, patch: { name?: string | undefined; description?: string | undefined; permissions?: string[] | undefined; requiresTwoFactor?: boolean | undefined }): Promise<RoleView> {
  const role = await runChange(ctx, null, async (tx, nowIso) => {
    const row = await tx.selectFrom('roles').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No role ${key}`);
    assertVersion('role', Number(row.version), expectedVersion);
    const before = present(row);
    if (before.builtIn && (patch.permissions !== undefined || patch.name !== undefined || patch.description !== undefined)) {
      throw new AppError('CONFLICT', 'Built-in roles keep their name and permissions; create a custom role instead');
    }
    const after: RoleView = {
      ...before, name: patch.name ?? before.name, description: patch.description ?? before.description,
      permissions: patch.permissions ? checkPermissions(patch.permissions) : before.permissions, requiresTwoFactor: patch.requiresTwoFactor ?? before.requiresTwoFactor, version: before.version + 1,
    };
    assertDelegable(ctx, [...before.permissions, ...after.permissions], null, `Changing ${key}`);
    const updated = await tx.updateTable('roles').set({
      name: after.name, description: after.description, permissions: writeJson(after.permissions), requires_two_factor: after.requiresTwoFactor ? 1 : 0, version: after.version, updated_at: nowIso,
    }).where('id', '=', row.id).where('version', '=', before.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) await versionConflict(tx, 'roles', 'role', row.id, before.version);
    const holders = await tx.selectFrom('role_grants').select('account_id').where('role_id', '=', row.id).execute();
    for (const h of holders) await tx.deleteFrom('sessions').where('account_id', '=', h.account_id).execute();
    await bumpAccessEpoch(tx);
    const changes = diffRecords({ ...before, version: 0 }, { ...after, version: 0 });
    return { result: { after, changes: Object.keys(changes) }, events: [{ entityType: 'role', entityId: row.id, action: 'update', changes }] };
  });
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'role.update', outcome: 'success', requestId: ctx.requestId, detail: { by: ctx.actor, role: key, changed: role.changes, permissions: role.after.permissions } });
  return role.after;
}

export async function deleteRole(ctx: Context, key: string): Promise<void> {
  await runChange(ctx, null, async (tx) => {
    const row = await tx.selectFrom('roles').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No role ${key}`);
    if (readBool(row.built_in)) throw new AppError('CONFLICT', 'Built-in roles cannot be deleted');
    if (await tx.selectFrom('role_grants').select('id').where('role_id', '=', row.id).executeTakeFirst()) throw new AppError('IN_USE', 'The role is still granted');
    await tx.deleteFrom('roles').where('id', '=', row.id).execute();
    return { result: undefined, events: [{ entityType: 'role', entityId: row.id, action: 'delete', changes: diffRecords({ ...present(row) }, null) }] };
  });
  await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'role.delete', outcome: 'success', requestId: ctx.requestId, detail: { by: ctx.actor, role: key } });
}
