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

export const DEVICE_COOKIE = 'custodia_device';

/** Remembers that this browser signed in to the account (signed, a year): later sign-ins skip the account's throttle. */
export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, accountId: string): void {
  const value = `${accountId}.${request.server.database.cipher.mac(`device:${accountId}`)}`;
  reply.setCookie(DEVICE_COOKIE, value, { path: '/api/v1/auth', httpOnly: true, sameSite: 'lax', secure: secure(request), maxAge: 366 * 86_400 });
}

/** The account a valid device cookie names, or null. */
export function deviceAccount(request: FastifyRequest): string | null {
  const raw = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[DEVICE_COOKIE];
  const dot = raw?.lastIndexOf('.') ?? -1;
  if (!raw || dot < 1) return null;
  const accountId = raw.slice(0, dot);
  return request.server.database.cipher.verifyMac(`device:${accountId}`, raw.slice(dot + 1)) ? accountId : null;
}
