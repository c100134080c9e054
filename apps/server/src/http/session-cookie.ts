import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_SESSION_POLICY } from '@custodia/domain';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, secureDeployment } from './auth.js';

/** Behind HTTPS the cookie is Secure with the __Host- prefix (no Domain, Path=/); on plain http://localhost it cannot be. */

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  const name = secureDeployment(request) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  reply.setCookie(name, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureDeployment(request), maxAge: DEFAULT_SESSION_POLICY.absoluteHours * 3600 });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  if (secureDeployment(request)) reply.clearCookie(SECURE_SESSION_COOKIE, { path: '/', secure: true });
}

export const DEVICE_COOKIE = 'custodia_device';

/**
 * Remembers that this browser signed in to the account (a year): later password sign-ins to it skip the account's
 * throttle. The value (see `knownDeviceToken` in core) is bound to the account's current password, and is set only
 * once a sign-in is complete, after the second factor when there is one.
 */
export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(DEVICE_COOKIE, token, { path: '/api/v1/auth', httpOnly: true, sameSite: 'lax', secure: secureDeployment(request), maxAge: 366 * 86_400 });
}

/** The device cookie as sent, checked by the sign-in against the account it names; null without one. */
export function deviceCookie(request: FastifyRequest): string | null {
  return (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[DEVICE_COOKIE] ?? null;
}
