import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@custodia/server';
import { type Context, OIDC_STATE_TTL_SECONDS, bootstrapRegister, consumeOidcState, createAccount, createApiToken, ensureBuiltInRoles, grantRole, presentAccount, saveOidcState, setAccountPassword, systemContext, updateAccount } from '@custodia/core';
import { ENGINES, type TestDatabase } from '../../../test/support/databases.js';
import { snapshotCounts } from '../../../test/support/api.js';
import { TOTP, Secret } from 'otpauth';
import { expectProblem, uniq } from './support/http.js';
import { CLIENT_ID, CLIENT_SECRET, PUBLIC_URL, REDIRECT_URI, idpUsers, signInAtProvider, startTestProvider } from '../../../test/support/oidc-provider.js';

/**
 * OpenID Connect single sign-on, end to end against a real OpenID provider (oidc-provider) listening on 127.0.0.1:
 * Custodia redirects to it, the test signs in there through the provider's own login and consent pages, and the
 * provider redirects back to Custodia's callback. Security test plan AU-03.
 */

/** Groups of the provider's users and the Custodia roles they map to (CUSTODIA_OIDC_ROLE_MAP). */
const ROLE_MAP = {
  'custodia-admins': [{ role: 'it_asset_manager', orgUnit: null }],
  'it-france': [{ role: 'custodian', orgUnit: 'FR' }],
  auditors: [{ role: 'auditor' }],
  phantom: [{ role: 'no_such_role', orgUnit: null }, { role: 'auditor', orgUnit: 'NO-SUCH-UNIT' }],
};

let issuer: string;
let closeProvider: () => Promise<void>;
beforeAll(async () => { ({ issuer, close: closeProvider } = await startTestProvider()); });
afterAll(async () => { await closeProvider?.(); });

