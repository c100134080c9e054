import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import { addAttachment, assertAttachmentOwner, attachmentCategoryOf, deleteAttachment, getAttachment, listAttachments, readAttachmentContent, updateAttachment } from '@custodia/core';
import { ATTACHMENT_KINDS, ATTACHMENT_OWNERS, ATTACHMENT_OWNER_KINDS, type AttachmentOwnerKind, attachmentPath, attachmentsPath, contentDisposition } from '@custodia/domain';
import { contextOf } from '../http/context.js';
import { receiveUpload } from '../http/upload.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

const tags = ['attachments'];
const P = C.Problem;
const editProblems = { 404: P, 409: P, 412: P, 422: P, 428: P };
const EDIT_DESCRIPTION = 'Changes what the file is said to be, never the file. If-Match with the attachment\'s ETag (its `version`) is required: 428 without, 412 when it changed meanwhile. A deleted file cannot be changed (409 `ATTACHMENT_DELETED`); an unknown category is 422 `ATTACHMENT_CATEGORY_UNKNOWN`. The owner\'s history records the file before and after (`update_attachment`).';
const ACCEPTED = `${ATTACHMENT_KINDS.map((k) => k.key).join(', ')}, whose name matches its content; Office files without macros or embedded programs`;

// A downloaded file is never a page of ours: no script runs in it, nothing loads from it, no page frames it.
const CONTENT_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'private, no-cache',
};

interface Options { maxBytes: number; uploadDir?: string | undefined }
type ContentQuery = z.infer<typeof C.AttachmentContentQuery>;

/** Sends a file as a download (images inline when asked, for previews), with its SHA-256 as ETag. */
async function sendContent(req: { query: ContentQuery; headers: FastifyRequest['headers'] }, reply: FastifyReply, found: Awaited<ReturnType<typeof readAttachmentContent>>) {
  const { attachment, content } = found;
  const inline = req.query.disposition === 'inline' && attachment.mediaType.startsWith('image/');
  const etag = `"${attachment.sha256}"`;
  reply.headers(CONTENT_HEADERS).header('ETag', etag)
    .header('Content-Type', attachment.kind === 'text' ? 'text/plain; charset=utf-8' : attachment.mediaType)
    .header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.fileName));
  if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
  return reply.header('Content-Length', attachment.sizeBytes).send(Readable.from(content));
}

/**
 * Files kept with a record. Every kind of owner (`ATTACHMENT_OWNERS`) lists and takes files under its own path with its
 * own permissions; assets' single attachments keep their first routes under /api/v1/attachments, the others are
 * reached through their owner so that each route asks for the owner's permission.
 */
