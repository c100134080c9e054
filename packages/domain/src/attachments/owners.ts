import type { Permission } from '../access/permissions.js';

/**
 * The records files can be kept with, defined once: where their attachments live in the API, and the permissions that
 * read and change them (those of the record itself). Assets carry invoices, certificates, photos and proofs of
 * destruction; people their signed hand-over forms and agreements; suppliers their contracts and price lists; audit
 * runs their signed count sheets.
 */
export const ATTACHMENT_OWNERS = {
  asset: { path: 'assets', noun: 'asset', read: 'assets.read', write: 'assets.write' },
  person: { path: 'people', noun: 'person', read: 'register.read', write: 'register.write' },
  supplier: { path: 'suppliers', noun: 'supplier', read: 'register.read', write: 'register.write' },
  audit_run: { path: 'audit-runs', noun: 'audit run', read: 'audits.read', write: 'audits.record' },
} as const satisfies Record<string, { path: string; noun: string; read: Permission; write: Permission }>;

export type AttachmentOwnerKind = keyof typeof ATTACHMENT_OWNERS;
export const ATTACHMENT_OWNER_KINDS = Object.keys(ATTACHMENT_OWNERS) as AttachmentOwnerKind[];

/** Which record an attachment belongs to. */
export interface AttachmentOwnerRef { kind: AttachmentOwnerKind; id: string }

/** Where a record's files are listed and added. */
export function attachmentsPath(owner: AttachmentOwnerRef): string {
  return `/api/v1/${ATTACHMENT_OWNERS[owner.kind].path}/${owner.id}/attachments`;
}

/**
 * Where one attachment is read and deleted. Assets' attachments keep their first, shorter address; the others are
 * reached through their owner, so each route asks for the owner's own permission.
 */
export function attachmentPath(owner: AttachmentOwnerRef, attachmentId: string): string {
  return owner.kind === 'asset' ? `/api/v1/attachments/${attachmentId}` : `${attachmentsPath(owner)}/${attachmentId}`;
}

/** Where an attachment's content is downloaded. */
export const attachmentContentPath = (owner: AttachmentOwnerRef, attachmentId: string) => `${attachmentPath(owner, attachmentId)}/content`;
