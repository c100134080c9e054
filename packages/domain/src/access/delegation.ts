import type { Permission } from './permissions.js';
import { BUILT_IN_ROLES } from './roles.js';
import { type Grant, covers, scopeOf } from './scope.js';

/**
 * No one hands out more than they hold. Managing accounts or roles lets someone give permissions to others; these rules
 * keep that from becoming a way to raise one's own (or an accomplice's) access: a permission can be granted on a scope
 * only by someone who holds it on that scope or wider, and an account can be managed (password, two-factor, grants,
 * deactivation) only by someone who holds everything it holds, as widely. The exception is the top of the tree: whoever
 * holds every permission of the system administrator organisation-wide administers every account and role (they hold
 * no register rights by themselves, yet must be able to grant them).
 */

const ROOT = BUILT_IN_ROLES.find((r) => r.key === 'system_administrator')!.permissions;

/** Whether `caller` holds every permission of the system administrator organisation-wide. */
export function administersAll(caller: readonly Grant[]): boolean {
  return ROOT.every((p) => scopeOf(caller, p).kind === 'all');
}

/** The permissions of `permissions`, granted on `unitPath` (null: organisation-wide), that `caller` does not hold as widely. */
export function notDelegable(caller: readonly Grant[], permissions: readonly Permission[], unitPath: string | null): Permission[] {
  if (administersAll(caller)) return [];
  const granted: Grant[] = [{ roleKey: '', permissions, unitPath }];
  return [...new Set(permissions)].filter((p) => !covers(scopeOf(caller, p), scopeOf(granted, p))).sort();
}

/** The permissions `target` holds somewhere `caller` does not: non-empty means the target outranks the caller. */
export function outranking(caller: readonly Grant[], target: readonly Grant[]): Permission[] {
  if (administersAll(caller)) return [];
  const held = [...new Set(target.flatMap((g) => g.permissions))];
  return held.filter((p) => !covers(scopeOf(caller, p), scopeOf(target, p))).sort();
}
