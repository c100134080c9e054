import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@custodia/contracts';
import { READ_ONLY_PERMISSIONS, type Scope, SCOPE_ALL, scopeOf } from '@custodia/domain';
import { type Principal, loadPrincipal, logSecurityEvent, resolveAgentToken, resolveApiToken, resolveSession } from '@custodia/core';
import type { Permission } from './permissions.js';

/** Who is calling, resolved once per request by `authenticate`. */
export interface RequestAuth {
  kind: 'session' | 'token' | 'agent';
  principal: Principal | null;
  /** Where the route's permission holds for this caller. */
  scope: Scope;
  sensitive: boolean;
  sessionId: string | null;
  csrfToken: string | null;
  reauthenticatedAt: string | null;
  agent: { tokenId: string; orgUnitId: string | null } | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

export const SESSION_COOKIE = 'custodia_session';
export const SECURE_SESSION_COOKIE = '__Host-custodia_session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+([A-Za-z0-9_-]{10,200})\s*$/i.exec(h);
  return m ? m[1]! : '';
}

function sessionCookie(request: FastifyRequest): string | null {
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies ?? {};
  return cookies[SECURE_SESSION_COOKIE] ?? cookies[SESSION_COOKIE] ?? null;
}

/** The origin this server answers on, as the browser sees it. */
export function ownOrigin(request: FastifyRequest, publicUrl: string | null): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${request.protocol}://${request.host}`;
}

async function deny(request: FastifyRequest, reply: FastifyReply, code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CSRF_REJECTED' | 'TOKEN_READ_ONLY' | 'TWO_FACTOR_ENROLMENT_REQUIRED', detail: string, accountId: string | null = null): Promise<never> {
  await logSecurityEvent(request.server.database.db, request.server.clock(), {
    kind: code === 'UNAUTHENTICATED' ? 'authentication' : 'authorisation', outcome: 'denied', accountId, ip: request.ip, method: request.method,
    route: request.url.split('?')[0] ?? null, status: code === 'UNAUTHENTICATED' ? 401 : 403, requestId: request.id, detail: { code, reason: detail },
  });
  void reply;
  throw new AppError(code, detail);
}

/**
 * Resolves the caller and checks the route's permission before the body is read. Public routes pass. A bearer token
 * (personal API token or agent token) or the session cookie identifies the caller; cookie-authenticated writes must
 * also come from our own origin and carry the session's CSRF token (double submit). A permission held nowhere is a
 * 403; where it is held only on some org units, the use cases answer 404 for objects elsewhere.
 */
export async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  request.auth = null;
  const permission = request.routeOptions.config?.permission as Permission | undefined;
  if (permission === undefined || permission === 'public') return;
  const { database, clock, publicUrl } = request.server;
  const now = clock();
  const token = bearer(request);
  let principalId: string | null = null;
  let auth: Omit<RequestAuth, 'principal' | 'scope' | 'sensitive'>;
  let readOnly = false;

  if (token !== null) {
    const agent = token.startsWith('csa_') ? await resolveAgentToken(database.db, token, now) : null;
    if (agent) {
      if (permission !== 'inventory.submit') return deny(request, reply, 'FORBIDDEN', 'Agent tokens may only post inventories');
      request.auth = { kind: 'agent', principal: null, scope: SCOPE_ALL, sensitive: false, sessionId: null, csrfToken: null, reauthenticatedAt: null, agent };
      return;
    }
    const api = await resolveApiToken(database.db, token, now);
    if (!api) return deny(request, reply, 'UNAUTHENTICATED', 'The API token is not valid, has expired or was revoked');
    principalId = api.accountId;
    readOnly = api.access === 'read';
    auth = { kind: 'token', sessionId: null, csrfToken: null, reauthenticatedAt: null, agent: null };
  } else {
    const secret = sessionCookie(request);
    const session = secret ? await resolveSession(database.db, secret, now) : null;
    if (!session) return deny(request, reply, 'UNAUTHENTICATED', secret ? 'The session has ended; sign in again' : 'Sign in, or send an API token as "Authorization: Bearer …"');
    if (UNSAFE.has(request.method)) {
      const origin = request.headers.origin;
      if (typeof origin === 'string' && origin !== ownOrigin(request, publicUrl)) return deny(request, reply, 'CSRF_REJECTED', 'The request came from another site', session.accountId);
      if (request.headers[CSRF_HEADER] !== session.csrfToken) return deny(request, reply, 'CSRF_REJECTED', `Send the session's CSRF token in the ${CSRF_HEADER} header`, session.accountId);
    }
    principalId = session.accountId;
    auth = { kind: 'session', sessionId: session.id, csrfToken: session.csrfToken, reauthenticatedAt: session.reauthenticatedAt, agent: null };
  }

  const principal = await loadPrincipal(database.db, principalId);
  if (!principal) return deny(request, reply, 'UNAUTHENTICATED', 'The account is deactivated', principalId);
  if (permission === 'inventory.submit') return deny(request, reply, 'FORBIDDEN', 'Only agent tokens may post inventories', principal.accountId);
  if (principal.twoFactorRequired && !principal.twoFactorEnabled && permission !== 'self') {
    return deny(request, reply, 'TWO_FACTOR_ENROLMENT_REQUIRED', 'Set up two-factor authentication first (your role requires it)', principal.accountId);
  }
  if (readOnly && !READ_ONLY_PERMISSIONS.includes(permission)) return deny(request, reply, 'TOKEN_READ_ONLY', 'This API token can only read', principal.accountId);
  const scope = permission === 'self' ? SCOPE_ALL : scopeOf(principal.grants, permission);
  if (scope.kind === 'none') return deny(request, reply, 'FORBIDDEN', `This needs the ${permission} permission`, principal.accountId);
  request.auth = { ...auth, principal, scope, sensitive: scopeOf(principal.grants, 'sensitive.read').kind !== 'none' };
}
