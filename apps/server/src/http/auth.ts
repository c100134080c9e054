import { BlockList, isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@custodia/contracts';
import { DEFAULT_SESSION_POLICY, READ_ONLY_PERMISSIONS, type Scope, SCOPE_ALL, covers, recentlyAuthenticated, scopeOf, sessionVerdict } from '@custodia/domain';
import {
  type Principal, asAppError, loadPrincipal, logSecurityEvent, readAccessEpoch, resolveAgentToken, resolveApiToken, resolveSession, sha256, touchAgentToken,
  touchApiToken, touchSession,
} from '@custodia/core';
import { withinDeadline } from './deadline.js';
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
  interface FastifyInstance {
    /** Credentials resolved recently, reused while the access epoch is unchanged (see CredentialCache). */
    credentials: CredentialCache;
    /** Networks whose agents may post inventories without a token (discovery settings). */
    agentNetworks: AgentNetworks;
  }
}

type Credential =
  | { kind: 'token'; tokenId: string; accountId: string; readOnly: boolean; expiresAt: string; lastUsedAt: string }
  | { kind: 'session'; accountId: string; id: string; csrfToken: string; createdAt: string; lastSeenAt: string; reauthenticatedAt: string }
  | { kind: 'agent'; tokenId: string; orgUnitId: string | null; expiresAt: string | null; lastUsedAt: string };

/**
 * What a bearer token or session cookie resolved to, with the account's principal, kept per server process for
 * reuse. An entry is valid only under the access epoch it was resolved in: every revocation, deactivation, grant or
 * role change writes a new epoch, so each request still reads one small row and a change applies at once on every
 * process. Expiry and idle time are checked on each use. Bounded in size; the oldest entry goes first.
 */
export class CredentialCache {
  private readonly entries = new Map<string, { epoch: string; credential: Credential; principal: Principal | null }>();
  /** The access epoch this process read last: the newest it knows while the database cannot be reached. */
  lastEpoch: string | null = null;
  constructor(private readonly max = 10_000) {}
  get(key: string, epoch: string) {
    const e = this.entries.get(key);
    return e && e.epoch === epoch ? e : undefined;
  }
  set(key: string, epoch: string, credential: Credential, principal: Principal | null): void {
    this.entries.delete(key);
    this.entries.set(key, { epoch, credential, principal });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * The networks of the discovery settings' `unauthenticatedRanges`, re-read at most every 30 s (a settings change
 * applies within that time on every process).
 */
export class AgentNetworks {
  private list: BlockList | null = null;
  private readAt = 0;
  constructor(private readonly load: () => Promise<readonly string[]>, private readonly clock: () => number = Date.now) {}
  async allows(ip: string): Promise<boolean> {
    if (!this.list || this.clock() - this.readAt > 30_000) {
      const list = new BlockList();
      for (const cidr of await this.load()) {
        const [net, prefix] = cidr.split('/');
        const type = isIP(net ?? '') === 6 ? 'ipv6' : 'ipv4';
        try {
          list.addSubnet(net!, Number(prefix), type);
        } catch {
          // A malformed range allows nothing.
        }
      }
      this.list = list;
      this.readAt = this.clock();
    }
    const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    return this.list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
}

export const SESSION_COOKIE = 'custodia_session';
export const SECURE_SESSION_COOKIE = '__Host-custodia_session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(request: FastifyRequest, permission: Permission): string | null {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+([A-Za-z0-9_-]{10,200})\s*$/i.exec(h);
  if (m) return m[1]!;
  // Inventory agents (FusionInventory, OCS, glpi-agent) can only send HTTP Basic: the agent token is the password.
  const basic = permission === 'inventory.submit' ? /^Basic\s+([A-Za-z0-9+/=]{4,400})\s*$/i.exec(h) : null;
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    return /^[A-Za-z0-9_-]{10,200}$/.test(password) ? password : '';
  }
  return '';
}

/** The realm agents are asked to authenticate in (LWP sends Basic credentials only after this challenge). */
export const AGENT_REALM = 'Basic realm="Custodia inventory"';

/**
 * The session cookie. Over HTTPS only the `__Host-` one counts: the plain name can be planted by a sibling subdomain
 * or a plain-HTTP answer (session fixation), which is what the prefix rules out.
 */
function sessionCookie(request: FastifyRequest): string | null {
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies ?? {};
  if (secureDeployment(request)) return cookies[SECURE_SESSION_COOKIE] ?? null;
  return cookies[SECURE_SESSION_COOKIE] ?? cookies[SESSION_COOKIE] ?? null;
}

/** Whether browsers reach this server over HTTPS (the request's protocol, or the configured public URL). */
export const secureDeployment = (request: FastifyRequest): boolean => request.protocol === 'https' || (request.server.publicUrl?.startsWith('https:') ?? false);

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

