import { type Kysely, type SqlBool, type Transaction, sql } from 'kysely';
import { AppError } from '@custodia/contracts';
import { unitInScope } from '../shared/scope-sql.js';
import { diffRecords } from '@custodia/domain';
import { newId, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, assertVersion, runChange, versionConflict } from '../shared/change.js';
import type { EventInput } from '@custodia/data';
import { constraintKind } from '../shared/db-errors.js';
import { lockRows } from '../shared/locks.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { containsFolded } from '../shared/search-sql.js';
import { byCodePoint } from '../shared/text-order.js';
import type { AnyResource } from './resource.js';

type AnyTx = Transaction<any>;

function toColumns(res: AnyResource, input: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(res.columns)) {
    if (!(field in input)) continue;
    let value = input[field] ?? null;
    if (res.jsonColumns?.includes(column)) value = writeJson(value);
    else if (res.boolColumns?.includes(column) && value !== null) value = value ? 1 : 0;
    row[column] = value;
  }
  return row;
}

/** Records of a scoped resource outside the caller's scope answer as missing ones. */
export async function assertReferenceInScope(ctx: Context, res: AnyResource, id: string): Promise<void> {
  if (!res.scopeColumn || ctx.access.scope.kind === 'all') return;
  const scope = ctx.access.scope;
  const visible = await (ctx.database.db as Kysely<any>).selectFrom(res.table).select('id').where('id', '=', id).where((eb) => unitInScope(eb, `${res.table}.${res.scopeColumn}`, scope)).executeTakeFirst();
  if (!visible) throw new AppError('NOT_FOUND', `No ${res.entity.replace('_', ' ')} with id ${id}`, { securityNote: `${res.entity} outside the caller's scope` });
}

