import { AppError, type AttachmentType } from '@custodia/contracts';
import type { Kysely } from 'kysely';
import { type AttachmentOwnerRef, type AttachmentRetention, attachmentContentPath } from '@custodia/domain';
import type { Row, Tables } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { unitInScope } from '../shared/scope-sql.js';
import { OWNER_COLUMN, loadAttachmentOwner, ownerOfRow } from './attachment-owners.js';

/** Size of the pieces an attachment's content is stored in: a download streams them one batch at a time. */
export const CHUNK_BYTES = 256 * 1024;

/** An attachment as answered; `retention` says why it is kept (`attachment-retention.ts`), null when nothing keeps it. */
export function presentAttachment(row: Row<'attachments'>, retention: AttachmentRetention | null = null): AttachmentType {
  const owner = ownerOfRow(row);
  const reachable = owner.id !== null || owner.kind === 'asset';
  return {
    id: row.id, ownerKind: owner.kind, ownerId: owner.id, ownerLabel: row.owner_label ?? row.asset_tag,
    assetId: row.asset_id, assetTag: owner.kind === 'asset' ? row.asset_tag : null, fileName: row.file_name, kind: row.kind, mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes), sha256: row.sha256, width: row.width === null ? null : Number(row.width), height: row.height === null ? null : Number(row.height),
    category: row.category, description: row.description, version: Number(row.version), uploadedBy: row.uploaded_by, uploadedAt: row.uploaded_at,
    deletedAt: row.deleted_at, deletedBy: row.deleted_by, deleteReason: row.delete_reason, purgedAt: row.purged_at,
    contentUrl: row.purged_at || !reachable ? null : attachmentContentPath({ kind: owner.kind, id: owner.id ?? '' }, row.id),
    retention,
  };
}

/** What history keeps of an attachment, whatever happens to its content later (AT-06): the file, and what it is said to be. */
export function attachmentEvidence(row: Pick<Row<'attachments'>, 'id' | 'file_name' | 'kind' | 'media_type' | 'size_bytes' | 'sha256' | 'category' | 'description' | 'uploaded_by' | 'uploaded_at'>) {
  return {
    id: row.id, fileName: row.file_name, kind: row.kind, mediaType: row.media_type, sizeBytes: Number(row.size_bytes), sha256: row.sha256,
    category: row.category, description: row.description, uploadedBy: row.uploaded_by, uploadedAt: row.uploaded_at,
  };
}

/**
 * An attachment, reached through its owner (`owner` given: the owner must be inside the caller's scope and hold the
 * attachment) or by its id alone, which reaches assets' attachments only (their first, shorter routes). An attachment
 * outside the caller's scope answers exactly as a missing one (404); one whose asset record was deleted belongs to no
 * org unit, so only an organisation-wide grant reaches it.
 */
export async function loadAttachmentRow(db: Kysely<Tables>, ctx: Context, id: string, owner?: AttachmentOwnerRef): Promise<Row<'attachments'>> {
  if (owner) {
    await loadAttachmentOwner(db, ctx, owner);
    const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).where(OWNER_COLUMN[owner.kind], '=', owner.id).executeTakeFirst();
    if (row) return row;
    throw new AppError('NOT_FOUND', `No attachment with id ${id}`);
  }
  const scope = ctx.access.scope;
  let query = db.selectFrom('attachments').selectAll('attachments').where('attachments.id', '=', id).where('attachments.owner_kind', '=', 'asset');
  if (scope.kind !== 'all') {
    query = query.innerJoin('assets', 'assets.id', 'attachments.asset_id').where((eb) => unitInScope(eb, 'assets.owner_org_unit_id', scope));
  }
  const row = await query.executeTakeFirst();
  if (row) return row;
  const exists = scope.kind !== 'all' && (await db.selectFrom('attachments').select('id').where('id', '=', id).executeTakeFirst());
  throw new AppError('NOT_FOUND', `No attachment with id ${id}`, exists ? { securityNote: 'attachment of an asset outside the caller\'s scope' } : {});
}
