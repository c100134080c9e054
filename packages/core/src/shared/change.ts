import type { Transaction } from 'kysely';
import { AppError } from '@custodia/contracts';
import { type EventInput, type Tables, appendEvents } from '@custodia/data';
import type { Context } from './context.js';
import { constraintKind, isTransient } from './db-errors.js';
import { FIELD_SOURCE_OF, recordFieldSources } from '../discovery/field-sources.js';
import { withIdempotencyKey } from './idempotency.js';

export type Tx = Transaction<Tables>;

/**
 * Runs one change: the work and the history events it returns commit in one transaction, or nothing does.
 * The occurred-at time of the events is the server's, taken once for the whole change; so is the time the asset
 * fields it changed count as set, unless the work says otherwise (`fieldSourcesAt`: discovery gives the inventory's
 * collection time, which the next inventory's is compared with).
 */
export async function runChange<T>(
  ctx: Context,
  reason: string | null | undefined,
  work: (tx: Tx, nowIso: string) => Promise<{ result: T; events: EventInput[]; fieldSourcesAt?: string }>,
): Promise<T> {
  const nowIso = ctx.now().toISOString();
  try {
    // An Idempotency-Key's row commits with the request's first change, or not at all.
    return await withIdempotencyKey(ctx, async (tx) => {
      const { result, events, fieldSourcesAt } = await work(tx, nowIso);
      await appendEvents(tx, events, { actor: ctx.actor, source: ctx.source, reason: reason ?? null, requestId: ctx.requestId, occurredAt: nowIso });
      await recordFieldSources(tx, events, ctx.fieldSource ?? FIELD_SOURCE_OF[ctx.source], ctx.actor, fieldSourcesAt ?? nowIso);
      return result;
    });
  } catch (error) {
    throw asAppError(error);
  }
}

/** A database failure that may pass (busy, full, failing disk, connection lost): 503, the failure kept as the cause. */
export const unavailable = (error: unknown): AppError => new AppError('UNAVAILABLE', 'The database is unavailable; retry shortly', { cause: error });

/** A database failure as the client should hear it: a constraint a race slipped past is 409/422, a busy database 503. */
export function asAppError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const kind = constraintKind(error);
  if (kind === 'unique') return new AppError('UNIQUE_VIOLATION', 'A record with one of these unique values already exists');
  if (kind === 'foreign_key') return new AppError('REFERENCE_NOT_FOUND', 'A referenced record does not exist or is still in use');
  if (isTransient(error)) return unavailable(error);
  return error;
}

type VersionedTable = 'assets' | 'purchase_requests' | 'asset_types' | 'org_units' | 'locations' | 'people' | 'manufacturers' | 'suppliers' | 'catalogue_models' | 'discrepancies' | 'accounts' | 'roles';

/**
 * A write guarded by `WHERE version = expected` matched no row: another change committed first. Answers 412 with the
 * version now stored (so the client gets the current ETag), or 404 when the record was deleted meanwhile.
 */
export async function versionConflict(tx: Tx, table: VersionedTable, entity: string, id: string, expected: number): Promise<never> {
  const row = await (tx as Transaction<any>).selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No ${entity} with id ${id}`);
  assertVersion(entity, Number(row.version), expected);
  throw new AppError('VERSION_MISMATCH', `The ${entity} was changed by someone else`);
}

/** Optimistic concurrency: the version the caller read must still be current. */
export function assertVersion(entity: string, current: number, expected: number): void {
  if (current !== expected) {
    throw new AppError('VERSION_MISMATCH', `The ${entity} was changed by someone else (current version ${current})`, { extra: { currentVersion: current } });
  }
}
