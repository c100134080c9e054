import { AppError, type AttachmentType } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import type { AttachmentOwnerRef } from '@custodia/domain';
import { loadAttachmentRow, presentAttachment } from './attachment-records.js';
import { retentionOfRow } from './attachment-retention.js';

/** Chunks fetched per query while streaming a download (2 MiB). */
const CHUNKS_PER_READ = 8;

export async function getAttachment(ctx: Context, id: string, owner?: AttachmentOwnerRef): Promise<AttachmentType> {
  const row = await loadAttachmentRow(ctx.database.db, ctx, id, owner);
  return presentAttachment(row, await retentionOfRow(ctx.database.db, row, ctx.timeZone));
}

/**
 * An attachment and its content as a stream of chunks, read a few at a time so a large file never sits in memory.
 * A deleted attachment's content stays readable until it is purged (410 afterwards). The attachment is given for the
 * download's headers, without its retention.
 */
export async function readAttachmentContent(ctx: Context, id: string, owner?: AttachmentOwnerRef): Promise<{ attachment: AttachmentType; content: AsyncIterable<Buffer> }> {
  const db = ctx.database.db;
  const row = await loadAttachmentRow(db, ctx, id, owner);
  if (row.purged_at) throw new AppError('ATTACHMENT_PURGED', `The content of ${row.file_name} was removed on ${localDateOf(ctx, row.purged_at)}; its name and SHA-256 remain in history`);
  async function* content() {
    for (let seq = 0; ; seq += CHUNKS_PER_READ) {
      const chunks = await db.selectFrom('attachment_chunks').select('data').where('attachment_id', '=', id)
        .where('seq', '>=', seq).where('seq', '<', seq + CHUNKS_PER_READ).orderBy('seq').execute();
      for (const c of chunks) yield Buffer.from(c.data);
      if (chunks.length < CHUNKS_PER_READ) return;
    }
  }
  return { attachment: presentAttachment(row), content: content() };
}
