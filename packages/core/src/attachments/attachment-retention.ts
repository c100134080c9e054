import { AppError } from '@custodia/contracts';
import type { Kysely } from 'kysely';
import { type AttachmentRetention, type RecordedTransition, attachmentRetention, dateOf } from '@custodia/domain';
import { type Row, type Tables, readJson } from '@custodia/data';
import { loadModel } from '../lifecycle/model-store.js';
import { isPostgres } from '../shared/locks.js';

/** Why each attachment of one record is kept, by attachment id; `null` when it may be deleted and purged. */
export type RetentionOf = (attachmentId: string) => AttachmentRetention | null;

const KEEP_NONE: RetentionOf = () => null;

/**
 * The domain's retention rule (`attachmentRetention`) for the attachments kept with an asset: reads the asset's stage
 * and its recorded transitions once (two queries, however many files are judged). Files of other records, and of an
 * asset whose record was deleted, are never held by it. With `lock` (inside a change, on PostgreSQL) the asset row is
 * held FOR SHARE first: a transition or a hold committing meanwhile is then seen, and one starting waits for this change.
 * A reason names the day a transition was recorded in the organisation's `timeZone`.
 */
export async function assetRetention(db: Kysely<Tables>, assetId: string | null, timeZone: string, options: { lock?: boolean } = {}): Promise<RetentionOf> {
  if (!assetId) return KEEP_NONE;
  let query = db.selectFrom('assets').select(['stage', 'lifecycle_model_id']).where('id', '=', assetId);
  if (options.lock && isPostgres(db)) query = query.forShare();
  const asset = await query.executeTakeFirst();
  if (!asset) return KEEP_NONE;
  const rows = await db.selectFrom('lifecycle_transitions').select(['lifecycle_model_id', 'transition_key', 'performed_at', 'evidence'])
    .where('asset_id', '=', assetId).orderBy('performed_at').orderBy('id').execute();
  const model = await loadModel(db, asset.lifecycle_model_id);
  const transitions: RecordedTransition[] = [];
  for (const r of rows) {
    const definition = (r.lifecycle_model_id === model.id ? model : await loadModel(db, r.lifecycle_model_id)).definition;
    const name = definition.transitions.find((t) => t.key === r.transition_key)?.name ?? r.transition_key;
    transitions.push({ name, performedOn: dateOf(new Date(r.performed_at), timeZone), evidence: readJson(r.evidence, {}) });
  }
  const stage = model.definition.stages.find((s) => s.key === asset.stage);
  const subject = { stageKind: stage?.kind, stageName: stage?.name ?? asset.stage, transitions };
  return (attachmentId) => attachmentRetention(attachmentId, subject);
}

/** The retention of an attachment row, whatever it is kept with. */
export async function retentionOfRow(db: Kysely<Tables>, row: Pick<Row<'attachments'>, 'id' | 'owner_kind' | 'asset_id'>, timeZone: string, options: { lock?: boolean } = {}): Promise<AttachmentRetention | null> {
  return row.owner_kind === 'asset' ? (await assetRetention(db, row.asset_id, timeZone, options))(row.id) : null;
}

/** Refuses (409, with the rule's code and reason) the deletion of an attachment that must be kept. */
export function assertNotRetained(fileName: string, retention: AttachmentRetention | null): void {
  if (retention) throw new AppError(retention.code, `${fileName} cannot be deleted. ${retention.reason}.`);
}
