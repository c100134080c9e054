import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';

/** Days a deleted attachment's content is kept before it is removed, unless configured otherwise. */
export const DEFAULT_ATTACHMENT_RETENTION_DAYS = 90;

/**
 * Removes the content of attachments deleted more than `retentionDays` ago (AT-06). Their rows stay, marked purged;
 * each removal is a history event of the attachment, in the same transaction.
 */
export async function purgeDeletedAttachments(ctx: Context, retentionDays = DEFAULT_ATTACHMENT_RETENTION_DAYS): Promise<{ purged: number }> {
  const cutoff = new Date(ctx.now().getTime() - retentionDays * 86_400_000).toISOString();
  const due = await ctx.database.db.selectFrom('attachments').select(['id', 'sha256', 'deleted_at'])
    .where('deleted_at', 'is not', null).where('purged_at', 'is', null).where('deleted_at', '<', cutoff).orderBy('deleted_at').execute();
  for (const row of due) {
    await runChange(ctx, `Deleted ${String(row.deleted_at).slice(0, 10)}; retention of ${retentionDays} days over`, async (tx, nowIso) => {
      await tx.deleteFrom('attachment_chunks').where('attachment_id', '=', row.id).execute();
      await tx.updateTable('attachments').set({ purged_at: nowIso }).where('id', '=', row.id).execute();
      return { result: undefined, events: [{ entityType: 'attachment', entityId: row.id, action: 'delete', changes: { content: { before: { sha256: row.sha256 }, after: null } } }] };
    });
  }
  return { purged: due.length };
}
