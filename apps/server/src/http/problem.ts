import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERRORS, type ErrorCode, type FieldError } from '@custodia/contracts';
import { asAppError, isTransient, logSecurityEvent } from '@custodia/core';
import { countUnavailable } from './metrics.js';
import '../http/context.js';

/** Writes an RFC 9457 problem document with our stable code (and the code's status, unless `statusOverride`). */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, detail: string | undefined, errors: FieldError[] = [], extra: Record<string, unknown> = {}, statusOverride?: number) {
  const { title } = ERRORS[code];
  const status = statusOverride ?? ERRORS[code].status;
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `https://custodia.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title,
      status,
      code,
      ...(detail ? { detail } : {}),
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(errors.length ? { errors } : {}),
      ...extra,
    });
}

type Issue = { code?: string; path?: PropertyKey[]; message?: string; keys?: string[]; params?: { code?: string } };
/** A validation entry as fastify-type-provider-zod reports it: the zod issue's code as `keyword`, its path as `instancePath`, the rest under `params`. */
type ValidationEntry = { keyword?: string; instancePath?: string; message?: string; params?: { issue?: Issue; keys?: string[]; params?: { code?: string } } };

const toIssue = (v: ValidationEntry): Issue =>
  v.params?.issue ?? { code: v.keyword, path: (v.instancePath ?? '').split('/').filter(Boolean), message: v.message, keys: v.params?.keys, params: v.params?.params };

const path = (issue: Issue) => (issue.path ?? []).map(String).join('.');

function issueErrors(issues: Issue[]): FieldError[] {
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? (i.keys ?? []).map((k) => ({ field: [path(i), k].filter(Boolean).join('.'), code: 'UNKNOWN_FIELD', message: 'This field cannot be set' }))
      : [{ field: path(i), code: i.params?.code ?? i.message?.match(/^TEXT_[A-Z_]+$/)?.[0] ?? `INVALID_${String(i.code ?? 'value').toUpperCase()}`, message: i.message ?? 'Invalid value' }],
  );
}

/** What a 503 asks the client to wait, in seconds. */
const RETRY_AFTER_SECONDS = 1;

/** The stable code of a client error known only by its status (Fastify's own and its plugins' errors); others: CLIENT_ERROR. */
const CLIENT_ERRORS: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 414: 'URI_TOO_LONG', 415: 'UNSUPPORTED_MEDIA_TYPE', 416: 'RANGE_NOT_SATISFIABLE',
  422: 'VALIDATION_FAILED', 429: 'RATE_LIMITED',
};

/** The client's own fault status (4xx) an error carries, if any. */
export function clientErrorCode(status: unknown): ErrorCode | null {
  return typeof status === 'number' && status >= 400 && status < 500 ? CLIENT_ERRORS[status] ?? 'CLIENT_ERROR' : null;
}

/**
 * The client went away before its request arrived whole (the request stream was aborted or reset): its fault, not the
 * database's, though the error's code (ECONNRESET) is the one a lost database connection has too.
 */
export function isClientAbort(error: unknown, request: FastifyRequest): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'ECONNRESET' && e.message === 'aborted') return true;
  const raw = request.raw;
  return (e.code === 'ECONNRESET' || e.code === 'ECONNABORTED' || e.code === 'ERR_STREAM_PREMATURE_CLOSE') && !raw.complete && (raw.destroyed || raw.socket?.destroyed === true);
}

/** Maps every error to a problem answer: schema failures by where they occurred, AppErrors by code, the rest 500. */
export async function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  // A client that hung up mid-request: nobody reads the answer, nothing is the server's fault, nothing is counted.
  if (!(error instanceof AppError) && isClientAbort(error, request)) {
    request.log.debug({ err: error }, 'client closed the request before its end');
    return sendProblem(reply, request, 'BAD_REQUEST', 'The request was cut off before its end');
  }
  // A read that met a busy, full, failing or unreachable database: 503, as for a write (runChange maps those).
  if (!(error instanceof AppError) && isTransient(error)) error = asAppError(error) as AppError;
  if (error instanceof AppError) {
    // The operator is told, whatever the request: in the log at error level, and in custodia_database_unavailable_total
    // (by the database's own code, e.g. SQLITE_IOERR_FSYNC or 57P01) for alerting.
    if (error.code === 'UNAVAILABLE' && error.cause !== undefined) {
      request.log.error({ err: error.cause }, 'database unavailable');
      countUnavailable(error.cause);
    }
    if (error.securityNote) {
      // Logged; the caller sees the same 404 as for a missing record.
      await logSecurityEvent(request.server.database.db, request.server.clock(), {
        kind: 'authorisation', outcome: 'denied', accountId: request.auth?.principal?.accountId ?? null, ip: request.ip, method: request.method,
        route: request.url.split('?')[0] ?? null, status: error.status, requestId: request.id, detail: { code: error.code, reason: error.securityNote },
      }).catch((e: unknown) => request.log.error({ err: e }, 'security log write failed'));
    }
    if (error.code === 'VERSION_MISMATCH' && typeof error.extra['currentVersion'] === 'number') reply.header('ETag', `"${error.extra['currentVersion']}"`);
    if (error.code === 'UNAVAILABLE' && !reply.hasHeader('Retry-After')) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return sendProblem(reply, request, error.code, error.message, error.errors, error.extra);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = (error.validation as unknown as ValidationEntry[]).map(toIssue);
    const errors = issueErrors(issues);
    const where = (error as FastifyError).validationContext;
    if (where === 'params') return sendProblem(reply, request, 'NOT_FOUND', 'No such record', errors);
    if (where === 'querystring') {
      const code: ErrorCode = errors.some((e) => e.code === 'UNKNOWN_FIELD') ? 'FILTER_FIELD_NOT_ALLOWED' : errors.some((e) => e.field === 'sort') ? 'SORT_FIELD_NOT_ALLOWED' : 'INVALID_QUERY';
      return sendProblem(reply, request, code, errors[0]?.message, errors);
    }
    const code: ErrorCode = errors.some((e) => e.code === 'UNKNOWN_FIELD') ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED';
    return sendProblem(reply, request, code, errors[0]?.message, errors);
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendProblem(reply, request, 'INTERNAL', undefined);
  }
  const fe = error as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, request, 'PAYLOAD_TOO_LARGE', undefined);
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return sendProblem(reply, request, 'UNSUPPORTED_MEDIA_TYPE', undefined);
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.statusCode === 400) return sendProblem(reply, request, 'BAD_REQUEST', fe.message);
  if (fe.statusCode === 429) return sendProblem(reply, request, 'RATE_LIMITED', undefined);
  // Any other client error raised by Fastify or a plugin (e.g. the docs' static files refusing a path: 403) keeps its
  // status, with the stable code of that status.
  const clientCode = clientErrorCode(fe.statusCode);
  if (clientCode) {
    request.log.debug({ err: error }, 'client error');
    return sendProblem(reply, request, clientCode, fe.message, [], {}, fe.statusCode);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, request, 'INTERNAL', undefined);
}
