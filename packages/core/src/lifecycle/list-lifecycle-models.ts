import type { Context } from '../shared/context.js';
import { type StoredModel, loadModel, presentModel } from './model-store.js';

/** Every model version, newest version of each key first. */
export async function listLifecycleModels(ctx: Context, key?: string): Promise<StoredModel[]> {
  let q = ctx.database.db.selectFrom('lifecycle_models').selectAll().orderBy('key').orderBy('version', 'desc');
  if (key) q = q.where('key', '=', key);
  return (await q.execute()).map(presentModel);
}

export async function getLifecycleModel(ctx: Context, id: string): Promise<StoredModel> {
  return loadModel(ctx.database.db, id);
}
