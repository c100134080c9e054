import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_SESSION_POLICY } from '@custodia/domain';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from './auth.js';

/** Behind HTTPS the cookie is Secure with the __Host- prefix (no Domain, Path=/); on plain http://localhost it cannot be. */
const secure = (request: FastifyRequest) => request.protocol === 'https' || (request.server.publicUrl?.startsWith('https:') ?? false);

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  const name = secure(request) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  reply.setCookie(name, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(request), maxAge: DEFAULT_SESSION_POLICY.absoluteHours * 3600 });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  if (secure(request)) reply.clearCookie(SECURE_SESSION_COOKIE, { path: '/', secure: true });
}
