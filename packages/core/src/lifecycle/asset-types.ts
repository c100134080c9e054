import type { Kysely } from 'kysely';
import { isPostgres } from '../shared/locks.js';
import { AppError } from '@custodia/contracts';
import { type AssetCategory, type FieldDefinition, diffRecords, validateAttributeSchema } from '@custodia/domain';
import { type Row, type Tables, newId, readJson, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { violationsError } from '../shared/verdict-error.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { syncUniqueClaims } from './unique-claims.js';

export interface AssetTypeOut {
  id: string; key: string; name: string; category: AssetCategory; attributeSchema: FieldDefinition[]; lifecycleModelId: string; tagPattern: string;
  usagePolicy: string | null; version: number; createdAt: string; updatedAt: string;
}

export const presentAssetType = (r: Row<'asset_types'>): AssetTypeOut => ({
  id: r.id, key: r.key, name: r.name, category: r.category as AssetCategory, attributeSchema: readJson(r.attribute_schema, []), lifecycleModelId: r.lifecycle_model_id,
  tagPattern: r.tag_pattern, usagePolicy: r.usage_policy ?? null, version: Number(r.version), createdAt: r.created_at, updatedAt: r.updated_at,
});

/**
 * Reads a type. Inside a transaction on PostgreSQL, `lock` holds the row until commit: `key share` for a write that
 * relies on the type's attribute schema (an asset created or edited: its unique attributes are checked against it),
 * `update` for a change of the schema, which waits for those writes and is waited for by them. Key share leaves the
 * tag counter's own update free, so two registrations of one type never wait on each other for it.
 */
export async function loadAssetType(db: Kysely<Tables>, id: string, lock?: 'key share' | 'update'): Promise<AssetTypeOut> {
  let query = db.selectFrom('asset_types').selectAll().where('id', '=', id);
  if (lock && isPostgres(db)) query = lock === 'update' ? query.forUpdate() : query.forKeyShare();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No asset type with id ${id}`);
  return presentAssetType(row);
}

function checkSchema(schema: FieldDefinition[] | undefined) {
  if (!schema) return;
  const v = validateAttributeSchema(schema);
  if (!v.ok) throw violationsError(v.violations);
}

async function checkModel(db: Kysely<Tables>, id: string | undefined) {
  if (!id) return;
  const m = await db.selectFrom('lifecycle_models').select('id').where('id', '=', id).executeTakeFirst();
  if (!m) throw new AppError('REFERENCE_NOT_FOUND', `No lifecycle model with id ${id}`, { errors: [{ field: 'lifecycleModelId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown lifecycle model' }] });
}

export interface AssetTypeInput {
  key: string; name: string; category: AssetCategory; attributeSchema: FieldDefinition[]; lifecycleModelId: string; tagPattern: string;
  /** What people are told when an asset of this type is handed over (null: nothing). */
  usagePolicy?: string | null | undefined;
}

export async function createAssetType(ctx: Context, input: AssetTypeInput, reason?: string): Promise<AssetTypeOut> {
  checkSchema(input.attributeSchema);
  return runChange(ctx, reason, async (tx, now) => {
    await checkModel(tx, input.lifecycleModelId);
    const id = newId();
    await tx.insertInto('asset_types').values({
      id, key: input.key, name: input.name, category: input.category, attribute_schema: writeJson(input.attributeSchema), lifecycle_model_id: input.lifecycleModelId,
      tag_pattern: input.tagPattern, tag_seq: 0, usage_policy: input.usagePolicy ?? null, version: 1, created_at: now, updated_at: now,
    }).execute();
    const out = await loadAssetType(tx, id);
    return { result: out, events: [{ entityType: 'asset_type', entityId: id, action: 'create', changes: diffRecords(null, { ...out }) }] };
  });
}

/**
 * Changes a type. A new lifecycle model version applies to assets created afterwards; existing assets migrate
 * explicitly. An attribute made unique must already be unique among the type's assets (syncUniqueClaims).
 */
export async function updateAssetType(ctx: Context, id: string, expectedVersion: number, patch: Partial<Omit<AssetTypeInput, 'key'>>, reason?: string): Promise<AssetTypeOut> {
  checkSchema(patch.attributeSchema);
  return runChange(ctx, reason, async (tx, now) => {
    // Locked first: an asset being created or edited against the old schema commits before the unique check below.
    const before = await loadAssetType(tx, id, 'update');
    assertVersion('asset type', before.version, expectedVersion);
    await checkModel(tx, patch.lifecycleModelId);
    const set: Record<string, unknown> = { version: expectedVersion + 1, updated_at: now };
    if (patch.name !== undefined) set['name'] = patch.name;
    if (patch.category !== undefined) set['category'] = patch.category;
    if (patch.attributeSchema !== undefined) set['attribute_schema'] = writeJson(patch.attributeSchema);
    if (patch.lifecycleModelId !== undefined) set['lifecycle_model_id'] = patch.lifecycleModelId;
    if (patch.tagPattern !== undefined) set['tag_pattern'] = patch.tagPattern;
    if (patch.usagePolicy !== undefined) set['usage_policy'] = patch.usagePolicy;
    const r = await tx.updateTable('asset_types').set(set).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) await versionConflict(tx, 'asset_types', 'asset type', id, expectedVersion);
    const after = await loadAssetType(tx, id);
    if (patch.attributeSchema !== undefined) await syncUniqueClaims(tx, ctx.database.cipher, id, before.attributeSchema, after.attributeSchema);
    return { result: after, events: [{ entityType: 'asset_type', entityId: id, action: 'update', changes: diffRecords({ ...before }, { ...after }) }] };
  });
}

export async function listAssetTypes(ctx: Context, query: { limit: number; cursor?: string | undefined }) {
  let q = ctx.database.db.selectFrom('asset_types').selectAll().orderBy('key').limit(query.limit + 1);
  if (query.cursor) q = q.where('key', '>', String(decodeCursor(query.cursor).v));
  const rows = await q.execute();
  const items = rows.slice(0, query.limit).map(presentAssetType);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.key, id: last.id }) : null };
}

/** Deletes an asset type created in error; refused while assets, catalogue models or audit plans use it. */
export async function deleteAssetType(ctx: Context, id: string, expectedVersion: number, reason: string): Promise<void> {
  await runChange(ctx, reason, async (tx) => {
    const before = await loadAssetType(tx, id);
    assertVersion('asset type', before.version, expectedVersion);
    const used = await tx.selectFrom('assets').select('id').where('asset_type_id', '=', id).limit(1).executeTakeFirst()
      ?? await tx.selectFrom('catalogue_models').select('id').where('asset_type_id', '=', id).limit(1).executeTakeFirst()
      ?? await tx.selectFrom('audit_plans').select('id').where('scope_asset_type_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw new AppError('IN_USE', 'Assets, catalogue models or audit plans still use this asset type');
    // A change committed since it was read (PostgreSQL, read committed) leaves nothing to delete: 412, no history.
    const r = await tx.deleteFrom('asset_types').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) await versionConflict(tx, 'asset_types', 'asset type', id, expectedVersion);
    return { result: undefined, events: [{ entityType: 'asset_type', entityId: id, action: 'delete', changes: diffRecords({ ...before }, null) }] };
  });
}
