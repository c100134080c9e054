import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@custodia/contracts';

export const etagOf = (version: number) => `"${version}"`;

/**
 * The version the client last read, from If-Match. Missing → 428; anything but one strong ETag → 412, a weak one
 * (`W/"3"`) included: If-Match compares strongly (RFC 9110 §13.1.1), and a version is exact.
 */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') throw new AppError('PRECONDITION_REQUIRED', 'Send If-Match with the ETag of the version you edited');
  const m = /^\s*"(\d{1,12})"\s*$/.exec(String(header));
  if (!m) throw new AppError('VERSION_MISMATCH', 'If-Match must hold the ETag returned by GET');
  return Number(m[1]);
}

export function withEtag<T extends { version: number }>(reply: FastifyReply, body: T): T {
  reply.header('ETag', etagOf(body.version));
  return body;
}
