import { ATTACHMENT_CATEGORIES, ATTACHMENT_EXTENSIONS, type AttachmentCategory, type AttachmentOwnerKind, type AttachmentOwnerRef, attachmentsPath } from '@custodia/domain';
import { query } from './api';
import { type UploadProgress, uploadWithProgress } from './upload';

/** GET /api/v1/{owner}/{id}/attachments (packages/contracts/src/schemas/attachments.ts). */
export interface Attachment {
  id: string; ownerKind: AttachmentOwnerKind; ownerId: string | null; ownerLabel: string; assetId: string | null; fileName: string; kind: string; mediaType: string;
  sizeBytes: number; sha256: string; width: number | null; height: number | null; description: string | null; uploadedBy: string; uploadedAt: string;
  /** What the file is for (`ATTACHMENT_CATEGORIES`); `version` is its ETag for a change of category or description. */
  category: string; version: number;
  deletedAt: string | null; deletedBy: string | null; deleteReason: string | null; purgedAt: string | null; contentUrl: string | null;
  /** Why the file is kept (a recorded transition's evidence, an asset on legal hold): it cannot be deleted. */
  retention: { code: 'ATTACHMENT_IS_EVIDENCE' | 'ATTACHMENT_ON_LEGAL_HOLD'; reason: string } | null;
}

/** The record files are kept with: an asset, a person, a supplier or an audit run. */
export type AttachmentOwner = AttachmentOwnerRef;
export { attachmentPath, attachmentsPath } from '@custodia/domain';

/** The file chooser's `accept` list: the extensions the server accepts. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');

/** The category choices of a select, in the domain's order (Other last). */
export const ATTACHMENT_CATEGORY_OPTIONS = ATTACHMENT_CATEGORIES.map((c) => ({ value: c.key, label: c.label }));
export { attachmentCategoryLabel, DEFAULT_ATTACHMENT_CATEGORY } from '@custodia/domain';

/** Attaches `file` to the record as a document of `category` (the server judges its kind from its content). */
export function uploadAttachment(owner: AttachmentOwner, file: File, description: string | null, category: AttachmentCategory, onProgress: (p: UploadProgress) => void = () => undefined): Promise<Attachment> {
  const url = `${attachmentsPath(owner)}${query({ fileName: file.name, description, category })}`;
  return uploadWithProgress<Attachment>(url, file, 'application/octet-stream', onProgress);
}
