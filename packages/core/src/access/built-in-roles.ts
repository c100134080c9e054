import { BUILT_IN_ROLES, type Permission } from '@custodia/domain';
import { newId, readJson, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';

/**
 * Writes the built-in roles into the database at start-up, and brings their permissions up to date when a release
 * changes them (built-in roles are data of the release, not of the installation). Custom roles are left alone.
 */
export async function ensureBuiltInRoles(ctx: Context): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.database.db.transaction().execute(async (tx) => {
    const existing = new Map((await tx.selectFrom('roles').select(['id', 'key', 'permissions', 'name', 'description', 'version']).where('built_in', '=', 1).execute()).map((r) => [r.key, r]));
    for (const role of BUILT_IN_ROLES) {
      const row = existing.get(role.key);
      const permissions = writeJson([...role.permissions].sort());
      if (!row) {
        await tx.insertInto('roles').values({
          id: newId(), key: role.key, name: role.name, description: role.description, built_in: 1, permissions, requires_two_factor: 0, version: 1, created_at: now, updated_at: now,
        }).execute();
      } else if (writeJson([...readJson<Permission[]>(row.permissions, [])].sort()) !== permissions || row.name !== role.name || row.description !== role.description) {
        await tx.updateTable('roles').set({ name: role.name, description: role.description, permissions, version: Number(row.version) + 1, updated_at: now }).where('id', '=', row.id).execute();
      }
    }
  });
}
