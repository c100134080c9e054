import { AppError } from '@custodia/contracts';
import { REGISTER_CORRECTION_ACTIONS, REGISTER_CORRECTION_SOURCES, notCorrectedMessage } from '@custodia/domain';
import type { Tx } from '../shared/change.js';

/**
 * Refuses `corrected` (409 NOTHING_CORRECTED) unless a person changed the asset's record after the discrepancy was
 * raised (`domain/discovery/register-corrections.ts`), as its history shows. "Raised" is the discrepancy's own
 * `create` event: its detection time moves each time discovery sees it again, which corrects nothing. The asset's
 * events must follow it in the history (`seq`) and belong to a later change: a change that raised the finding may
 * also have touched the asset (an audit's close records what it saw), and its events share its time. Both reads are
 * on the `events_entity` index.
 */
export async function assertCorrectedSince(tx: Tx, discrepancy: { id: string; created_at: string }, asset: { id: string; tag: string }): Promise<void> {
  const raised = await tx.selectFrom('events').select(['seq', 'occurred_at'])
    .where('entity_type', '=', 'discrepancy').where('entity_id', '=', discrepancy.id).where('action', '=', 'create')
    .orderBy('seq').limit(1).executeTakeFirst();
  let corrections = tx.selectFrom('events').select('seq')
    .where('entity_type', '=', 'asset').where('entity_id', '=', asset.id)
    .where('action', 'in', REGISTER_CORRECTION_ACTIONS).where('source', 'in', REGISTER_CORRECTION_SOURCES);
  // Without its creation in the history (not written by Custodia), the row's own creation time stands for it.
  corrections = raised
    ? corrections.where('seq', '>', raised.seq).where('occurred_at', '<>', raised.occurred_at)
    : corrections.where('occurred_at', '>', discrepancy.created_at);
  if (!await corrections.limit(1).executeTakeFirst()) {
    throw new AppError('NOTHING_CORRECTED', notCorrectedMessage(asset.tag), { extra: { assetId: asset.id, tag: asset.tag } });
  }
}
