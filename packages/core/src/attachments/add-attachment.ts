import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError, type AttachmentType } from '@custodia/contracts';
import { newId } from '@custodia/data';
import { type AttachmentOwnerRef, sanitizeFileName } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { OWNER_COLUMN, loadAttachmentOwner } from './attachment-owners.js';
import { CHUNK_BYTES, attachmentEvidence, presentAttachment } from './attachment-records.js';
import { retentionOfRow } from './attachment-retention.js';
import { inspectFile } from './inspect-file.js';
import { attachmentCategoryOf } from './attachment-category.js';

/** Largest attachment accepted, unless configured otherwise (CUSTODIA_ATTACHMENT_MAX_BYTES). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;

export interface AttachmentFile {
  /** A file on local disk (an upload already received, or the CLI's argument). */
  path: string;
  fileName: string;
  description?: string | null | undefined;
  /** A key of the domain's `ATTACHMENT_CATEGORIES`; `other` when not given, 422 when unknown. */
  category?: string | null | undefined;
}

/**
 * Whether the record exists inside the caller's scope (404 otherwise): checked before an upload's body is received, so
 * a file meant for a record the caller cannot reach is never written to disk. `addAttachment` checks again, in its
 * transaction.
 */
export async function assertAttachmentOwner(ctx: Context, owner: AttachmentOwnerRef): Promise<void> {
  await loadAttachmentOwner(ctx.database.db, ctx, owner);
}

/**
 * Keeps a file with a record (an asset, a person, a supplier, an audit run). Its kind is judged from its content first
 * (nothing is written for a refused file); then the row, the content (in chunks, hashed on the way) and the owner's
 * history event commit in one transaction, so a crash at any point leaves either all of them or none.
 */
export async function addAttachment(ctx: Context, target: AttachmentOwnerRef, file: AttachmentFile, options: { maxBytes?: number } = {}): Promise<AttachmentType> {
  const maxBytes = options.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const { size } = await stat(file.path);
  if (size > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Attachments are limited to ${maxBytes} bytes; this file has ${size}`);
  const category = attachmentCategoryOf(file.category);
  const fileName = sanitizeFileName(file.fileName);
  const inspected = await inspectFile(file.path, fileName);
  return runChange(ctx, null, async (tx, nowIso) => {
    const owner = await loadAttachmentOwner(tx, ctx, target);
    const id = newId();
    const row = {
      id, asset_id: null as string | null, person_id: null as string | null, supplier_id: null as string | null, audit_run_id: null as string | null,
      [OWNER_COLUMN[owner.kind]]: owner.id, owner_kind: owner.kind, owner_label: owner.label, asset_tag: owner.kind === 'asset' ? owner.label : '', file_name: fileName, kind: inspected.kind.key,
      media_type: inspected.kind.mediaType, size_bytes: 0, sha256: '', width: inspected.width, height: inspected.height,
      category, description: file.description?.trim() || null, version: 1, uploaded_by: ctx.actor, uploaded_at: nowIso,
      deleted_at: null, deleted_by: null, delete_reason: null, purged_at: null,
    };
    await tx.insertInto('attachments').values(row).execute();
    const hash = createHash('sha256');
    let seq = 0;
    for await (const chunk of createReadStream(file.path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      row.size_bytes += chunk.length;
      await tx.insertInto('attachment_chunks').values({ attachment_id: id, seq: seq++, data: chunk }).execute();
    }
    if (row.size_bytes === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty');
    row.sha256 = hash.digest('hex');
    await tx.updateTable('attachments').set({ size_bytes: row.size_bytes, sha256: row.sha256 }).where('id', '=', id).execute();
    return {
      // A file added to an asset on legal hold is kept with it from the start.
      result: presentAttachment(row, await retentionOfRow(tx, row, ctx.timeZone)),
      events: [{ entityType: owner.kind, entityId: owner.id, action: 'attach', changes: { attachment: { before: null, after: attachmentEvidence(row) } } }],
    };
  });
}
