import { z } from 'zod';
import { ATTACHMENT_CATEGORIES, ATTACHMENT_EXTENSIONS, ATTACHMENT_KINDS, ATTACHMENT_OWNER_KINDS } from '@custodia/domain';
import { Id, ShortText, Text, Timestamp } from './common.js';

const CATEGORY_LIST = ATTACHMENT_CATEGORIES.map((c) => `${c.key} (${c.label})`).join(', ');

/**
 * A document category, checked by the use case against the domain's list so an unknown one answers 422
 * `ATTACHMENT_CATEGORY_UNKNOWN` in a query parameter as in a body (a query enum would answer 400).
 */
const Category = ShortText.describe(`What the file is: ${CATEGORY_LIST}`);

/** A file kept with a record (asset, person, supplier, audit run). The bytes are fetched from `contentUrl`; deleted ones keep their metadata. */
export const Attachment = z.object({
  id: Id,
  ownerKind: z.enum(ATTACHMENT_OWNER_KINDS as [string, ...string[]]).describe('The kind of record the file is kept with'),
  ownerId: Id.nullable().describe('Empty only after that record itself was deleted'),
  ownerLabel: z.string().describe("The owner's tag or name when the file was attached"),
  assetId: Id.nullable().describe('Assets only; empty after the asset record itself was deleted'),
  assetTag: z.string().nullable().describe('Assets only'),
  fileName: z.string().describe('The name given at upload, cleaned (metadata only: the bytes are stored under the id)'),
  kind: z.string().describe(`Detected from the content: ${ATTACHMENT_KINDS.map((k) => k.key).join(', ')}`),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string().describe('SHA-256 of the content, hex'),
  width: z.number().int().nullable().describe('Images only'),
  height: z.number().int().nullable(),
  category: z.string().describe(`What the file is for (an unknown key is one from a later version): ${CATEGORY_LIST}`),
  description: z.string().nullable(),
  version: z.number().int().describe('Changes with each edit of the category or description; send it as If-Match'),
  uploadedBy: z.string(),
  uploadedAt: Timestamp,
  deletedAt: Timestamp.nullable(),
  deletedBy: z.string().nullable(),
  deleteReason: z.string().nullable(),
  purgedAt: Timestamp.nullable().describe('When the content was removed, after the retention window that follows deletion'),
  contentUrl: z.string().nullable().describe('Where to download the content; null once purged'),
  retention: z.object({
    code: z.enum(['ATTACHMENT_IS_EVIDENCE', 'ATTACHMENT_ON_LEGAL_HOLD']).describe('The code a deletion is refused with (409)'),
    reason: z.string().describe('Why, for people: the transition whose evidence it is, or the hold'),
  }).nullable().describe('Why the file is kept: it cannot be deleted, and if it was deleted before, its content is not purged. Null when nothing keeps it'),
});
export type AttachmentType = z.infer<typeof Attachment>;

export const AttachmentUploadQuery = z.strictObject({
  fileName: Text.pipe(z.string().min(1, 'must not be empty')).describe(`The file's name; its extension must match its content. Accepted: ${ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(' ')}`),
  description: Text.optional().describe('What the file is, e.g. "Invoice 2026-0412"'),
  category: Category.optional().describe(`What the file is for; \`other\` when not given. One of: ${CATEGORY_LIST}`),
});

/** A change of an attachment's category or description (If-Match); the file itself never changes. */
export const AttachmentUpdate = z.strictObject({
  category: Category.optional(),
  description: Text.nullable().optional().describe('Empty or null clears it'),
});
export type AttachmentUpdateType = z.infer<typeof AttachmentUpdate>;

export const AttachmentListQuery = z.strictObject({
  includeDeleted: z.enum(['true', 'false']).optional().describe('Also list deleted attachments (their metadata stays)'),
});

export const AttachmentContentQuery = z.strictObject({
  disposition: z.enum(['attachment', 'inline']).default('attachment').describe('inline is honoured for images only (for previews); everything else downloads'),
});

export const AttachmentDeleteBody = z.strictObject({ reason: ShortText.pipe(z.string().min(3)).describe('Why the file is removed; kept in history') });

/** An attachment reached through the record it is kept with. */
export const OwnerAttachmentParams = z.strictObject({ id: Id.describe("The owner's id"), attachmentId: Id });
