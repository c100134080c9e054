import type { Permission } from './permissions.js';
import { ORGANISATION_WIDE_WRITES } from './permissions.js';

/** One role granted to an account, on an org-unit subtree (its path) or on the whole organisation (`null`). */
export interface Grant {
  roleKey: string;
  permissions: readonly Permission[];
  /** Materialised path of the org unit the grant covers, descendants included; null = the whole organisation. */
  unitPath: string | null;
}

/**
 * Where a permission holds: nowhere (the caller lacks it: 403), everywhere, or on some org-unit subtrees (objects
 * elsewhere answer 404). Objects with no org unit are only visible with an organisation-wide grant.
 */
export type Scope = { readonly kind: 'none' } | { readonly kind: 'all' } | { readonly kind: 'units'; readonly paths: readonly string[] };

export const SCOPE_ALL: Scope = { kind: 'all' };
export const SCOPE_NONE: Scope = { kind: 'none' };

/** The scope of `permission` given an account's grants. Overlapping subtrees are reduced to their tops. */
export function scopeOf(grants: readonly Grant[], permission: Permission): Scope {
  const holding = grants.filter((g) => g.permissions.includes(permission));
  if (!holding.length) return SCOPE_NONE;
  if (holding.some((g) => g.unitPath === null)) return SCOPE_ALL;
  if (ORGANISATION_WIDE_WRITES.includes(permission)) return SCOPE_NONE;
  const paths = [...new Set(holding.map((g) => g.unitPath!))].sort();
  const tops = paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
  return { kind: 'units', paths: tops };
}

/** Whether `outer` reaches everything `inner` does (every subtree of `inner` lies within one of `outer`). */
export function covers(outer: Scope, inner: Scope): boolean {
  if (outer.kind === 'all' || inner.kind === 'none') return true;
  if (outer.kind === 'none' || inner.kind === 'all') return false;
  return inner.paths.every((p) => outer.paths.some((o) => p.startsWith(o)));
}

/** Whether an object whose org unit has path `unitPath` (null: none) is inside `scope`. */
export function inScope(scope: Scope, unitPath: string | null): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none' || unitPath === null) return false;
  return scope.paths.some((p) => unitPath.startsWith(p));
}

/**
 * Every permission an account can use somewhere: held on some org unit, or, for the organisation-wide ones
 * (ORGANISATION_WIDE_WRITES), through an organisation-wide grant — one held only on a unit is no use (403), so the
 * web app does not offer it.
 */
export function usablePermissions(grants: readonly Grant[]): Set<Permission> {
  return new Set(grants.flatMap((g) => g.permissions).filter((p) => scopeOf(grants, p).kind !== 'none'));
}
