import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import { addAttachment, deleteAttachment, getAttachment, listAttachments, readAttachmentContent } from '@custodia/core';
import { contentDisposition } from '@custodia/domain';
import { contextOf } from '../http/context.js';
import { receiveUpload } from '../http/upload.js';

const tags = ['attachments'];
const P = C.Problem;

// A downloaded file is never a page of ours: no script runs in it, nothing loads from it, no page frames it.
const CONTENT_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'private, no-cache',
};

export async function attachmentRoutes(app: FastifyInstance, options: { maxBytes: number; uploadDir?: string | undefined }) {
  await app.register(async (scope) => uploadRoute(scope, options));
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/assets/:id/attachments', {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'Files kept with the asset, newest first', params: C.IdParams, querystring: C.ListQuery.pick({ limit: true, cursor: true }).extend(C.AttachmentListQuery.shape), response: { 200: C.pageOf(C.Attachment), 404: P } },
  }, async (req) => listAttachments(contextOf(req), req.params.id, { limit: req.query.limit, cursor: req.query.cursor, includeDeleted: req.query.includeDeleted === 'true' }));

  r.get('/api/v1/attachments/:id', {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'One attachment\'s metadata (also after deletion)', params: C.IdParams, response: { 200: C.Attachment, 404: P } },
  }, async (req) => getAttachment(contextOf(req), req.params.id));

  r.get('/api/v1/attachments/:id/content', {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'Download the file (as an attachment; images may be shown inline for previews)', params: C.IdParams, querystring: C.AttachmentContentQuery, response: { 200: z.any(), 304: z.null(), 404: P, 410: P } },
  }, async (req, reply) => {
    const { attachment, content } = await readAttachmentContent(contextOf(req), req.params.id);
    const inline = req.query.disposition === 'inline' && attachment.mediaType.startsWith('image/');
    const etag = `"${attachment.sha256}"`;
    reply.headers(CONTENT_HEADERS).header('ETag', etag)
      .header('Content-Type', attachment.kind === 'text' ? 'text/plain; charset=utf-8' : attachment.mediaType)
      .header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.fileName));
    if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
    return reply.header('Content-Length', attachment.sizeBytes).send(Readable.from(content));
  });

  r.delete('/api/v1/attachments/:id', {
    config: { permission: 'assets.write' },
    schema: { tags, summary: 'Delete an attachment (a reason is required); its metadata and SHA-256 stay, its content is removed after the retention window', params: C.IdParams, body: C.AttachmentDeleteBody, response: { 200: C.Attachment, 404: P, 409: P, 422: P } },
  }, async (req) => deleteAttachment(contextOf(req), req.params.id, req.body.reason));
}

/** The upload, in a context of its own: its body is the file itself, whatever type the client calls it (its kind is judged from its content). */
async function uploadRoute(app: FastifyInstance, options: { maxBytes: number; uploadDir?: string | undefined }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/assets/:id/attachments', {
    config: { permission: 'assets.write' },
    schema: {
      tags, summary: 'Attach a file to an asset (body = the file; PDF, PNG, JPEG, GIF, WebP, Office (.docx, .xlsx, .pptx), OpenDocument (.odt, .ods, .odp) or UTF-8 text whose name matches its content; Office files without macros or embedded programs)',
      params: C.IdParams, querystring: C.AttachmentUploadQuery, response: { 201: C.Attachment, 404: P, 413: P, 415: P, 422: P },
    },
  }, async (req, reply) => {
    // Refused before a byte is read when the client announces a body over the cap.
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > options.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Attachments are limited to ${options.maxBytes} bytes; this one is ${declared}`);
    if (req.body === undefined || req.body === null) throw new AppError('VALIDATION_FAILED', 'The request has no file in its body');
    const upload = await receiveUpload(req.body as NodeJS.ReadableStream, 'bin', { maxBytes: options.maxBytes, what: 'Attachments', dir: options.uploadDir });
    try {
      const attachment = await addAttachment(contextOf(req), req.params.id, { path: upload.path, fileName: req.query.fileName, description: req.query.description ?? null }, { maxBytes: options.maxBytes });
      // Returned, not sent: the answer leaves after the temporary file is gone.
      reply.code(201).header('Location', `/api/v1/attachments/${attachment.id}`);
      return attachment;
    } finally {
      await upload.dispose();
    }
  });
}
