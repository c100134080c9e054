import { describe, expect, it } from 'vitest';
import { buildApp } from '@custodia/server';
import { OIDC_STATE_TTL_SECONDS, consumeOidcState, grantRole, presentAccount, saveOidcState } from '@custodia/core';
import { TOTP, Secret } from 'otpauth';
import { ENGINES } from '../../../test/support/databases.js';
import { CLIENT_ID, REDIRECT_URI, idpUsers } from '../../../test/support/oidc-provider.js';
import { expectProblem, uniq } from './support/http.js';
import { cookieOf, providerForBlock, ssoServerForBlock } from './support/sso.js';

/**
 * OpenID Connect single sign-on against a real OpenID provider (support/sso.ts): the redirect, first and later
 * sign-ins with the role map, two-factor after the provider, and the callback's guards against forged, replayed and
 * expired state (security test plan AU-03). Linking to accounts that exist and refusals: oidc-account-linking.api.test.ts.
 */
const provider = providerForBlock();

describe.each(ENGINES)('OpenID Connect single sign-on ($name)', (engine) => {
  const sso = ssoServerForBlock(engine, provider);
  const { call, startSignIn, throughProvider, callback, signIn, sessionOf, count, identityOf, counts } = sso;

  it('redirects to the provider with the authorization code flow, PKCE (S256), state and nonce; the state is kept only as a hash', async () => {
    const { location, stateCookie } = await startSignIn();
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
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
    const rows = await sso.db.db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'oidc_state:%').execute();
    expect(rows.some((r) => r.key.includes(state))).toBe(false);
    expect(JSON.stringify(rows)).not.toContain(q.get('code_challenge')!);
  });

  it('IN-06: the redirect URI comes from the configured public URL, whatever Host or X-Forwarded-Host the request names', async () => {
    const res = await sso.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login', headers: { host: 'evil.test', 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'http' } });
    expect(res.statusCode, res.body).toBe(302);
    const location = new URL(String(res.headers.location));
    expect(location.origin).toBe(provider.issuer);
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
    const account = await presentAccount(sso.db.db, identity!.account_id);
    expect(account).toMatchObject({ login: sub, displayName: 'Ada Lovelace', email: `${sub}@example.org`, active: true, hasPassword: false });
    expect(account.grants.map((g) => `${g.roleKey}@${g.orgUnitId ?? '*'}`).sort()).toEqual([`custodian@${sso.france.id}`, 'it_asset_manager@*']);
    const grantRows = await sso.db.db.selectFrom('role_grants').select('created_by').where('account_id', '=', account.id).execute();
    expect(grantRows.every((g) => g.created_by === 'oidc')).toBe(true);

    const session = await sessionOf(res.session!);
    expect(session.status).toBe(200);
    expect(session.body.account.id).toBe(account.id);
    expect(session.body.permissions).toContain('assets.write');
    const method = await sso.db.db.selectFrom('sessions').select('method').where('account_id', '=', account.id).execute();
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
    await grantRole(sso.system, accountId, { roleKey: 'licence_manager', orgUnitId: null });
    const accounts = await count('accounts');

    idpUsers.set(sub, { ...idpUsers.get(sub), groups: ['auditors'] });
    const second = await signIn(sub);
    expect(second.status, JSON.stringify(second.body)).toBe(302);
    expect(await count('accounts')).toBe(accounts);
    expect((await sso.db.db.selectFrom('oidc_identities').select('id').where('account_id', '=', accountId).execute()).length).toBe(1);
    const grants = (await presentAccount(sso.db.db, accountId)).grants.map((g) => g.roleKey).sort();
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
    const sessions = async () => (await sso.db.db.selectFrom('sessions').select(['id', 'method']).where('account_id', '=', accountId).execute());
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
    expect((await sso.db.db.selectFrom('sessions').select('id').where('account_id', '=', identity!.account_id).execute()).length).toBe(1);
    // Replayed later, still refused.
    expect((await callback(flow.path, flow.stateCookie)).status).toBe(401);
    expect(await count('sessions')).toBe(sessionsBefore + 1);
  });

  it('a pending sign-in expires after its time-to-live, and expired ones are cleared when new ones start', async () => {
    const t0 = new Date('2030-01-01T10:00:00.000Z');
    const late = new Date(t0.getTime() + (OIDC_STATE_TTL_SECONDS + 1) * 1000);
    const pending = { nonce: 'n', codeVerifier: 'v' };
    await saveOidcState(sso.db.db, t0, 'expiring-state', pending);
    expect(await consumeOidcState(sso.db.db, late, 'expiring-state')).toBeNull();
    await saveOidcState(sso.db.db, t0, 'forgotten-state', pending);
    await saveOidcState(sso.db.db, late, 'fresh-state', pending);
    const keys = (await sso.db.db.selectFrom('settings').select('key').where('key', 'like', 'oidc_state:%').execute()).length;
    expect(await consumeOidcState(sso.db.db, late, 'forgotten-state')).toBeNull();
    expect(await consumeOidcState(sso.db.db, late, 'fresh-state')).toEqual(pending);
    expect(await consumeOidcState(sso.db.db, late, 'fresh-state')).toBeNull();
    expect((await sso.db.db.selectFrom('settings').select('key').where('key', 'like', 'oidc_state:%').execute()).length).toBe(keys - 1);
  });

  it('the provider refusing the sign-in (access denied) is refused here too', async () => {
    const { location, stateCookie } = await startSignIn();
    const state = new URL(location).searchParams.get('state')!;
    const before = await counts();
    const res = await callback(`/api/v1/auth/oidc/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(provider.issuer)}`, stateCookie);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(await counts()).toEqual(before);
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