async function load(tx: AnyTx | Kysely<any>, res: AnyResource, id: string): Promise<Record<string, unknown>> {
  const row = await tx.selectFrom(res.table).selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No ${res.entity.replace('_', ' ')} with id ${id}`);
  return row;
}

/** Inserts a reference record inside the caller's transaction; returns it with its history event. */
export async function insertReference<Out>(tx: Tx, res: AnyResource, input: Record<string, unknown>, now: string): Promise<{ out: Out; events: EventInput[] }> {
  const id = newId();
  await res.beforeWrite?.(tx);
  const derived = (await res.derive?.(tx, input, null, id)) ?? {};
  const row = { id, ...toColumns(res, input), ...derived, version: 1, created_at: now, updated_at: now };
  await (tx as AnyTx).insertInto(res.table).values(row).execute();
  const out = res.present(await load(tx as AnyTx, res, id));
  return { out: out as Out, events: [{ entityType: res.entity, entityId: id, action: 'create', changes: diffRecords(null, out) }] };
}

export async function createReference<Out>(ctx: Context, res: AnyResource, input: Record<string, unknown>, reason?: string): Promise<Out> {
  return runChange(ctx, reason, async (tx, now) => {
    const { out, events } = await insertReference<Out>(tx, res, input, now);
    return { result: out, events };
  });
}

/** Applies a patch to a reference record inside the caller's transaction; returns it with its history event. */
export async function applyReferenceUpdate<Out>(
  tx: Tx, res: AnyResource, id: string, expectedVersion: number, patch: Record<string, unknown>, now: string,
): Promise<{ out: Out; events: EventInput[] }> {
  await res.beforeWrite?.(tx);
  const before = await load(tx as AnyTx, res, id);
  assertVersion(res.entity, Number(before['version']), expectedVersion);
  const beforeOut = res.present(before);
  const merged = { ...beforeOut, ...patch };
  const derived = (await res.derive?.(tx, merged, before, id)) ?? {};
  const changes = { ...toColumns(res, patch), ...derived };
  const updated = await (tx as AnyTx)
    .updateTable(res.table)
    .set({ ...changes, version: expectedVersion + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) await versionConflict(tx, res.table, res.entity, id, expectedVersion);
  const after = await load(tx as AnyTx, res, id);
  await res.afterUpdate?.(tx, before, after);
  const out = res.present(after);
  return { out: out as Out, events: [{ entityType: res.entity, entityId: id, action: 'update', changes: diffRecords(beforeOut, out) }] };
}

export async function updateReference<Out>(
  ctx: Context, res: AnyResource, id: string, expectedVersion: number, patch: Record<string, unknown>, reason?: string,
): Promise<Out> {
  return runChange(ctx, reason, async (tx, now) => {
    const { out, events } = await applyReferenceUpdate<Out>(tx, res, id, expectedVersion, patch, now);
    return { result: out, events };
  });
}

export async function deleteReference(ctx: Context, res: AnyResource, id: string, expectedVersion: number, reason: string): Promise<void> {
  try {
    await runChange(ctx, reason, async (tx) => {
      // Held first (PostgreSQL): a write naming the record (FOR KEY SHARE in assertReferences) commits before the checks
      // below look for what still names it, or waits for the delete and then finds the record gone.
      await lockRows(tx, res.table, id);
      const before = await load(tx as AnyTx, res, id);
      assertVersion(res.entity, Number(before['version']), expectedVersion);
      await res.beforeDelete?.(tx, id);
      const deleted = await (tx as AnyTx).deleteFrom(res.table).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1) await versionConflict(tx, res.table, res.entity, id, expectedVersion);
      return { result: undefined, events: [{ entityType: res.entity, entityId: id, action: 'delete', changes: diffRecords(res.present(before), null) }] };
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'REFERENCE_NOT_FOUND') throw new AppError('IN_USE', `The ${res.entity.replace('_', ' ')} is still referenced`);
    if (constraintKind(error) === 'foreign_key') throw new AppError('IN_USE');
    throw error;
  }
}

export async function getReference<Out>(ctx: Context, res: AnyResource, id: string): Promise<Out> {
  const row = await load(ctx.database.db as Kysely<any>, res, id);
  await assertReferenceInScope(ctx, res, id);
  return res.present(row) as Out;
}

export interface ReferenceListQuery {
  limit: number; cursor?: string | undefined; q?: string | undefined; includeTotal?: 'true' | 'false' | undefined; parentId?: string | undefined; ids?: string[] | undefined;
  /** Trees: only the top level (no parent). */
  root?: 'true' | 'false' | undefined;
  /** Trees: only the nodes bearing the name of one of these (themselves included). */
  namesakesOf?: string[] | undefined;
  /** People: in this org unit or a unit under it. */
  orgUnitId?: string | undefined;
  /** People: active or not. */
  active?: 'true' | 'false' | undefined;
}

/** Lists by name, keyset-paginated; `q` matches the resource's search columns case-insensitively. */
export async function listReferences<Out>(ctx: Context, res: AnyResource, query: ReferenceListQuery) {
  const db = ctx.database.db as Kysely<any>;
  let base = db.selectFrom(res.table);
  if (res.scopeColumn && ctx.access.scope.kind !== 'all') base = base.where((eb) => unitInScope(eb, `${res.table}.${res.scopeColumn}`, ctx.access.scope));
  if (query.q) {
    const q = query.q;
    base = base.where((eb) => eb.or(res.searchColumns.map((c) => containsFolded(eb, ctx.database.engine, c, q))));
  }
  if (query.parentId !== undefined) base = base.where('parent_id', '=', query.parentId);
  if (query.root === 'true') base = base.where('parent_id', 'is', null);
  if (query.orgUnitId !== undefined) {
    const unitPath = await db.selectFrom('org_units').select('path').where('id', '=', query.orgUnitId).executeTakeFirst();
    base = unitPath
      ? base.where('org_unit_id', 'in', db.selectFrom('org_units').select('id').where('path', 'like', `${String(unitPath.path)}%`))
      : base.where(sql<SqlBool>`1 = 0`);
  }
  if (query.active !== undefined) base = base.where('active', '=', query.active === 'true' ? 1 : 0);
  if (query.ids) base = base.where('id', 'in', query.ids.length ? query.ids : ['']);
  if (query.namesakesOf) {
    // The names are read within the caller's scope too: a record outside it answers nothing, as an unknown id.
    let named = db.selectFrom(res.table).select('name').where('id', 'in', query.namesakesOf.length ? query.namesakesOf : ['']);
    if (res.scopeColumn && ctx.access.scope.kind !== 'all') named = named.where((eb) => unitInScope(eb, `${res.table}.${res.scopeColumn}`, ctx.access.scope));
    base = base.where('name', 'in', named);
  }
  // By code point on both engines, whatever PostgreSQL's database collation.
  const name = byCodePoint(ctx.database.engine, 'name');
  let page = base.selectAll().orderBy(name).orderBy('id').limit(query.limit + 1);
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    page = page.where((eb) => eb.or([eb(name, '>', String(c.v)), eb.and([eb(name, '=', String(c.v)), eb('id', '>', c.id)])]));
  }
  const rows = await page.execute();
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const total = query.includeTotal === 'true' ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0) : undefined;
  return {
    items: items.map((r) => res.present(r) as Out),
    nextCursor: more && last ? encodeCursor({ v: String(last['name']), id: String(last['id']) }) : null,
    ...(total !== undefined ? { total } : {}),
  };
}
