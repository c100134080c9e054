import type { AttachmentType } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import type { AttachmentOwnerRef } from '@custodia/domain';
import { OWNER_COLUMN, loadAttachmentOwner } from './attachment-owners.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { presentAttachment } from './attachment-records.js';
import { assetRetention } from './attachment-retention.js';

/** A record's attachments, newest first (ids are time-ordered); deleted ones only when asked for. Each says why it is kept, if it is. */
export async function listAttachments(ctx: Context, owner: AttachmentOwnerRef, query: { limit: number; cursor?: string | undefined; includeDeleted?: boolean }) {
  const db = ctx.database.db;
  await loadAttachmentOwner(db, ctx, owner);
  let q = db.selectFrom('attachments').selectAll().where(OWNER_COLUMN[owner.kind], '=', owner.id).orderBy('id', 'desc').limit(query.limit + 1);
  if (!query.includeDeleted) q = q.where('deleted_at', 'is', null);
  if (query.cursor) q = q.where('id', '<', decodeCursor(query.cursor).id);
  const rows = await q.execute();
  const retention = owner.kind === 'asset' ? await assetRetention(db, owner.id, ctx.timeZone) : () => null;
  const items: AttachmentType[] = rows.slice(0, query.limit).map((row) => presentAttachment(row, retention(row.id)));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.id, id: last.id }) : null };
}
