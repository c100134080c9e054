import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HIDDEN, type IdempotencyClaim, findIdempotentRequest, sha256, storeIdempotentResponse } from '@custodia/core';
import { sendProblem } from './problem.js';
import './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's Idempotency-Key, once checked: runChange records it with the change, onSend adds the answer. */
    idempotency?: IdempotencyClaim;
    /** Sensitive values this request showed in clear (their JSON text): the kept answer hides them. */
    revealedValues?: Set<string>;
  }
}

/** Visible ASCII, as the IETF draft and Stripe use (a UUID, typically). */
const KEY = /^[\x21-\x7e]{1,255}$/;
/** The headers of an answer that are sent again with it. */
const KEPT_HEADERS = ['content-type', 'etag', 'location'] as const;

interface StoredAnswer { headers: Partial<Record<(typeof KEPT_HEADERS)[number], string>>; body: string }

const isJson = (request: FastifyRequest) => {
  const type = request.headers['content-type'];
  return type === undefined || /^application\/json\b/i.test(type);
};

/**
 * `Idempotency-Key` on writes by a signed-in account (security test plan FT-05): a client that sends a change again
 * after losing the answer (a dropped connection, a 503) gets the first answer again instead of a second change.
 *
 * - The key is checked after authentication and the permission check, so a replay never answers someone who lost access.
 * - The same key with a different request (method, URL or JSON body) is refused: 422 IDEMPOTENCY_KEY_REUSED.
 * - A request whose change commits writes the key's row in the same transaction (runChange), so a retry can never
 *   apply it twice, even when the server died before answering; a retry that finds the row without an answer (still
 *   running, or answered by a process that died) gets 409 IDEMPOTENCY_KEY_IN_USE.
 * - A request refused with 4xx changed nothing, so its retry runs again (no row is kept); 5xx answers are never kept.
 * - Keys last 24 hours, per account; JSON requests (and requests without a body) only: a file upload is refused with
 *   the header rather than given a guarantee it would not get. Routes whose request or answer holds a secret
 *   (`holdsSecret`: passwords, tokens shown once, TOTP secrets) refuse it too: nothing of a secret is kept.
 * - Sensitive fields (licence keys, custom fields so marked) are kept as the placeholder `(hidden)`: a replay shows
 *   them hidden, even to a caller who may read them (who reads the record to see them).
 */
/**
 * The answer as it is kept: every sensitive value shown in clear replaced by the placeholder a caller without
 * `sensitive.read` sees, wherever it occurs. Null when the answer holds one and cannot be read as JSON: not kept.
 */
export function hideRevealed(body: string, revealed: ReadonlySet<string> | undefined): string | null {
  if (!revealed?.size) return body;
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return null; }
  const compound = [...revealed].some((v) => v.startsWith('{') || v.startsWith('['));
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return revealed.has(JSON.stringify(value)) ? HIDDEN : value;
    if (compound && revealed.has(JSON.stringify(value))) return HIDDEN;
    if (Array.isArray(value)) return value.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v);
    return out;
  };
  return JSON.stringify(walk(parsed));
}

export function idempotencyHooks(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    const raw = request.headers['idempotency-key'];
    if (raw === undefined || request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    const accountId = request.auth?.principal?.accountId;
    if (!accountId) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || !KEY.test(key)) {
      return sendProblem(reply, request, 'BAD_REQUEST', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [{ field: 'Idempotency-Key', code: 'INVALID_FORMAT', message: 'Use, for example, a UUID' }]);
    }
    if (!isJson(request)) return sendProblem(reply, request, 'BAD_REQUEST', 'Idempotency-Key is accepted on JSON requests and requests without a body');
    if (request.routeOptions.config.holdsSecret) {
      return sendProblem(reply, request, 'BAD_REQUEST', 'Idempotency-Key is not accepted here: the request or its answer holds a secret (a password, a token shown once, a TOTP secret), which is never kept');
    }
    const requestHash = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
    const earlier = await findIdempotentRequest(app.database.db, accountId, key, app.clock());
    if (earlier) {
      if (earlier.requestHash !== requestHash) return sendProblem(reply, request, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request: use a new key for a new request');
      if (earlier.statusCode === null || earlier.response === null) {
        return sendProblem(reply, request, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still running, or its change was applied and its answer lost: read the record to see its state');
      }
      const answer = JSON.parse(earlier.response) as StoredAnswer;
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) reply.header(name, value);
      return reply.code(earlier.statusCode).header('Idempotent-Replayed', 'true').send(answer.body);
    }
    request.idempotency = { accountId, key, requestHash, method: request.method, route: request.routeOptions.url ?? request.url, recorded: false };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim || reply.statusCode >= 500 || (reply.statusCode >= 400 && !claim.recorded)) return payload;
    if (payload !== null && payload !== undefined && typeof payload !== 'string') return payload;
    const headers: StoredAnswer['headers'] = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    // Nothing sensitive is kept in clear, and a replay never shows it: sensitive values are kept hidden, as a caller
    // without sensitive.read sees them, whoever sends the request again (and whatever they may read by then).
    const body = hideRevealed(payload ?? '', request.revealedValues);
    if (body === null) return payload;
    const answer: StoredAnswer = { headers, body };
    await storeIdempotentResponse(app.database.db, claim, reply.statusCode, JSON.stringify(answer), app.clock())
      .catch((error: unknown) => request.log.error({ err: error }, 'could not keep the answer of an Idempotency-Key'));
    return payload;
  });
}
