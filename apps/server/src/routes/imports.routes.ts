import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Context } from '@custodia/core';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import { IMPORTERS, assertMayImport, checkExportFilter, exportAssetColumns, exportAssetRows, getImportRun, listImportRuns, todayOf } from '@custodia/core';
import { ImportFileError, readImportFile, writeCsv, writeXlsx } from '@custodia/data';
import { contextOf } from '../http/context.js';
import { UPLOAD_TYPES, receiveUpload } from '../http/upload.js';
import { ConcurrencyGate } from '../http/concurrency-gate.js';

const P = C.Problem;

/**
 * A file the reader refused (encoding, malformed CSV, DTD in XLSX, caps) is the client's problem: 422 naming the line;
 * 413 for a file beyond the caps, 415 for a body that is not the format its Content-Type names.
 */
function fileError(error: unknown): never {
  if (error instanceof ImportFileError) {
    const code = error.code === 'IMPORT_FILE_TOO_LARGE' || error.code === 'IMPORT_TOO_MANY_ROWS' ? 'PAYLOAD_TOO_LARGE'
      : error.code === 'IMPORT_ENCODING_UNSUPPORTED' ? 'IMPORT_ENCODING_UNSUPPORTED'
        : error.code === 'IMPORT_CONTENT_MISMATCH' ? 'UNSUPPORTED_MEDIA_TYPE' : 'IMPORT_INVALID';
    throw new AppError(code, error.message, { errors: [{ code: error.code, message: error.message, ...(error.line ? { line: error.line } : {}), ...(error.column ? { column: error.column } : {}) }] });
  }
  throw error;
}

/** Exports one account may stream at once, unless configured otherwise (CUSTODIA_EXPORT_CONCURRENCY). */
export const DEFAULT_EXPORT_CONCURRENCY = 2;

export async function importRoutes(app: FastifyInstance, options: { exportConcurrency?: number } = {}) {
  // Exports streaming now, per account (EX-02): a whole-register export is long, and ten at once from one user would
  // occupy the database for everyone else.
  const exporting = new ConcurrencyGate(options.exportConcurrency ?? DEFAULT_EXPORT_CONCURRENCY);
  // Import bodies are files, streamed as they are; only these routes accept these content types.
  app.addContentTypeParser(Object.keys(UPLOAD_TYPES), (_request, payload, done) => done(null, payload));
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['imports and exports'];

  r.post('/api/v1/imports/:kind', {
    config: { permission: 'imports.run' },
    schema: {
      tags, summary: 'Import a CSV or XLSX file (body = the file). Atomic: one bad row and nothing is written; the report names line, column and reason',
      params: C.ImportKindParams, querystring: C.ImportQuery, response: { 200: C.ImportReport, 400: P, 403: P, 409: P, 413: P, 415: P, 422: P },
    },
  }, async (req) => {
    // imports.run alone writes nothing: each kind also needs its target's write permission (before the body is read).
    assertMayImport(contextOf(req), req.params.kind);
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() as keyof typeof UPLOAD_TYPES;
    // The body is the file itself, streamed by the parser registered above; a JSON, form or text body is not a file.
    if (!Object.hasOwn(UPLOAD_TYPES, type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the file itself as the body, typed ${Object.keys(UPLOAD_TYPES).join(', ')}`);
    if (typeof (req.body as NodeJS.ReadableStream | undefined)?.pipe !== 'function') throw new AppError('BAD_REQUEST', 'The request has no file in its body');
    const upload = await receiveUpload(req.body as NodeJS.ReadableStream, UPLOAD_TYPES[type] === 'xlsx' ? 'xlsx' : 'csv');
    try {
      const ctx = { ...contextOf(req), source: 'import' as const };
      const importer = IMPORTERS[req.params.kind];
      const rows = readImportFile(upload.path, { aliases: await importer.aliases(ctx), ...(UPLOAD_TYPES[type] === 'bin' ? {} : { format: UPLOAD_TYPES[type] as 'csv' | 'xlsx' }) });
      return await importer.run(ctx, rows, {
        mode: req.query.mode, dryRun: req.query.dryRun === 'true', fileName: req.query.fileName ?? `upload.${UPLOAD_TYPES[type]}`, fileSha256: upload.sha256,
        defaultCurrency: req.query.currency ?? null,
        onProgress: (rows) => req.log.info({ rows }, 'import progress'),
      }).catch(fileError);
    } finally {
      await upload.dispose();
    }
  });

  r.get('/api/v1/imports/:kind/columns', { config: { permission: 'imports.run' }, schema: { tags, summary: 'The columns a file of this kind may have, with the header spellings accepted for each (to map the headers of a file before uploading it)', params: C.ImportKindParams, response: { 200: C.ImportColumns } } },
    async (req) => {
      const aliases = await IMPORTERS[req.params.kind].aliases(contextOf(req));
      return { kind: req.params.kind, columns: Object.entries(aliases).map(([name, spellings]) => ({ name, aliases: [...new Set(spellings.filter((s) => s !== name))] })) };
    });

  r.get('/api/v1/imports', { config: { permission: 'imports.read' }, schema: { tags, summary: 'Applied imports, newest first', querystring: C.ListQuery.pick({ limit: true, cursor: true }), response: { 200: C.pageOf(C.ImportRun) } } },
    async (req) => listImportRuns(contextOf(req), req.query));
  r.get('/api/v1/imports/:id', { config: { permission: 'imports.read' }, schema: { tags, summary: 'One applied import', params: C.IdParams, response: { 200: C.ImportRun, 404: P } } },
    async (req) => getImportRun(contextOf(req), req.params.id));

  r.get('/api/v1/assets/export', {
    config: { permission: 'assets.export' },
    schema: { tags, summary: 'Export the (filtered) register as CSV or XLSX, streamed; cells that could run as formulas are escaped; at most CUSTODIA_EXPORT_CONCURRENCY (2) at once per account', querystring: C.AssetExportQuery, response: { 200: z.any(), 400: P, 429: P } },
  }, async (req, reply) => {
    const who = req.auth?.principal?.accountId ?? req.ip;
    const release = exporting.enter(who);
    if (!release) {
      const running = exporting.count(who);
      reply.header('Retry-After', '10');
      throw new AppError('RATE_LIMITED', `You already have ${running} export${running === 1 ? '' : 's'} running; wait for one to finish`);
    }
    // Until the response is over: sent whole, or abandoned by the client.
    reply.raw.once('close', release);
    try {
      return await streamExport(contextOf(req), req.query, reply);
    } catch (error) {
      release();
      throw error;
    }
  });
}

/** The register as CSV or XLSX, streamed: rows are read page by page as the client takes them. */
async function streamExport(ctx: Context, query: z.infer<typeof C.AssetExportQuery>, reply: FastifyReply) {
  const { format, ...filter } = query;
  await checkExportFilter(ctx, filter);
  const columns = await exportAssetColumns(ctx);
  const out = new PassThrough();
  const rows = exportAssetRows(ctx, filter);
  const write = format === 'xlsx' ? writeXlsx(rows, columns, out, 'Assets') : writeCsv(rows, columns, out);
  write.catch((error: unknown) => { reply.log.error({ err: error }, 'export failed'); out.destroy(error as Error); });
  const stamp = todayOf(ctx);
  return reply
    .header('Content-Type', format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="custodia-assets-${stamp}.${format}"`)
    .header('Cache-Control', 'no-store')
    .send(out);
}
