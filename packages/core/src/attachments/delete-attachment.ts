import { AppError, type AttachmentType } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { attachmentEvidence, loadAttachmentRow, presentAttachment } from './attachment-records.js';

/**
 * Deletes an attachment: it leaves the asset's list at once, but its row stays (name, SHA-256, uploader, who deleted
 * it and why) and its content is removed only after the retention window (`purgeDeletedAttachments`). The asset's
 * history records the deletion with the file's evidence.
 */
export async function deleteAttachment(ctx: Context, id: string, reason: string): Promise<AttachmentType> {
  return runChange(ctx, reason, async (tx, nowIso) => {
    const row = await loadAttachmentRow(tx, id, ctx.access.scope);
    if (row.deleted_at) throw new AppError('CONFLICT', `${row.file_name} was already deleted on ${row.deleted_at.slice(0, 10)} by ${row.deleted_by}`);
    const updated = await tx.updateTable('attachments').set({ deleted_at: nowIso, deleted_by: ctx.actor, delete_reason: reason })
      .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', `${row.file_name} was deleted meanwhile`);
    const deleted = { ...row, deleted_at: nowIso, deleted_by: ctx.actor, delete_reason: reason };
    return {
      result: presentAttachment(deleted),
      events: row.asset_id ? [{ entityType: 'asset', entityId: row.asset_id, action: 'detach', changes: { attachment: { before: attachmentEvidence(row), after: null } } }] : [],
    };
  });
}
