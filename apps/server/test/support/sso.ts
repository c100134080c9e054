import { afterAll, beforeAll, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@custodia/server';
import type { SsoRoleMap } from '@custodia/domain';
import { type Context, bootstrapRegister, createAccount, createApiToken, ensureBuiltInRoles, grantRole, systemContext } from '@custodia/core';
import type { TestDatabase, TestEngine } from '../../../../test/support/databases.js';
import { snapshotCounts } from '../../../../test/support/api.js';
import { CLIENT_ID, CLIENT_SECRET, PUBLIC_URL, signInAtProvider, startTestProvider } from '../../../../test/support/oidc-provider.js';

/**
 * OpenID Connect single sign-on, end to end against a real OpenID provider (oidc-provider) listening on 127.0.0.1:
 * Custodia redirects to it, the test signs in there through the provider's own login and consent pages, and the
 * provider redirects back to Custodia's callback.
 */

/**
 * Groups of the provider's users and the Custodia roles they map to, as the server is given them (CUSTODIA_OIDC_ROLE_MAP
 * once read by parseSsoRoleMap: every entry names its org unit, null for organisation-wide).
 */
export const ROLE_MAP: SsoRoleMap = {
  'custodia-admins': [{ role: 'it_asset_manager', orgUnit: null }],
  'it-france': [{ role: 'custodian', orgUnit: 'FR' }],
  auditors: [{ role: 'auditor', orgUnit: null }],
  phantom: [{ role: 'no_such_role', orgUnit: null }, { role: 'auditor', orgUnit: 'NO-SUCH-UNIT' }],
};

/** The test provider for the tests of the file or block this is called in (started in beforeAll). */
export function providerForBlock(): { readonly issuer: string } {
  let started: { issuer: string; close: () => Promise<void> } | undefined;
  beforeAll(async () => { started = await startTestProvider(); });
  afterAll(async () => { await started?.close(); });
  return {
    get issuer() {
      if (!started) throw new Error('the provider starts in beforeAll: read its issuer inside tests and hooks');
      return started.issuer;
    },
  };
}

export interface SsoServer {
  readonly db: TestDatabase;
  readonly app: FastifyInstance;
  readonly system: Context;
  /** An administrator's API token (system administrator and IT asset manager, organisation-wide). */
  readonly adminAuth: Record<string, string>;
  /** The org unit "France" (code FR), which the role map's "it-france" group names. */
  readonly france: { id: string };
  /** Calls the API in-process, as the administrator unless `headers` are given (they replace the credentials). */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** GET /oidc/login on `target`: the provider URL it redirects to and the state cookie it sets. */
  startSignIn(target?: FastifyInstance): Promise<{ location: string; stateCookie: string }>;
  /** Signs in at the provider as `sub`: the callback request the browser would make next (path and cookie). */
  throughProvider(sub: string, target?: FastifyInstance): Promise<{ path: string; state: string; stateCookie: string }>;
  /** The browser's request to Custodia's callback, with the state cookie `cookie`. */
  callback(path: string, cookie: string | null, target?: FastifyInstance): Promise<{ status: number; body: any; headers: Record<string, unknown>; session: string | null }>;
  /** The whole sign-in as `sub`: through the provider, then the callback. */
  signIn(sub: string): Promise<{ status: number; body: any; headers: Record<string, unknown>; session: string | null }>;
  sessionOf(cookie: string): ReturnType<SsoServer['call']>;
  count(table: 'sessions' | 'oidc_identities' | 'accounts'): Promise<number>;
  identityOf(sub: string): Promise<{ account_id: string } | undefined>;
  /** Row counts of the register, access tables and linked identities: "nothing written" means this is unchanged. */
  counts(): Promise<Record<string, number>>;
}

/** A cookie the answer sets (not one it clears), as `name=value`. */
export const cookieOf = (headers: Record<string, unknown>, name: string): string | null =>
  [headers['set-cookie']].flat().map(String).find((c) => c.startsWith(`${name}=`) && !/max-age=0/i.test(c))?.split(';')[0] ?? null;

/**
 * A server on `engine` that signs in through `provider` and creates accounts for people it does not know, for the
 * tests of the describe block this is called in (started in beforeAll, closed in afterAll), with the helpers that
 * play the browser. Its members are read inside tests and hooks only.
 */
export function ssoServerForBlock(engine: TestEngine, provider: { readonly issuer: string }): SsoServer {
  let db: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  let system: Context | undefined;
  let adminAuth: Record<string, string> | undefined;
  let france: { id: string } | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the server starts in beforeAll: use it inside tests and hooks');
    return value;
  };

  beforeAll(async () => {
    db = await engine.open();
    system = systemContext(db, 'system');
    await bootstrapRegister(system);
    await ensureBuiltInRoles(system);
    app = await buildApp({
      database: db, publicUrl: PUBLIC_URL, rateLimit: 1_000_000, logger: process.env['CUSTODIA_TEST_LOG'] ? { level: 'warn' } : false,
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: 'openid email profile groups', groupsClaim: 'groups', roleMap: ROLE_MAP, createAccounts: true },
    });
    await app.ready();
    const admin = await createAccount(system, { login: 'admin', displayName: 'Admin' });
    await grantRole(system, admin.id, { roleKey: 'system_administrator', orgUnitId: null });
    await grantRole(system, admin.id, { roleKey: 'it_asset_manager', orgUnitId: null });
    adminAuth = { authorization: `Bearer ${(await createApiToken(system, admin.id, { name: 'test', access: 'write', expiresInDays: 30 })).token}` };
    france = (await server.call('POST', '/api/v1/org-units', { name: 'France', code: 'FR', kind: 'country' })).body;
  });
  afterAll(async () => { await app?.close(); await db?.dispose(); });

  const server: SsoServer = {
    get db() { return started(db); },
    get app() { return started(app); },
    get system() { return started(system); },
    get adminAuth() { return started(adminAuth); },
    get france() { return started(france); },

    async call(method, url, body, headers = started(adminAuth)) {
      const res = await started(app).inject({ method: method as never, url, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
      return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
    },

    async startSignIn(target = started(app)) {
      const res = await target.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
      expect(res.statusCode, res.body).toBe(302);
      return { location: String(res.headers.location), stateCookie: cookieOf(res.headers, 'custodia_oidc')! };
    },

    async throughProvider(sub, target = started(app)) {
      const { location, stateCookie } = await server.startSignIn(target);
      const back = await signInAtProvider(location, sub);
      return { path: `${back.pathname}${back.search}`, state: back.searchParams.get('state')!, stateCookie };
    },

    async callback(path, cookie, target = started(app)) {
      const res = await target.inject({ method: 'GET', url: path, headers: cookie ? { cookie } : {} });
      return { status: res.statusCode, body: res.body ? (() => { try { return res.json(); } catch { return res.body; } })() : null, headers: res.headers, session: cookieOf(res.headers, 'custodia_session') };
    },

    async signIn(sub) {
      const flow = await server.throughProvider(sub);
      return server.callback(flow.path, flow.stateCookie);
    },

    sessionOf: (cookie) => server.call('GET', '/api/v1/auth/session', undefined, { cookie }),
    count: async (table) => Number((await started(db).db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    identityOf: (sub) => started(db).db.selectFrom('oidc_identities').selectAll().where('issuer', '=', provider.issuer).where('subject', '=', sub).executeTakeFirst(),
    counts: async () => ({ ...(await snapshotCounts(started(db))), oidc_identities: await server.count('oidc_identities') }),
  };
  return server;
}
