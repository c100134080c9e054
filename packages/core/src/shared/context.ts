import type { EventSource, FieldSource, Grant, Scope } from '@custodia/domain';
import { SCOPE_ALL } from '@custodia/domain';
import type { Database } from '@custodia/data';
import type { IdempotencyClaim } from './idempotency.js';

/**
 * What the caller may reach in this action. `scope` is where the action's permission holds (the route's permission
 * over HTTP); `sensitive` says whether fields marked sensitive are shown in clear. `accountId`/`personId` identify a
 * signed-in account (self-service works on them); `grants` are its roles, which bound what it may hand out to others
 * (null: the operator of the machine, who may do anything).
 */
export interface Access {
  scope: Scope;
  sensitive: boolean;
  accountId: string | null;
  personId: string | null;
  grants: readonly Grant[] | null;
}

/** Full access: the CLI run by the operator of the machine, jobs, and the server's own start-up work. */
export const FULL_ACCESS: Access = { scope: SCOPE_ALL, sensitive: true, accountId: null, personId: null, grants: null };

/**
 * Who is acting, from where, and when, and what they may reach. Every use case takes one; HTTP, CLI and jobs build it
 * differently and the use case never knows which.
 */
export interface Context {
  database: Database;
  actor: string;
  source: EventSource;
  requestId: string | null;
  now(): Date;
  /**
   * The organisation's time zone (CUSTODIA_TIME_ZONE, an IANA name): every date the server decides itself is of this
   * zone (`todayOf`, `localDateOf` in shared/today.ts), never of the machine's or of UTC.
   */
  timeZone: string;
  access: Access;
  /** Overrides the field authority the source implies (an audit confirms values through the API). */
  fieldSource?: FieldSource;
  /** The request's Idempotency-Key: its row commits with the first change the request makes (runChange). */
  idempotency?: IdempotencyClaim;
  /**
   * Told of every sensitive value shown in clear (as its JSON text): an answer kept for an Idempotency-Key hides them,
   * so no secret is stored in clear and a replay never shows one.
   */
  onReveal?: (json: string) => void;
}

/** The context of work no one asked for over HTTP: start-up, jobs, agents' batches, tests. */
export function systemContext(database: Database, source: EventSource, actor = 'system', now: () => Date = () => new Date(), timeZone = 'UTC'): Context {
  return { database, actor, source, requestId: null, now, timeZone, access: FULL_ACCESS };
}