export async function attachmentRoutes(app: FastifyInstance, options: Options) {
  // Uploads live in a context of their own: their body is the file itself, whatever type the client calls it (its kind
  // is judged from its content).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    for (const kind of ATTACHMENT_OWNER_KINDS) uploadRoute(scope, kind, options);
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const listQuery = C.ListQuery.pick({ limit: true, cursor: true }).extend(C.AttachmentListQuery.shape);

  for (const kind of ATTACHMENT_OWNER_KINDS) {
    const owner = ATTACHMENT_OWNERS[kind];
    const base = attachmentsPath({ kind, id: ':id' });
    r.get(base, {
      config: { permission: owner.read },
      schema: { tags, summary: `Files kept with the ${owner.noun}, newest first`, params: C.IdParams, querystring: listQuery, response: { 200: C.pageOf(C.Attachment), 404: P } },
    }, async (req) => listAttachments(contextOf(req), { kind, id: req.params.id }, { limit: req.query.limit, cursor: req.query.cursor, includeDeleted: req.query.includeDeleted === 'true' }));
    if (kind === 'asset') continue;

    r.get(`${base}/:attachmentId`, {
      config: { permission: owner.read },
      schema: { tags, summary: `One of the ${owner.noun}'s attachments (also after deletion)`, params: C.OwnerAttachmentParams, response: { 200: C.Attachment, 404: P } },
    }, async (req, reply) => withEtag(reply, await getAttachment(contextOf(req), req.params.attachmentId, { kind, id: req.params.id })));
    r.get(`${base}/:attachmentId/content`, {
      config: { permission: owner.read },
      schema: { tags, summary: `Download a file kept with the ${owner.noun}`, params: C.OwnerAttachmentParams, querystring: C.AttachmentContentQuery, response: { 200: z.any(), 304: z.null(), 404: P, 410: P } },
    }, async (req, reply) => sendContent(req, reply, await readAttachmentContent(contextOf(req), req.params.attachmentId, { kind, id: req.params.id })));
    r.delete(`${base}/:attachmentId`, {
      config: { permission: owner.write },
      schema: { tags, summary: `Delete a file kept with the ${owner.noun} (a reason is required; its metadata and SHA-256 stay)`, params: C.OwnerAttachmentParams, body: C.AttachmentDeleteBody, response: { 200: C.Attachment, 404: P, 409: P, 422: P } },
    }, async (req) => deleteAttachment(contextOf(req), req.params.attachmentId, req.body.reason, { kind, id: req.params.id }));
    r.patch(`${base}/:attachmentId`, {
      config: { permission: owner.write },
      schema: { tags, summary: `Change the category or description of a file kept with the ${owner.noun}`, description: EDIT_DESCRIPTION, params: C.OwnerAttachmentParams, body: C.AttachmentUpdate, response: { 200: C.Attachment, ...editProblems } },
    }, async (req, reply) => withEtag(reply, await updateAttachment(contextOf(req), req.params.attachmentId, requireIfMatch(req), req.body, { kind, id: req.params.id })));
  }

  r.get('/api/v1/attachments/:id', {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'One of an asset\'s attachments (also after deletion)', params: C.IdParams, response: { 200: C.Attachment, 404: P } },
  }, async (req, reply) => withEtag(reply, await getAttachment(contextOf(req), req.params.id)));

  r.get('/api/v1/attachments/:id/content', {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'Download a file kept with an asset (as an attachment; images may be shown inline for previews)', params: C.IdParams, querystring: C.AttachmentContentQuery, response: { 200: z.any(), 304: z.null(), 404: P, 410: P } },
  }, async (req, reply) => sendContent(req, reply, await readAttachmentContent(contextOf(req), req.params.id)));

  r.delete('/api/v1/attachments/:id', {
    config: { permission: 'assets.write' },
    schema: { tags, summary: 'Delete an asset\'s attachment (a reason is required); its metadata and SHA-256 stay, its content is removed after the retention window',
      description: 'Refused (409) for a file a recorded lifecycle transition names in its evidence (`ATTACHMENT_IS_EVIDENCE`: a proof of disposal or of data handling is kept) and for every file of an asset on legal hold (`ATTACHMENT_ON_LEGAL_HOLD`). The attachment\'s `retention` says so beforehand.',
      params: C.IdParams, body: C.AttachmentDeleteBody, response: { 200: C.Attachment, 404: P, 409: P, 422: P } },
  }, async (req) => deleteAttachment(contextOf(req), req.params.id, req.body.reason));

  r.patch('/api/v1/attachments/:id', {
    config: { permission: 'assets.write' },
    schema: { tags, summary: 'Change the category or description of an asset\'s attachment', description: EDIT_DESCRIPTION, params: C.IdParams, body: C.AttachmentUpdate, response: { 200: C.Attachment, ...editProblems } },
  }, async (req, reply) => withEtag(reply, await updateAttachment(contextOf(req), req.params.id, requireIfMatch(req), req.body)));
}

/** Takes a file for a record of `kind`: the body is the file, streamed to a temporary file under the size cap. */
function uploadRoute(app: FastifyInstance, kind: AttachmentOwnerKind, options: Options) {
  const owner = ATTACHMENT_OWNERS[kind];
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(attachmentsPath({ kind, id: ':id' }), {
    config: { permission: owner.write },
    schema: {
      tags, summary: `Attach a file to the ${owner.noun} (body = the file; ${ACCEPTED})`,
      params: C.IdParams, querystring: C.AttachmentUploadQuery, response: { 201: C.Attachment, 404: P, 413: P, 415: P, 422: P },
    },
  }, async (req, reply) => {
    // Refused before a byte is read when the client announces a body over the cap.
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > options.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Attachments are limited to ${options.maxBytes} bytes; this one is ${declared}`);
    if (req.body === undefined || req.body === null) throw new AppError('VALIDATION_FAILED', 'The request has no file in its body');
    // An empty query parameter is one not given, as for the description.
    const category = attachmentCategoryOf(req.query.category || null);
    await assertAttachmentOwner(contextOf(req), { kind, id: req.params.id });
    const upload = await receiveUpload(req.body as NodeJS.ReadableStream, 'bin', { maxBytes: options.maxBytes, what: 'Attachments', dir: options.uploadDir });
    try {
      const attachment = await addAttachment(contextOf(req), { kind, id: req.params.id }, { path: upload.path, fileName: req.query.fileName, description: req.query.description ?? null, category }, { maxBytes: options.maxBytes });
      // Returned, not sent: the answer leaves after the temporary file is gone.
      reply.code(201).header('Location', attachmentPath({ kind, id: req.params.id }, attachment.id));
      return withEtag(reply, attachment);
    } finally {
      await upload.dispose();
    }
  });
}