describe.each(ENGINES)('OpenID Connect single sign-on ($name)', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let system: Context;
  let adminAuth: Record<string, string>;
  let france: { id: string };

  beforeAll(async () => {
    db = await engine.open();
    system = systemContext(db, 'system');
    await bootstrapRegister(system);
    await ensureBuiltInRoles(system);
    app = await buildApp({
      database: db, publicUrl: PUBLIC_URL, rateLimit: 1_000_000, logger: process.env['CUSTODIA_TEST_LOG'] ? { level: 'warn' } : false,
      oidc: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: 'openid email profile groups', groupsClaim: 'groups', roleMap: ROLE_MAP, createAccounts: true },
    });
    await app.ready();
    const admin = await createAccount(system, { login: 'admin', displayName: 'Admin' });
    await grantRole(system, admin.id, { roleKey: 'system_administrator', orgUnitId: null });
    await grantRole(system, admin.id, { roleKey: 'it_asset_manager', orgUnitId: null });
    adminAuth = { authorization: `Bearer ${(await createApiToken(system, admin.id, { name: 'test', access: 'write', expiresInDays: 30 })).token}` };
    france = (await call('POST', '/api/v1/org-units', { name: 'France', code: 'FR', kind: 'country' })).body;
  });
  afterAll(async () => { await app?.close(); await db?.dispose(); });

  async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = adminAuth) {
    const res = await app.inject({ method: method as never, url, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
    return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
  }

  const cookieOf = (headers: Record<string, unknown>, name: string) =>
    [headers['set-cookie']].flat().map(String).find((c) => c.startsWith(`${name}=`) && !/max-age=0/i.test(c))?.split(';')[0] ?? null;

  /** GET /oidc/login on `target`: the provider URL it redirects to and the state cookie it sets. */
  async function startSignIn(target: FastifyInstance = app) {
    const res = await target.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
    expect(res.statusCode, res.body).toBe(302);
    return { location: String(res.headers.location), stateCookie: cookieOf(res.headers, 'custodia_oidc')! };
  }

  /** Signs in at the provider as `sub`: the callback request the browser would make next (path and cookie). */
  async function throughProvider(sub: string, target: FastifyInstance = app) {
    const { location, stateCookie } = await startSignIn(target);
    const back = await signInAtProvider(location, sub);
    return { path: `${back.pathname}${back.search}`, state: back.searchParams.get('state')!, stateCookie };
  }

  async function callback(path: string, cookie: string | null, target: FastifyInstance = app) {
    const res = await target.inject({ method: 'GET', url: path, headers: cookie ? { cookie } : {} });
    return { status: res.statusCode, body: res.body ? (() => { try { return res.json(); } catch { return res.body; } })() : null, headers: res.headers, session: cookieOf(res.headers, 'custodia_session') };
  }

  async function signIn(sub: string) {
    const flow = await throughProvider(sub);
    return callback(flow.path, flow.stateCookie);
  }

  const sessionOf = (cookie: string) => call('GET', '/api/v1/auth/session', undefined, { cookie });
  const count = async (table: 'sessions' | 'oidc_identities' | 'accounts') => Number((await db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const identityOf = (sub: string) => db.db.selectFrom('oidc_identities').selectAll().where('issuer', '=', issuer).where('subject', '=', sub).executeTakeFirst();
  const counts = async () => ({ ...(await snapshotCounts(db)), oidc_identities: await count('oidc_identities') });

  it('redirects to the provider with the authorization code flow, PKCE (S256), state and nonce; the state is kept only as a hash', async () => {
    const { location, stateCookie } = await startSignIn();
    const url = new URL(location);
    expect(url.origin).toBe(issuer);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toBeTruthy();
    expect(q.get('scope')).toBe('openid email profile groups');
    const state = q.get('state')!;
    expect(stateCookie).toBe(`custodia_oidc=${state}`);
    const rows = await db.db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'oidc_state:%').execute();
    expect(rows.some((r) => r.key.includes(state))).toBe(false);
    expect(JSON.stringify(rows)).not.toContain(q.get('code_challenge')!);
  });

  it('IN-06: the redirect URI comes from the configured public URL, whatever Host or X-Forwarded-Host the request names', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login', headers: { host: 'evil.test', 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'http' } });
    expect(res.statusCode, res.body).toBe(302);
    const location = new URL(String(res.headers.location));
    expect(location.origin).toBe(issuer);
    expect(location.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(String(res.headers.location)).not.toContain('evil.test');
  });

  it('first sign-in creates the account, links the identity and applies the role map; the session carries those permissions', async () => {
    const sub = uniq('ada');
    idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, name: 'Ada Lovelace', preferred_username: sub, groups: ['custodia-admins', 'it-france', 'phantom', 'unmapped'] });
    const accountsBefore = await count('accounts');
    const res = await signIn(sub);
    expect(res.status, JSON.stringify(res.body)).toBe(302);
    expect(res.headers.location).toBe('/');
    expect(String([res.headers['set-cookie']].flat().find((c) => String(c).startsWith('custodia_session=')))).toMatch(/HttpOnly/i);
    expect(await count('accounts')).toBe(accountsBefore + 1);
    const identity = await identityOf(sub);
    expect(identity).toBeDefined();
    const account = await presentAccount(db.db, identity!.account_id);
    expect(account).toMatchObject({ login: sub, displayName: 'Ada Lovelace', email: `${sub}@example.org`, active: true, hasPassword: false });
    expect(account.grants.map((g) => `${g.roleKey}@${g.orgUnitId ?? '*'}`).sort()).toEqual([`custodian@${france.id}`, 'it_asset_manager@*']);
    const grantRows = await db.db.selectFrom('role_grants').select('created_by').where('account_id', '=', account.id).execute();
    expect(grantRows.every((g) => g.created_by === 'oidc')).toBe(true);

    const session = await sessionOf(res.session!);
    expect(session.status).toBe(200);
    expect(session.body.account.id).toBe(account.id);
    expect(session.body.permissions).toContain('assets.write');
    const method = await db.db.selectFrom('sessions').select('method').where('account_id', '=', account.id).execute();
    expect(method.map((m) => m.method)).toEqual(['oidc']);

    const log = await call('GET', `/api/v1/security-log?accountId=${account.id}&kind=login.oidc`);
    expect(log.body.items[0]).toMatchObject({ outcome: 'success', detail: { via: 'created', subject: sub } });
    // Mappings naming an unknown role or org unit are skipped (and logged), never widened.
    expect(log.body.items[0].detail.unresolvedMappings.map((u: { reason: string }) => u.reason).sort()).toEqual(['unknown_org_unit', 'unknown_role']);
  });

  it('a second sign-in keeps the one account and replaces the SSO grants from the current groups; grants given by hand stay', async () => {
    const sub = uniq('grace');
    idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, name: 'Grace', groups: ['custodia-admins'] });
    const first = await signIn(sub);
    expect(first.status).toBe(302);
    const accountId = (await identityOf(sub))!.account_id;
    await grantRole(system, accountId, { roleKey: 'licence_manager', orgUnitId: null });
    const accounts = await count('accounts');

    idpUsers.set(sub, { ...idpUsers.get(sub), groups: ['auditors'] });
    const second = await signIn(sub);
    expect(second.status, JSON.stringify(second.body)).toBe(302);
    expect(await count('accounts')).toBe(accounts);
    expect((await db.db.selectFrom('oidc_identities').select('id').where('account_id', '=', accountId).execute()).length).toBe(1);
    const grants = (await presentAccount(db.db, accountId)).grants.map((g) => g.roleKey).sort();
    expect(grants).toEqual(['auditor', 'licence_manager']);
    const session = await sessionOf(second.session!);
    expect(session.body.account.id).toBe(accountId);
    expect(session.body.permissions).not.toContain('lifecycle.manage');
    expect(session.body.permissions).toContain('audits.record');
    // The role change ended the earlier session, as an administrator's change would.
    expect((await sessionOf(first.session!)).status).toBe(401);
  });

  it('an account with two-factor on gets no session from the provider alone: the sign-in page asks its own code, then it signs in', async () => {
    const sub = uniq('hedy');
    idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, name: 'Hedy Lamarr', groups: ['auditors'] });
    const first = await signIn(sub);
    expect(first.status).toBe(302);
    const accountId = (await identityOf(sub))!.account_id;
    const auth = { cookie: first.session!, 'x-csrf-token': (await sessionOf(first.session!)).body.csrfToken };
    const enrol = await call('POST', '/api/v1/auth/two-factor/enrol', undefined, auth);
    expect(enrol.status, JSON.stringify(enrol.body)).toBe(200);
    const totp = new TOTP({ secret: Secret.fromBase32(enrol.body.secret), digits: 6, period: 30, algorithm: 'SHA1' });
    expect((await call('POST', '/api/v1/auth/two-factor/confirm', { code: totp.generate() }, auth)).status).toBe(200);
    const sessions = async () => (await db.db.selectFrom('sessions').select(['id', 'method']).where('account_id', '=', accountId).execute());
    const before = await sessions();

    const second = await signIn(sub);
    expect(second.status, JSON.stringify(second.body)).toBe(302);
    expect(second.session).toBeNull();
    const location = String(second.headers.location);
    // In the fragment: never sent to a server, so it reaches no access log and no Referer.
    expect(location).toMatch(/^\/sign-in#two-factor=csu_[A-Za-z0-9_-]+$/);
    const pendingToken = decodeURIComponent(location.slice(location.indexOf('=') + 1));
    expect(await sessions()).toEqual(before);

    const anonymous = {};
    expectProblem(await call('POST', '/api/v1/auth/login/two-factor', { pendingToken, code: '000000' }, anonymous), 401, 'INVALID_TWO_FACTOR_CODE');
    expect(await sessions()).toEqual(before);
    // The enrolment spent the current code (a code works once): the next one, inside the clock-drift window.
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    const done = await call('POST', '/api/v1/auth/login/two-factor', { pendingToken, code: next }, anonymous);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const cookie = cookieOf(done.headers, 'custodia_session')!;
    expect((await sessionOf(cookie)).body.account.id).toBe(accountId);
    const after = await sessions();
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((x) => !before.some((b) => b.id === x.id))?.method).toBe('oidc');
    // Spent: the same pending sign-in does not open a second session.
    expectProblem(await call('POST', '/api/v1/auth/login/two-factor', { pendingToken, code: totp.generate({ timestamp: Date.now() + 60_000 }) }, anonymous), 401, 'UNAUTHENTICATED');
    const log = await call('GET', `/api/v1/security-log?accountId=${accountId}&kind=login.oidc`);
    expect(log.body.items[0]).toMatchObject({ outcome: 'success', detail: { via: 'identity', secondFactor: 'pending' } });
  });

  it('links by verified e-mail to an existing account, or to the person with that e-mail; an unverified e-mail links nothing', async () => {
    const bob = uniq('bob');
    const existing = await createAccount(system, { login: `${bob}-local`, displayName: 'Bob', email: `${bob.toUpperCase()}@Example.org` });
    idpUsers.set(bob, { email: `${bob}@example.org`, email_verified: true, groups: [] });
    const accounts = await count('accounts');
    expect((await signIn(bob)).status).toBe(302);
    expect(await count('accounts')).toBe(accounts);
    expect((await identityOf(bob))!.account_id).toBe(existing.id);

    const carol = uniq('carol');
    const person = (await call('POST', '/api/v1/people', { name: 'Carol', email: `${carol}@example.org` })).body;
    idpUsers.set(carol, { email: `${carol}@Example.org`, email_verified: true, groups: [] });
    expect((await signIn(carol)).status).toBe(302);
    expect((await presentAccount(db.db, (await identityOf(carol))!.account_id)).personId).toBe(person.id);

    const mallory = uniq('mallory');
    idpUsers.set(mallory, { email: `${bob}@example.org`, email_verified: false, groups: [] });
    expect((await signIn(mallory)).status).toBe(302);
    expect((await identityOf(mallory))!.account_id).not.toBe(existing.id);
    expect((await presentAccount(db.db, (await identityOf(mallory))!.account_id)).email).toBeNull();
  });

  it('an e-mail typed by the holder of a password account does not take over the SSO identity with that e-mail', async () => {
    const boss = uniq('boss');
    const grabber = await createAccount(system, { login: uniq('grabber'), displayName: 'Grabber', email: `${boss}@example.org` });
    await setAccountPassword(system, grabber.id, 'a long enough secret');
    idpUsers.set(boss, { email: `${boss}@example.org`, email_verified: true, groups: ['custodia-admins'] });
    const flow = await throughProvider(boss);
    const before = await counts();
    const res = await callback(flow.path, flow.stateCookie);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.session).toBeNull();
    expect(await counts()).toEqual(before);
    expect((await presentAccount(db.db, grabber.id)).grants).toEqual([]);
    const log = await call('GET', `/api/v1/security-log?accountId=${grabber.id}&kind=login.oidc`);
    expect(log.body.items[0]).toMatchObject({ outcome: 'failure', detail: { reason: 'email_not_proven' } });
    // Once an administrator links the account to the person with that e-mail, single sign-on links to it.
    const person = (await call('POST', '/api/v1/people', { name: 'Boss', email: `${boss}@example.org` })).body;
    expect((await call('PATCH', `/api/v1/accounts/${grabber.id}`, { personId: person.id }, { ...adminAuth, 'if-match': `"${(await presentAccount(db.db, grabber.id)).version}"` })).status).toBe(200);
    expect((await signIn(boss)).status).toBe(302);
    expect((await identityOf(boss))!.account_id).toBe(grabber.id);
  });

  it('AU-03: a deactivated account is refused with 403 SSO_ACCOUNT_INACTIVE, and nothing is written', async () => {
    const sub = uniq('dora');
    idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, groups: ['custodia-admins'] });
    expect((await signIn(sub)).status).toBe(302);
    const accountId = (await identityOf(sub))!.account_id;
    await updateAccount({ ...system, access: { ...system.access, accountId: null } }, accountId, (await presentAccount(db.db, accountId)).version, { active: false });
    idpUsers.set(sub, { ...idpUsers.get(sub), groups: ['auditors'] });

    const flow = await throughProvider(sub);
    const before = await counts();
    const res = await callback(flow.path, flow.stateCookie);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SSO_ACCOUNT_INACTIVE');
    expect(res.session).toBeNull();
    expect(await counts()).toEqual(before);
    expect((await db.db.selectFrom('sessions').select('id').where('account_id', '=', accountId).execute()).length).toBe(0);
    // The SSO grants were not replaced by the refused sign-in.
    expect((await presentAccount(db.db, accountId)).grants.map((g) => g.roleKey)).toEqual(['it_asset_manager']);
    const log = await call('GET', `/api/v1/security-log?accountId=${accountId}&kind=login.oidc`);
    expect(log.body.items[0]).toMatchObject({ outcome: 'failure', detail: { code: 'SSO_ACCOUNT_INACTIVE', reason: 'inactive' } });
  });

  it('AU-03: someone whose person is inactive is refused with 403 SSO_ACCOUNT_INACTIVE and no account is created', async () => {
    const sub = uniq('eve');
    await call('POST', '/api/v1/people', { name: 'Eve', email: `${sub}@example.org`, active: false });
    idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, groups: ['custodia-admins'] });
    const flow = await throughProvider(sub);
    const before = await counts();
    const res = await callback(flow.path, flow.stateCookie);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SSO_ACCOUNT_INACTIVE');
    expect(await counts()).toEqual(before);
    expect(await identityOf(sub)).toBeUndefined();
  });

  it('a tampered, unknown or foreign state is refused (4xx) and signs no one in', async () => {
    const sub = uniq('tom');
    idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, groups: ['custodia-admins'] });
    const flow = await throughProvider(sub);
    const before = await counts();

    const tampered = flow.path.replace(`state=${flow.state}`, `state=${flow.state.slice(0, -2)}xy`);
    expect(tampered).not.toBe(flow.path);
    const a = await callback(tampered, flow.stateCookie);
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.status).toBeLessThan(500);
    expect(a.body.code).toBe('UNAUTHENTICATED');

    // A state Custodia never issued, even with a matching cookie.
    const forged = flow.path.replace(`state=${flow.state}`, 'state=forged-state-value');
    const b = await callback(forged, 'custodia_oidc=forged-state-value');
    expect(b.status).toBe(401);

    // No state at all.
    const c = await callback(flow.path.replace(`state=${flow.state}`, ''), flow.stateCookie);
    expect(c.status).toBe(401);

    // Login CSRF: a genuine response replayed in a browser that did not start the sign-in (no state cookie).
    const d = await callback(flow.path, null);
    expect(d.status).toBe(401);
    expect(a.session ?? b.session ?? c.session ?? d.session).toBeNull();
    expect(await counts()).toEqual(before);
    // The genuine state was spent by the last attempt: the real browser must start again.
    expect((await callback(flow.path, flow.stateCookie)).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('AU-03: the same callback sent 20 times concurrently opens at most one session', async () => {
    const sub = uniq('replay');
    idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, groups: ['custodia-admins'] });
    const flow = await throughProvider(sub);
    const sessionsBefore = await count('sessions');
    const accountsBefore = await count('accounts');
    const results = await Promise.all(Array.from({ length: 20 }, () => callback(flow.path, flow.stateCookie)));
    const statuses = results.map((r) => r.status);
    // Exactly one request spends the state and signs in; the other 19 find it spent.
    expect(statuses.filter((s) => s === 302).length).toBe(1);
    expect(statuses.filter((s) => s !== 302).every((s) => s === 401)).toBe(true);
    expect(results.filter((r) => r.session).length).toBe(1);
    expect(await count('sessions')).toBe(sessionsBefore + 1);
    expect(await count('accounts')).toBe(accountsBefore + 1);
    const identity = await identityOf(sub);
    expect((await db.db.selectFrom('sessions').select('id').where('account_id', '=', identity!.account_id).execute()).length).toBe(1);
    // Replayed later, still refused.
    expect((await callback(flow.path, flow.stateCookie)).status).toBe(401);
    expect(await count('sessions')).toBe(sessionsBefore + 1);
  });

  it('a pending sign-in expires after its time-to-live, and expired ones are cleared when new ones start', async () => {
    const t0 = new Date('2030-01-01T10:00:00.000Z');
    const late = new Date(t0.getTime() + (OIDC_STATE_TTL_SECONDS + 1) * 1000);
    const pending = { nonce: 'n', codeVerifier: 'v' };
    await saveOidcState(db.db, t0, 'expiring-state', pending);
    expect(await consumeOidcState(db.db, late, 'expiring-state')).toBeNull();
    await saveOidcState(db.db, t0, 'forgotten-state', pending);
    await saveOidcState(db.db, late, 'fresh-state', pending);
    const keys = (await db.db.selectFrom('settings').select('key').where('key', 'like', 'oidc_state:%').execute()).length;
    expect(await consumeOidcState(db.db, late, 'forgotten-state')).toBeNull();
    expect(await consumeOidcState(db.db, late, 'fresh-state')).toEqual(pending);
    expect(await consumeOidcState(db.db, late, 'fresh-state')).toBeNull();
    expect((await db.db.selectFrom('settings').select('key').where('key', 'like', 'oidc_state:%').execute()).length).toBe(keys - 1);
  });

  it('the provider refusing the sign-in (access denied) is refused here too', async () => {
    const { location, stateCookie } = await startSignIn();
    const state = new URL(location).searchParams.get('state')!;
    const before = await counts();
    const res = await callback(`/api/v1/auth/oidc/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(issuer)}`, stateCookie);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(await counts()).toEqual(before);
  });

  it('with account creation off, someone unknown is refused (403) and nothing is written', async () => {
    const closed = await buildApp({
      database: db, publicUrl: PUBLIC_URL, rateLimit: 1_000_000,
      oidc: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: 'openid email profile groups', roleMap: ROLE_MAP, createAccounts: false },
    });
    await closed.ready();
    try {
      const sub = uniq('nobody');
      idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, groups: ['custodia-admins'] });
      const flow = await throughProvider(sub, closed);
      const before = await counts();
      const res = await callback(flow.path, flow.stateCookie, closed);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
    } finally {
      await closed.close();
    }
  });
});

describe('OpenID Connect configuration', () => {
  it('registers the SSO routes only when configured, and refuses a configuration without a public URL', async () => {
    const db = await ENGINES[0]!.open();
    try {
      const plain = await buildApp({ database: db });
      expect((await plain.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' })).statusCode).toBe(404);
      await plain.close();
      await expect(async () => {
        const bad = await buildApp({ database: db, oidc: { issuer: 'https://idp.example', clientId: 'x', clientSecret: null } });
        await bad.ready();
      }).rejects.toThrow(/PUBLIC_URL/);
    } finally {
      await db.dispose();
    }
  });
});
