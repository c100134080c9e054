import { revealAsset } from './sensitive.js';
import { SCOPE_ALL } from '@custodia/domain';
import { AppError, type Asset } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { loadModel } from '../lifecycle/model-store.js';
import { presentAsset } from './present-asset.js';
import { loadAssetRow } from './load-asset.js';

/**
 * Moves an asset to another version of its lifecycle model (same key). Stages missing from the new version must
 * be mapped explicitly; the asset's past transitions stay recorded against the version they ran under.
 */
export async function migrateAssetModel(ctx: Context, id: string, expectedVersion: number, lifecycleModelId: string, stageMap: Record<string, string>, reason?: string): Promise<Asset> {
  return runChange(ctx, reason, async (tx, now) => {
    const row = await loadAssetRow(tx, id, ctx.access.scope);
    assertVersion('asset', Number(row.version), expectedVersion);
    const from = await loadModel(tx, row.lifecycle_model_id);
    const to = await loadModel(tx, lifecycleModelId).catch(() => {
      throw new AppError('REFERENCE_NOT_FOUND', `No lifecycle model with id ${lifecycleModelId}`);
    });
    if (from.key !== to.key) throw new AppError('VALIDATION_FAILED', `An asset following "${from.key}" can only migrate to another version of it`, { errors: [{ field: 'lifecycleModelId', code: 'MODEL_KEY_MISMATCH', message: `Expected a version of ${from.key}` }] });
    if (from.id === to.id) throw new AppError('VALIDATION_FAILED', `The asset already follows version ${to.version}`, { errors: [{ field: 'lifecycleModelId', code: 'SAME_MODEL_VERSION', message: 'Choose another version' }] });
    // A migration changes the model, not where the asset is in its life: only a stage the new version lacks is mapped,
    // and to a stage of the same kind (an asset in use stays in use, with its assignment) — moves are transitions.
    const kept = to.definition.stages.some((s) => s.key === row.stage);
    const mapped = stageMap[row.stage];
    if (kept && mapped !== undefined && mapped !== row.stage) {
      throw new AppError('VALIDATION_FAILED', `Stage "${row.stage}" exists in version ${to.version}: it stays (change it by a transition)`, { errors: [{ field: 'stageMap', code: 'STAGE_NOT_MAPPABLE', message: row.stage }] });
    }
    const stage = kept ? row.stage : mapped ?? row.stage;
    const target = to.definition.stages.find((s) => s.key === stage);
    if (!target) {
      throw new AppError('VALIDATION_FAILED', `Stage "${row.stage}" does not exist in version ${to.version}; map it with stageMap`, { errors: [{ field: 'stageMap', code: 'STAGE_UNMAPPED', message: row.stage }] });
    }
    const kindOf = from.definition.stages.find((s) => s.key === row.stage)?.kind;
    if (!kept && kindOf !== undefined && target.kind !== kindOf) {
      throw new AppError('VALIDATION_FAILED', `Stage "${row.stage}" is ${kindOf}; "${stage}" is ${target.kind}`, { errors: [{ field: 'stageMap', code: 'STAGE_KIND_MISMATCH', message: `Map it to a stage of kind ${kindOf}` }] });
    }
    const r = await tx.updateTable('assets').set({ lifecycle_model_id: to.id, stage, version: Number(row.version) + 1, updated_at: now }).where('id', '=', id).where('version', '=', Number(row.version)).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) await versionConflict(tx, 'assets', 'asset', id, Number(row.version));
    const asset = presentAsset(await loadAssetRow(tx, id, SCOPE_ALL));
    return {
      result: revealAsset(ctx, asset),
      events: [{ entityType: 'asset', entityId: id, action: 'migrate_model', changes: {
        lifecycleModelId: { before: from.id, after: to.id }, modelVersion: { before: from.version, after: to.version },
        ...(stage !== row.stage ? { stage: { before: row.stage, after: stage } } : {}),
      } }],
    };
  });
}
