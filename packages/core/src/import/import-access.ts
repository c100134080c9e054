import { AppError } from '@custodia/contracts';
import { type Permission, covers, scopeOf } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import type { ImportKind } from './source-row.js';

/**
 * Whether the caller holds `permission` wherever its import reaches (the scope of imports.run): the operator of the
 * machine (no grants) holds everything.
 */
export function mayImportWith(ctx: Context, permission: Permission): boolean {
  const grants = ctx.access.grants;
  return grants === null || covers(scopeOf(grants, permission), ctx.access.scope);
}

/** What an import of each kind writes, and so needs besides imports.run: the target's own write permission. */
const WRITES: Record<ImportKind, Permission> = { assets: 'assets.write', people: 'register.write', locations: 'register.write', models: 'register.write' };

/**
 * imports.run alone writes nothing: importing people, locations or models needs register.write (organisation-wide,
 * as they are shared by the whole organisation), importing assets needs assets.write where the import reaches (and
 * assets.assign for a row with an assignee, checked by the asset importer).
 */
export function assertMayImport(ctx: Context, kind: ImportKind): void {
  if (kind !== 'assets' && ctx.access.scope.kind !== 'all') throw new AppError('FORBIDDEN', `Importing ${kind} needs imports.run on the whole organisation`);
  if (!mayImportWith(ctx, WRITES[kind])) throw new AppError('FORBIDDEN', `Importing ${kind} needs the ${WRITES[kind]} permission${kind === 'assets' ? ' wherever imports.run holds' : ''}`);
}
