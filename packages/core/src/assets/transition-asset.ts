import { revealAsset } from './sensitive.js';
import type { Asset } from '@custodia/contracts';
import { transitionsFrom } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { loadModel } from '../lifecycle/model-store.js';
import { applyTransition } from './apply-transition.js';
import { loadAssetRow } from './load-asset.js';

export async function transitionAsset(
  ctx: Context, id: string, expectedVersion: number, transition: string, evidence: Record<string, unknown>, reason?: string, policiesAcknowledged?: boolean,
): Promise<Asset> {
  return runChange(ctx, reason, async (tx, now) => {
    const { asset, events } = await applyTransition(ctx, tx, id, expectedVersion, transition, evidence, now, undefined, policiesAcknowledged);
    return { result: revealAsset(ctx, asset), events };
  });
}

/** The transitions that start from the asset's stage, with the fields each needs and what blocks it now. */
export async function listAllowedTransitions(ctx: Context, id: string) {
  const row = await loadAssetRow(ctx.database.db, id, ctx.access.scope);
  const model = await loadModel(ctx.database.db, row.lifecycle_model_id);
  return transitionsFrom(model.definition, { stage: row.stage, assignedPersonId: row.assigned_person_id, locationId: row.location_id }).map(({ transition, blockedBy }) => ({
    key: transition.key,
    name: transition.name,
    to: transition.to,
    fields: transition.fields as unknown as Record<string, unknown>[],
    effects: [...transition.effects],
    blockedBy: blockedBy.map((b) => ({ code: b.code, message: b.message })),
  }));
}
