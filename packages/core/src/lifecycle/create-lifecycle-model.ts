import type { z } from 'zod';
import type { LifecycleModelDefinition as Schema } from '@custodia/contracts';
import { type LifecycleModelDefinition, diffRecords, validateLifecycleModel } from '@custodia/domain';
import { newId, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { violationsError } from '../shared/verdict-error.js';
import { type StoredModel, presentModel } from './model-store.js';

/**
 * Stores a lifecycle model as the next version of its key. Earlier versions stay untouched: assets keep the
 * version they follow until migrated explicitly.
 */
export async function createLifecycleModel(ctx: Context, input: z.output<typeof Schema>, reason?: string): Promise<StoredModel> {
  const definition = input as LifecycleModelDefinition;
  const verdict = validateLifecycleModel(definition);
  if (!verdict.ok) throw violationsError(verdict.violations);
  return runChange(ctx, reason, async (tx, now) => {
    const latest = await tx.selectFrom('lifecycle_models').select((eb) => eb.fn.max('version').as('v')).where('key', '=', definition.key).executeTakeFirst();
    const version = Number(latest?.v ?? 0) + 1;
    const id = newId();
    await tx.insertInto('lifecycle_models').values({ id, key: definition.key, version, name: definition.name, definition: writeJson(definition), created_at: now }).execute();
    const model = presentModel((await tx.selectFrom('lifecycle_models').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    return { result: model, events: [{ entityType: 'lifecycle_model', entityId: id, action: 'create', changes: diffRecords(null, { key: model.key, version, name: model.name }) }] };
  });
}
