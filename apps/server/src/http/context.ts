import type { FastifyRequest } from 'fastify';
import type { Database } from '@custodia/data';
import type { Context } from '@custodia/core';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    clock: () => Date;
  }
}

/**
 * The use-case context of an HTTP request. Until accounts exist (access-control issue) the server listens on
 * loopback only and every request acts as the local operator.
 */
export function contextOf(request: FastifyRequest): Context {
  return { database: request.server.database, actor: 'local-operator', source: 'api', requestId: request.id, now: request.server.clock };
}
