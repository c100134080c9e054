import type { FastifyRequest } from 'fastify';
import { AppError } from '@custodia/contracts';
import type { Database, HistorySigner } from '@custodia/data';
import type { Context } from '@custodia/core';
import { SCOPE_NONE } from '@custodia/domain';
import './auth.js';
import './idempotency.js';

/** Every route registered, with the permission it declared: the permission test and the docs read this. */
export type RouteRecord = { method: string; url: string; permission: string | undefined };

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    clock: () => Date;
    /** The organisation's time zone (CUSTODIA_TIME_ZONE): the zone of every date the server decides itself. */
    timeZone: string;
    /** Signs history checkpoints; its key is read (or created) on first use. */
    historySigner: () => HistorySigner;
    /** The URL browsers use to reach this server, when configured (CSRF origin check, cookies, OIDC redirects). */
    publicUrl: string | null;
    /** Whether the built web app is served (apps/web/dist existed at start). */
    webApp: boolean;
    /** Whether OpenID Connect sign-in is configured. */
    oidcEnabled: boolean;
    /** Whether mail is configured (CUSTODIA_SMTP_URL) and the digest's hour (CUSTODIA_DIGEST_HOUR). */
    digest: { mailConfigured: boolean; hour: number };
    /** Whether webhooks may post to loopback and private addresses (CUSTODIA_WEBHOOKS_ALLOW_PRIVATE). */
    webhooks: { allowPrivate: boolean };
    /** Every route registered, in order (filled by the app's onRoute hook). */
    routeTable: RouteRecord[];
  }
}

/** The use-case context of an HTTP request: the signed-in account acts, within the scope of the route's permission. */
export function contextOf(request: FastifyRequest): Context {
  const auth = request.auth;
  const principal = auth?.principal ?? null;
  return {
    database: request.server.database,
    actor: principal ? principal.login : auth?.agent ? `agent:${auth.agent.tokenId}` : 'anonymous',
    source: 'api',
    requestId: request.id,
    now: request.server.clock,
    timeZone: request.server.timeZone,
    access: {
      scope: auth?.scope ?? SCOPE_NONE,
      sensitive: auth?.sensitive ?? false,
      accountId: principal?.accountId ?? null,
      personId: principal?.personId ?? null,
      grants: principal?.grants ?? [],
    },
    ...(request.idempotency ? { idempotency: request.idempotency, onReveal: (json: string) => { (request.revealedValues ??= new Set()).add(json); } } : {}),
  };
}

/** The signed-in account of a `self` route. */
export function accountOf(request: FastifyRequest): string {
  const id = request.auth?.principal?.accountId;
  if (!id) throw new AppError('UNAUTHENTICATED');
  return id;
}
