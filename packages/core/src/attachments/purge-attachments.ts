import type { AttachmentRetention } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { runChange } from '../shared/change.js';
import { retentionOfRow } from './attachment-retention.js';

/** Days a deleted attachment's content is kept before it is removed, unless configured otherwise. */
export const DEFAULT_ATTACHMENT_RETENTION_DAYS = 90;

/** A deleted attachment past the window whose content stays, and why. */
export interface KeptAttachment extends AttachmentRetention { id: string; fileName: string }

/**
 * Removes the content of attachments deleted more than `retentionDays` ago (AT-06). Their rows stay, marked purged;
 * each removal is a history event of the attachment, in the same transaction. Content that must be kept whatever the
 * window — a recorded transition's evidence, a file of an asset on legal hold (`attachment-retention.ts`) — is left
 * alone, judged inside the transaction that would remove it, and reported in `kept`.
 */
export async function purgeDeletedAttachments(ctx: Context, retentionDays = DEFAULT_ATTACHMENT_RETENTION_DAYS): Promise<{ purged: number; kept: KeptAttachment[] }> {
  const cutoff = new Date(ctx.now().getTime() - retentionDays * 86_400_000).toISOString();
  const due = await ctx.database.db.selectFrom('attachments').select(['id', 'file_name', 'owner_kind', 'asset_id', 'sha256', 'deleted_at'])
    .where('deleted_at', 'is not', null).where('purged_at', 'is', null).where('deleted_at', '<', cutoff).orderBy('deleted_at').execute();
  let purged = 0;
  const kept: KeptAttachment[] = [];
  for (const row of due) {
    const retention = await runChange(ctx, `Deleted ${localDateOf(ctx, String(row.deleted_at))}; retention of ${retentionDays} days over`, async (tx, nowIso) => {
      const keep = await retentionOfRow(tx, row, ctx.timeZone, { lock: true });
      if (keep) return { result: keep, events: [] };
      await tx.deleteFrom('attachment_chunks').where('attachment_id', '=', row.id).execute();
      await tx.updateTable('attachments').set({ purged_at: nowIso }).where('id', '=', row.id).execute();
      return { result: null, events: [{ entityType: 'attachment', entityId: row.id, action: 'delete', changes: { content: { before: { sha256: row.sha256 }, after: null } } }] };
    });
    if (retention) kept.push({ id: row.id, fileName: row.file_name, ...retention });
    else purged++;
  }
  return { purged, kept };
}
