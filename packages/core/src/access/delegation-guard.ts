import { AppError } from '@custodia/contracts';
import { type Permission, notDelegable, outranking } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import type { Kysely } from 'kysely';
import type { Tables } from '@custodia/data';
import { grantsOf } from './principal.js';

/** Refuses (403 PERMISSION_NOT_HELD) handing out permissions on a scope the caller does not hold them on (domain `notDelegable`). */
export function assertDelegable(ctx: Context, permissions: readonly Permission[], unitPath: string | null, what: string): void {
  if (ctx.access.grants === null) return;
  const missing = notDelegable(ctx.access.grants, permissions, unitPath);
  if (missing.length) {
    throw new AppError('PERMISSION_NOT_HELD', `${what} needs permissions you do not hold${unitPath === null ? ' organisation-wide' : ' on that org unit'}: ${missing.join(', ')}`,
      { errors: missing.map((p) => ({ field: 'permissions', code: 'PERMISSION_NOT_HELD', message: `You do not hold ${p} as widely` })) });
  }
}

/**
 * Refuses (403 PERMISSION_NOT_HELD) managing another account that holds something the caller does not (domain
 * `outranking`): its password, two-factor, tokens, grants and activation. One's own account is not refused here.
 */
export async function assertManageable(ctx: Context, db: Kysely<Tables>, accountId: string): Promise<void> {
  if (ctx.access.grants === null || accountId === ctx.access.accountId) return;
  const missing = outranking(ctx.access.grants, await grantsOf(db, accountId));
  if (missing.length) throw new AppError('PERMISSION_NOT_HELD', `This account holds permissions you do not hold as widely (${missing.join(', ')}): an administrator who holds them manages it`);
}
