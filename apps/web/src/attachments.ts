import { ATTACHMENT_EXTENSIONS } from '@custodia/domain';
import { query } from './api';
import { type UploadProgress, uploadWithProgress } from './upload';

/** GET /api/v1/attachments/{id} (packages/contracts/src/schemas/attachments.ts). */
export interface Attachment {
  id: string; assetId: string | null; fileName: string; kind: string; mediaType: string; sizeBytes: number; sha256: string; width: number | null; height: number | null;
  description: string | null; uploadedBy: string; uploadedAt: string; deletedAt: string | null; deletedBy: string | null; deleteReason: string | null; purgedAt: string | null;
  contentUrl: string | null;
}

/** The file chooser's `accept` list: the extensions the server accepts. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');

/** Attaches `file` to the asset (the server judges its kind from its content). */
export function uploadAttachment(assetId: string, file: File, description: string | null, onProgress: (p: UploadProgress) => void = () => undefined): Promise<Attachment> {
  const url = `/api/v1/assets/${assetId}/attachments${query({ fileName: file.name, description })}`;
  return uploadWithProgress<Attachment>(url, file, 'application/octet-stream', onProgress);
}
