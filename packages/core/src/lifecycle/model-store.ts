import type { Kysely } from 'kysely';
import { AppError } from '@custodia/contracts';
import type { LifecycleModelDefinition } from '@custodia/domain';
import { readJson, type Row, type Tables } from '@custodia/data';

export interface StoredModel { id: string; key: string; version: number; name: string; definition: LifecycleModelDefinition; createdAt: string }

// Model versions are immutable once stored, so a cache by id can never go stale.
const cache = new Map<string, StoredModel>();

export function presentModel(r: Row<'lifecycle_models'>): StoredModel {
  return { id: r.id, key: r.key, version: Number(r.version), name: r.name, definition: readJson(r.definition, {} as LifecycleModelDefinition), createdAt: r.created_at };
}

export async function loadModel(db: Kysely<Tables>, id: string): Promise<StoredModel> {
  const hit = cache.get(id);
  if (hit) return hit;
  const row = await db.selectFrom('lifecycle_models').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No lifecycle model with id ${id}`);
  const model = presentModel(row);
  cache.set(id, model);
  return model;
}
