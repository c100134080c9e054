import { AppError, type AttachmentType } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { runChange } from '../shared/change.js';
import type { AttachmentOwnerRef } from '@custodia/domain';
import { attachmentEvidence, loadAttachmentRow, presentAttachment } from './attachment-records.js';
import { ownerOfRow } from './attachment-owners.js';
import { assertNotRetained, retentionOfRow } from './attachment-retention.js';

/**
 * Deletes an attachment: it leaves its owner's list at once, but its row stays (name, SHA-256, uploader, who deleted
 * it and why) and its content is removed only after the retention window (`purgeDeletedAttachments`). The owner's
 * history records the deletion with the file's evidence. A file that must be kept — a recorded transition's evidence,
 * or a file of an asset on legal hold (`attachment-retention.ts`) — is refused (409) with nothing written.
 */
export async function deleteAttachment(ctx: Context, id: string, reason: string, owner?: AttachmentOwnerRef): Promise<AttachmentType> {
  return runChange(ctx, reason, async (tx, nowIso) => {
    const row = await loadAttachmentRow(tx, ctx, id, owner);
    const of = ownerOfRow(row);
    if (row.deleted_at) throw new AppError('CONFLICT', `${row.file_name} was already deleted on ${localDateOf(ctx, row.deleted_at)} by ${row.deleted_by}`);
    assertNotRetained(row.file_name, await retentionOfRow(tx, row, ctx.timeZone, { lock: true }));
    // A new version too: an edit sent with the ETag read before the deletion is stale.
    const updated = await tx.updateTable('attachments').set((eb) => ({ deleted_at: nowIso, deleted_by: ctx.actor, delete_reason: reason, version: eb('version', '+', 1) }))
      .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', `${row.file_name} was deleted meanwhile`);
    const version = (await tx.selectFrom('attachments').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const deleted = { ...row, deleted_at: nowIso, deleted_by: ctx.actor, delete_reason: reason, version };
    return {
      result: presentAttachment(deleted),
      // Recorded with the owner; a file whose owner record is gone (not reachable live today) with itself, never unrecorded.
      events: [{ entityType: of.id ? of.kind : 'attachment', entityId: of.id ?? row.id, action: 'detach', changes: { attachment: { before: attachmentEvidence(row), after: null } } }],
    };
  });
}