/** How long a metrics scrape waits for the access epoch before it is checked against what this process knows. */
const METRICS_DATABASE_WAIT_MS = 1_500;

/**
 * The access epoch a request is checked under. Metrics are what an operator needs most while the database is down, so
 * a scrape whose epoch cannot be read (the database answers unavailable, or not within METRICS_DATABASE_WAIT_MS) is
 * checked under the last epoch this process read, against the credentials it resolved then: `unreachable` holds the
 * 503 to answer when that is not enough. A grant or token revoked through another process while this one cannot
 * reach the database still reads metrics here until it can; every other route answers 503.
 */
async function accessEpoch(request: FastifyRequest, permission: Permission): Promise<{ epoch: string; unreachable: AppError | null }> {
  const { database, credentials } = request.server;
  if (permission !== 'system.metrics') {
    credentials.lastEpoch = await readAccessEpoch(database);
    return { epoch: credentials.lastEpoch, unreachable: null };
  }
  try {
    credentials.lastEpoch = await withinDeadline(readAccessEpoch(database), METRICS_DATABASE_WAIT_MS);
    return { epoch: credentials.lastEpoch, unreachable: null };
  } catch (error) {
    const failure = asAppError(error);
    if (!(failure instanceof AppError) || failure.code !== 'UNAVAILABLE' || credentials.lastEpoch === null) throw error;
    request.log.warn({ err: failure.cause ?? failure }, 'metrics scrape checked without the database');
    return { epoch: credentials.lastEpoch, unreachable: failure };
  }
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
  const token = bearer(request, permission);
  const secret = token === null ? sessionCookie(request) : null;
  if (permission === 'inventory.submit' && token === null) {
    // Posting without a token is off unless an administrator allowed the agent's network.
    if (await request.server.agentNetworks.allows(request.ip)) {
      request.auth = { kind: 'agent', principal: null, scope: SCOPE_ALL, sensitive: false, sessionId: null, csrfToken: null, reauthenticatedAt: null, agent: null };
      return;
    }
    reply.header('WWW-Authenticate', AGENT_REALM);
    return deny(request, reply, 'UNAUTHENTICATED', 'Agents authenticate with an agent token (Bearer, or the password of HTTP Basic)');
  }
  if (token === null && !secret) return deny(request, reply, 'UNAUTHENTICATED', 'Sign in, or send an API token as "Authorization: Bearer …"');
  const key = token !== null ? `t:${sha256(token)}` : `s:${sha256(secret!)}`;
  const { epoch, unreachable } = await accessEpoch(request, permission);
  const hit = request.server.credentials.get(key, epoch);
  let credential: Credential | null = hit?.credential ?? null;
  let principal: Principal | null = hit?.principal ?? null;
  // Tokens expire while cached too (an agent token may never expire: null).
  if ((credential?.kind === 'token' || credential?.kind === 'agent') && credential.expiresAt !== null && Date.parse(credential.expiresAt) <= now.getTime()) credential = null;
  // Without the database only a credential resolved before can be checked (below), and nothing is written.
  if (credential && credential.kind !== 'session' && !unreachable && now.getTime() - Date.parse(credential.lastUsedAt) > 60_000) {
    // The last-used date of a token, as with sessions, is written at most once a minute.
    credential = { ...credential, lastUsedAt: now.toISOString() };
    await (credential.kind === 'token' ? touchApiToken : touchAgentToken)(database.db, credential.tokenId, now);
    request.server.credentials.set(key, epoch, credential, principal);
  }
  if (credential?.kind === 'session') {
    const verdict = sessionVerdict({ createdAt: credential.createdAt, lastSeenAt: credential.lastSeenAt, reauthenticatedAt: credential.reauthenticatedAt }, now, DEFAULT_SESSION_POLICY);
    if (verdict !== 'valid') credential = null;
    else if (!unreachable && now.getTime() - Date.parse(credential.lastSeenAt) > 60_000) {
      credential = { ...credential, lastSeenAt: now.toISOString() };
      await touchSession(database.db, credential.id, now);
      request.server.credentials.set(key, epoch, credential, principal);
    }
  }
  if (!credential) {
    if (unreachable) throw unreachable;
    request.server.credentials.delete(key);
    if (token !== null) {
      const agent = token.startsWith('csa_') ? await resolveAgentToken(database.db, token, now) : null;
      const api = agent ? null : await resolveApiToken(database.db, token, now);
      if (agent) credential = { kind: 'agent', tokenId: agent.tokenId, orgUnitId: agent.orgUnitId, expiresAt: agent.expiresAt, lastUsedAt: now.toISOString() };
      else if (api) credential = { kind: 'token', tokenId: api.tokenId, accountId: api.accountId, readOnly: api.access === 'read', expiresAt: api.expiresAt, lastUsedAt: now.toISOString() };
      else {
        if (permission === 'inventory.submit') reply.header('WWW-Authenticate', AGENT_REALM);
        return deny(request, reply, 'UNAUTHENTICATED', 'The API token is not valid, has expired or was revoked');
      }
    } else {
      const session = await resolveSession(database.db, secret!, now);
      if (!session) return deny(request, reply, 'UNAUTHENTICATED', 'The session has ended; sign in again');
      credential = { kind: 'session', accountId: session.accountId, id: session.id, csrfToken: session.csrfToken, createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, reauthenticatedAt: session.reauthenticatedAt };
    }
    principal = credential.kind === 'agent' ? null : await loadPrincipal(database.db, credential.accountId);
    if (credential.kind === 'agent' || principal) request.server.credentials.set(key, epoch, credential, principal);
  }

  if (credential.kind === 'agent') {
    if (permission !== 'inventory.submit') return deny(request, reply, 'FORBIDDEN', 'Agent tokens may only post inventories');
    request.auth = { kind: 'agent', principal: null, scope: SCOPE_ALL, sensitive: false, sessionId: null, csrfToken: null, reauthenticatedAt: null, agent: { tokenId: credential.tokenId, orgUnitId: credential.orgUnitId } };
    return;
  }
  if (credential.kind === 'session' && UNSAFE.has(request.method)) {
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origin !== ownOrigin(request, publicUrl)) return deny(request, reply, 'CSRF_REJECTED', 'The request came from another site', credential.accountId);
    if (request.headers[CSRF_HEADER] !== credential.csrfToken) return deny(request, reply, 'CSRF_REJECTED', `Send the session's CSRF token in the ${CSRF_HEADER} header`, credential.accountId);
  }
  const readOnly = credential.kind === 'token' && credential.readOnly;
  const auth: Omit<RequestAuth, 'principal' | 'scope' | 'sensitive'> = credential.kind === 'session'
    ? { kind: 'session', sessionId: credential.id, csrfToken: credential.csrfToken, reauthenticatedAt: credential.reauthenticatedAt, agent: null }
    : { kind: 'token', sessionId: null, csrfToken: null, reauthenticatedAt: null, agent: null };
  const principalId = credential.accountId;
  if (!principal) return deny(request, reply, 'UNAUTHENTICATED', 'The account is deactivated', principalId);
  if (permission === 'inventory.submit') return deny(request, reply, 'FORBIDDEN', 'Only agent tokens may post inventories', principal.accountId);
  if (principal.twoFactorRequired && !principal.twoFactorEnabled && permission !== 'self') {
    return deny(request, reply, 'TWO_FACTOR_ENROLMENT_REQUIRED', 'Set up two-factor authentication first (your role requires it)', principal.accountId);
  }
  // A read-only token reads, and nothing else: not through a write permission, and not through the routes every account
  // has either (a read-only token could otherwise mint itself a read-write one, or change its owner's profile).
  if (readOnly && (!READ_ONLY_PERMISSIONS.includes(permission) || UNSAFE.has(request.method))) {
    return deny(request, reply, 'TOKEN_READ_ONLY', 'This API token can only read', principal.accountId);
  }
  const scope = permission === 'self' ? SCOPE_ALL : scopeOf(principal.grants, permission);
  if (scope.kind === 'none') return deny(request, reply, 'FORBIDDEN', `This needs the ${permission} permission`, principal.accountId);
  // Sensitive values are shown in clear only where sensitive.read reaches everything this request can: a route whose
  // scope is wider (sensitive.read on one unit, the register read organisation-wide) shows them hidden everywhere.
  // (`scope` is never none here: that was refused above, so `covers` is false without sensitive.read.)
  const confirm = request.routeOptions.config?.confirmPassword;
  if (confirm && !(confirm === 'sessions' && auth.kind === 'token')) assertRecentlyAuthenticated(auth.reauthenticatedAt, now);
  request.auth = { ...auth, principal, scope, sensitive: covers(scopeOf(principal.grants, 'sensitive.read'), scope) };
}

/** Sensitive changes need a password confirmation within the last minutes (ASVS 7.5.1); tokens never carry one. */
export function assertRecentlyAuthenticated(at: string | null | undefined, now: Date): void {
  if (!at || !recentlyAuthenticated({ createdAt: at, lastSeenAt: at, reauthenticatedAt: at }, now, DEFAULT_SESSION_POLICY)) {
    throw new AppError('REAUTHENTICATION_REQUIRED', 'Confirm your password (POST /api/v1/auth/reauthenticate) and retry');
  }
}
