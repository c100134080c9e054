import { AppError, type AttachmentType } from '@custodia/contracts';
import type { Kysely } from 'kysely';
import type { Scope } from '@custodia/domain';
import type { Row, Tables } from '@custodia/data';
import { unitInScope } from '../shared/scope-sql.js';

/** Size of the pieces an attachment's content is stored in: a download streams them one batch at a time. */
export const CHUNK_BYTES = 256 * 1024;

export function presentAttachment(row: Row<'attachments'>): AttachmentType {
  return {
    id: row.id, assetId: row.asset_id, assetTag: row.asset_tag, fileName: row.file_name, kind: row.kind, mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes), sha256: row.sha256, width: row.width === null ? null : Number(row.width), height: row.height === null ? null : Number(row.height),
    description: row.description, uploadedBy: row.uploaded_by, uploadedAt: row.uploaded_at,
    deletedAt: row.deleted_at, deletedBy: row.deleted_by, deleteReason: row.delete_reason, purgedAt: row.purged_at,
    contentUrl: row.purged_at ? null : `/api/v1/attachments/${row.id}/content`,
  };
}

/** What history keeps of an attachment, whatever happens to its content later (AT-06). */
export function attachmentEvidence(row: Pick<Row<'attachments'>, 'id' | 'file_name' | 'kind' | 'media_type' | 'size_bytes' | 'sha256' | 'description' | 'uploaded_by' | 'uploaded_at'>) {
  return {
    id: row.id, fileName: row.file_name, kind: row.kind, mediaType: row.media_type, sizeBytes: Number(row.size_bytes), sha256: row.sha256,
    description: row.description, uploadedBy: row.uploaded_by, uploadedAt: row.uploaded_at,
  };
}

/**
 * An attachment whose asset lies inside `scope`; one outside it answers exactly as a missing one (404). An attachment
 * whose asset record was deleted belongs to no org unit: only an organisation-wide grant reaches it.
 */
export async function loadAttachmentRow(db: Kysely<Tables>, id: string, scope: Scope): Promise<Row<'attachments'>> {
  let query = db.selectFrom('attachments').selectAll('attachments').where('attachments.id', '=', id);
  if (scope.kind !== 'all') {
    query = query.innerJoin('assets', 'assets.id', 'attachments.asset_id').where((eb) => unitInScope(eb, 'assets.owner_org_unit_id', scope));
  }
  const row = await query.executeTakeFirst();
  if (row) return row;
  const exists = scope.kind !== 'all' && (await db.selectFrom('attachments').select('id').where('id', '=', id).executeTakeFirst());
  throw new AppError('NOT_FOUND', `No attachment with id ${id}`, exists ? { securityNote: 'attachment of an asset outside the caller\'s scope' } : {});
}
