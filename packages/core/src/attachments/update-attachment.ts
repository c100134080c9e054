import { AppError, type AttachmentType, type AttachmentUpdateType } from '@custodia/contracts';
import type { AttachmentOwnerRef } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { assertVersion, runChange } from '../shared/change.js';
import { attachmentEvidence, loadAttachmentRow, presentAttachment } from './attachment-records.js';
import { ownerOfRow } from './attachment-owners.js';
import { retentionOfRow } from './attachment-retention.js';
import { attachmentCategoryOf } from './attachment-category.js';

/**
 * Changes what an attachment is said to be — its category, its description — never the file (If-Match, `expectedVersion`).
 * The owner's history records the file's evidence before and after, in the same transaction. A deleted file is
 * refused (409 `ATTACHMENT_DELETED`): its row is the record of what was removed and stays as it was. A request that
 * changes nothing answers the attachment as it is, with no event.
 */
export async function updateAttachment(ctx: Context, id: string, expectedVersion: number, patch: AttachmentUpdateType, owner?: AttachmentOwnerRef): Promise<AttachmentType> {
  const category = patch.category === undefined ? undefined : attachmentCategoryOf(patch.category);
  return runChange(ctx, null, async (tx) => {
    const row = await loadAttachmentRow(tx, ctx, id, owner);
    const deleted = (at: string, by: string | null) => new AppError('ATTACHMENT_DELETED', `${row.file_name} was deleted on ${localDateOf(ctx, at)} by ${by ?? 'someone'}; a deleted file cannot be changed`);
    if (row.deleted_at) throw deleted(row.deleted_at, row.deleted_by);
    assertVersion('attachment', Number(row.version), expectedVersion);
    const next = {
      category: category ?? row.category,
      description: patch.description === undefined ? row.description : (patch.description?.trim() || null),
    };
    const retention = await retentionOfRow(tx, row, ctx.timeZone);
    if (next.category === row.category && next.description === row.description) return { result: presentAttachment(row, retention), events: [] };
    const version = expectedVersion + 1;
    const updated = await tx.updateTable('attachments').set({ ...next, version })
      .where('id', '=', id).where('version', '=', expectedVersion).where('deleted_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      // Another change committed since the row was read (PostgreSQL): deleted, or edited.
      const now = await tx.selectFrom('attachments').select(['version', 'deleted_at', 'deleted_by']).where('id', '=', id).executeTakeFirstOrThrow();
      if (now.deleted_at) throw deleted(now.deleted_at, now.deleted_by);
      assertVersion('attachment', Number(now.version), expectedVersion);
      throw new AppError('VERSION_MISMATCH', 'The attachment was changed by someone else');
    }
    const after = { ...row, ...next, version };
    const of = ownerOfRow(row);
    return {
      result: presentAttachment(after, retention),
      // Recorded with the owner; a file whose owner record is gone (not reachable live today) with itself, never unrecorded.
      events: [{ entityType: of.id ? of.kind : 'attachment', entityId: of.id ?? row.id, action: 'update_attachment', changes: { attachment: { before: attachmentEvidence(row), after: attachmentEvidence(after) } } }],
    };
  });
}
