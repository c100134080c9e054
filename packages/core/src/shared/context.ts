import type { EventSource } from '@custodia/domain';
import type { Database } from '@custodia/data';

/**
 * Who is acting, from where, and when. Every use case takes one; HTTP, CLI and jobs build it differently
 * and the use case never knows which.
 */
export interface Context {
  database: Database;
  actor: string;
  source: EventSource;
  requestId: string | null;
  now(): Date;
}

export function systemContext(database: Database, source: EventSource, actor = 'system', now: () => Date = () => new Date()): Context {
  return { database, actor, source, requestId: null, now };
}
