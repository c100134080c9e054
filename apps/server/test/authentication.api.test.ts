import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@custodia/server';
import { bootstrapRegister, ensureBuiltInRoles, issueSetupToken, setAccountPassword, systemContext } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { expectProblem, refuse, refused, uniq } from './support/http.js';
import { PASSWORD, manualClock, signInHelpers, withSession } from './support/sign-in.js';

/** Sign-in, sessions, re-authentication and tokens: security test plan §5.1 AU-01…06 (two-factor: two-factor.api.test.ts). */
describe.each(ENGINES)('authentication ($name)', (engine) => {
  let api: TestApi;
  const clock = manualClock();
  const { person, signIn } = signInHelpers(() => api, clock);

  beforeAll(async () => { api = await startApi(engine, { clock }); });
  afterAll(async () => { await api.close(); });

  it('signs in with a password into an HTTP-only, SameSite=Lax session; the session reads and, with the CSRF token, writes', async () => {
    const p = await person(['it_asset_manager']);
    const res = await signIn(p.login);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('signed_in');
    const setCookie = String([res.headers['set-cookie']].flat()[0]);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const session = await api.call('GET', '/api/v1/auth/session', undefined, withSession(res.cookie!));
    expect(session.status).toBe(200);
    expect(session.body.permissions).toContain('assets.write');
    const created = await api.call('POST', '/api/v1/manufacturers', { name: uniq('Maker') }, withSession(res.cookie!, res.body.session.csrfToken));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toBeDefined();
  });

  it('AU-01: an unknown login and a wrong password get the same answer, and both check a password hash', async () => {
    // Timed against a hash of the product's cost, as the unknown login's is.
    const p = await person(['custodian'], 'product-cost');
    const timed = async (login: string) => { const t = performance.now(); const r = await signIn(login, 'wrong password!!', '10.9.0.1'); return { r, ms: performance.now() - t }; };
    const wrong = await timed(p.login);
    const unknown = await timed(uniq('ghost'));
    expect(wrong.r.status).toBe(401);
    expect(unknown.r.status).toBe(401);
    const strip = (b: any) => ({ ...b, requestId: undefined });
    expect(strip(unknown.r.body)).toEqual(strip(wrong.r.body));
    expect(wrong.r.body.code).toBe('INVALID_CREDENTIALS');
    // Both verified a scrypt hash (tens of milliseconds); an early return for unknown logins would take a fraction of that.
    expect(unknown.ms).toBeGreaterThan(wrong.ms / 3);
  });

  it('AU-02: a session stops working after logout, password change, deactivation and role change', async () => {
    const p = await person(['it_asset_manager']);
    const probe = (cookie: string) => api.call('GET', '/api/v1/auth/session', undefined, withSession(cookie));

    const a = await signIn(p.login);
    expect((await api.call('POST', '/api/v1/auth/logout', undefined, withSession(a.cookie!, a.body.session.csrfToken))).status).toBe(204);
    expectProblem(await probe(a.cookie!), 401, 'UNAUTHENTICATED');

    const b = await signIn(p.login);
    const c = await signIn(p.login);
    const changed = await api.call('POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'another long passphrase' }, withSession(c.cookie!, c.body.session.csrfToken));
    expect(changed.status, JSON.stringify(changed.body)).toBe(204);
    expectProblem(await probe(b.cookie!), 401, 'UNAUTHENTICATED');
    expect((await probe(c.cookie!)).status).toBe(200);

    const d = await signIn(p.login, 'another long passphrase');
    const account = (await api.call('GET', `/api/v1/accounts/${p.accountId}`)).body;
    await api.call('POST', `/api/v1/accounts/${p.accountId}/grants`, { roleKey: 'auditor', orgUnitId: null });
    expectProblem(await probe(d.cookie!), 401, 'UNAUTHENTICATED');
    const grantId = account.grants[0].id;
    const e = await signIn(p.login, 'another long passphrase');
    expect((await api.call('DELETE', `/api/v1/accounts/${p.accountId}/grants/${grantId}`)).status).toBe(200);
    expectProblem(await probe(e.cookie!), 401, 'UNAUTHENTICATED');

    const f = await signIn(p.login, 'another long passphrase');
    const current = (await api.call('GET', `/api/v1/accounts/${p.accountId}`)).body;
    expect((await api.call('PATCH', `/api/v1/accounts/${p.accountId}`, { active: false }, { 'if-match': `"${current.version}"` })).status).toBe(200);
    expectProblem(await probe(f.cookie!), 401, 'UNAUTHENTICATED');
    expectProblem(await api.call('GET', '/api/v1/assets', undefined, p.auth), 401, 'UNAUTHENTICATED');
    expect((await signIn(p.login, 'another long passphrase')).status).toBe(401);
  });

  it('AU-04: a cookie-authenticated write without the CSRF token, from another origin, or as text/plain is refused and writes nothing', async () => {
    const p = await person(['it_asset_manager']);
    const s = await signIn(p.login);
    const csrf = s.body.session.csrfToken as string;
    await refuse(api, 403, 'CSRF_REJECTED', 'POST', '/api/v1/manufacturers', { name: uniq('x') }, withSession(s.cookie!));
    await refuse(api, 403, 'CSRF_REJECTED', 'POST', '/api/v1/manufacturers', { name: uniq('x') }, withSession(s.cookie!, 'csu_wrong-token-value'));
    await refuse(api, 403, 'CSRF_REJECTED', 'POST', '/api/v1/manufacturers', { name: uniq('x') }, { ...withSession(s.cookie!, csrf), origin: 'https://evil.example' });
    await refused(api, () => api.app.inject({ method: 'POST', url: '/api/v1/manufacturers', headers: { cookie: s.cookie!, 'x-csrf-token': csrf, 'content-type': 'text/plain' }, payload: '{"name":"plain"}' })
      .then((r) => ({ status: r.statusCode, body: r.json(), headers: r.headers })), 415);
  });

  it('AU-05: failed sign-ins are throttled per account and per address, and never lock the account for good', async () => {
    const victim = await person(['system_administrator']);
    const usual = await signIn(victim.login, PASSWORD, '10.1.1.1');
    expect(usual.device).toMatch(/^custodia_device=/);
    for (let i = 0; i < 5; i++) expect((await signIn(victim.login, 'bad password', `10.1.0.${i}`)).status).toBe(401);
    expect((await signIn(victim.login, PASSWORD, '10.1.1.1', `custodia_device=${victim.accountId}.forged`)).status).toBe(429);
    const throttled = await signIn(victim.login, PASSWORD, '10.1.0.99');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // The attacker cannot lock the administrator out: the browser they used before still gets in at once.
    expect((await signIn(victim.login, PASSWORD, '10.1.1.1', usual.device!)).status).toBe(200);
    for (let i = 0; i < 5; i++) await signIn(victim.login, 'bad password', `10.1.2.${i}`);
    clock.advance(Number(throttled.headers['retry-after']));
    expect((await signIn(victim.login, PASSWORD, '10.1.0.99')).status).toBe(200);

    // Guesses sent at once each count: of ten parallel wrong passwords, five are checked and the rest wait.
    // At the product's hash cost, so the ten guesses overlap while they are checked, as real ones would.
    const target = await person(['custodian'], 'product-cost');
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(target.login, `guess-${i}`, `10.4.0.${i}`)));
    expect(burst.map((r) => r.status).sort()).toEqual([...Array(5).fill(401), ...Array(5).fill(429)]);
    // One address spraying many accounts is slowed down, sent at once as in sequence: twenty are checked, the rest
    // wait; the same accounts from elsewhere are not held. Correct passwords from a shared address (an office behind
    // NAT) never add up to a block.
    const other = await person(['custodian']);
    const spray = await Promise.all(Array.from({ length: 26 }, (_, i) => signIn(`nobody-${i}-${uniq('x')}`, 'bad password', '10.2.0.1')));
    expect(spray.map((r) => r.status).sort()).toEqual([...Array(20).fill(401), ...Array(6).fill(429)]);
    expect((await signIn(other.login, PASSWORD, '10.2.0.1')).status).toBe(429);
    expect((await signIn(other.login, PASSWORD, '10.3.0.1')).status).toBe(200);
    for (let i = 0; i < 21; i++) expect((await signIn(other.login, PASSWORD, '10.6.0.1')).status).toBe(200);
    const log = await api.call('GET', '/api/v1/security-log?kind=login&limit=500');
    expect(log.body.items.some((e: any) => e.outcome === 'denied' && e.detail?.reason === 'throttled')).toBe(true);
    clock.advance(3600);
  });

  it('AU-05: the known-device cookie stops counting once the password is reset', async () => {
    const victim = await person(['custodian']);
    const usual = await signIn(victim.login, PASSWORD, '10.7.1.1');
    expect(usual.device).toMatch(/^custodia_device=/);
    await setAccountPassword(systemContext(api.db, 'system', 'system', clock), victim.accountId, PASSWORD, { revokeApiTokens: false });
    // Whoever kept the cookie from before the reset (a stolen laptop, a former holder) is held like any other guesser.
    for (let i = 0; i < 5; i++) expect((await signIn(victim.login, 'bad password', `10.7.0.${i}`, usual.device!)).status).toBe(401);
    expectProblem(await signIn(victim.login, 'bad password', '10.7.0.9', usual.device!), 429, 'RATE_LIMITED');
    expectProblem(await signIn(victim.login, PASSWORD, '10.7.1.1', usual.device!), 429, 'RATE_LIMITED');
    clock.advance(3600);
  });

  it("a person marked as a leaver: their account's session and API token stop at once, and password sign-in is refused until they are active again", async () => {
    const leaver = (await api.call('POST', '/api/v1/people', { name: uniq('Leaver ') })).body;
    const u = await api.user(uniq('leaver'), [{ role: 'custodian' }], { personId: leaver.id });
    await setAccountPassword(systemContext(api.db, 'system', 'system', clock), u.accountId, PASSWORD, { revokeApiTokens: false });
    const login = (await api.call('GET', `/api/v1/accounts/${u.accountId}`)).body.login as string;
    const s = await signIn(login, PASSWORD, '10.8.0.1');
    const probe = (headers: Record<string, string>) => api.call('GET', '/api/v1/auth/session', undefined, headers);
    expect((await probe(withSession(s.cookie!))).status).toBe(200);
    expect((await probe(u.auth)).status).toBe(200);

    expect((await api.call('PATCH', `/api/v1/people/${leaver.id}`, { active: false }, { 'if-match': `"${leaver.version}"` })).status).toBe(200);
    expectProblem(await probe(withSession(s.cookie!)), 401, 'UNAUTHENTICATED');
    expectProblem(await probe(u.auth), 401, 'UNAUTHENTICATED');
    expect(await api.db.db.selectFrom('sessions').select('id').where('account_id', '=', u.accountId).execute()).toEqual([]);
    // The same answer as a wrong password: the sign-in page does not tell who has left.
    const refusedSignIn = await signIn(login, PASSWORD, '10.8.0.1');
    const wrong = await signIn(login, 'wrong password!!', '10.8.0.2');
    expectProblem(refusedSignIn, 401, 'INVALID_CREDENTIALS');
    expect(refusedSignIn.body.detail).toBe(wrong.body.detail);
    const log = (await api.call('GET', `/api/v1/security-log?accountId=${u.accountId}&kind=login&limit=5`)).body.items;
    expect(log.some((e: any) => e.outcome === 'failure' && e.detail?.reason === 'person_inactive')).toBe(true);

    // Back again (a returning employee): the account works again.
    expect((await api.call('PATCH', `/api/v1/people/${leaver.id}`, { active: true }, { 'if-match': `"${leaver.version + 1}"` })).status).toBe(200);
    expect((await signIn(login, PASSWORD, '10.8.0.1')).status).toBe(200);
  });

  it('AU-06: changing e-mail or two-factor needs a fresh password confirmation; tokens cannot do it', async () => {
    const p = await person(['custodian']);
    const s = await signIn(p.login);
    clock.advance(11 * 60);
    const auth = withSession(s.cookie!, s.body.session.csrfToken);
    await refuse(api, 401, 'REAUTHENTICATION_REQUIRED', 'PATCH', '/api/v1/auth/me', { email: 'new@example.test' }, auth);
    await refuse(api, 401, 'REAUTHENTICATION_REQUIRED', 'POST', '/api/v1/auth/two-factor/enrol', undefined, auth);
    await refuse(api, 401, 'REAUTHENTICATION_REQUIRED', 'PATCH', '/api/v1/auth/me', { email: 'new@example.test' }, p.auth);
    expect((await api.call('POST', '/api/v1/auth/reauthenticate', { password: PASSWORD }, auth)).status).toBe(204);
    const changed = await api.call('PATCH', '/api/v1/auth/me', { email: 'new@example.test' }, auth);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    // Another user's account is out of reach without accounts.manage.
    await refuse(api, 403, 'FORBIDDEN', 'PATCH', `/api/v1/accounts/${(await person(['system_administrator'])).accountId}`, { active: false }, { ...auth, 'if-match': '"1"' });
  });

  it('re-authentication and password change are throttled like sign-in: a held session cannot guess the password at will', async () => {
    const p = await person(['it_asset_analyst']);
    const s = await signIn(p.login, PASSWORD, '10.9.9.9');
    const auth = withSession(s.cookie!, s.body.session.csrfToken);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.call('POST', '/api/v1/auth/reauthenticate', { password: `wrong-guess-${i}` }, auth)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    // The right password waits too, and so does a password change.
    const held = await api.call('POST', '/api/v1/auth/reauthenticate', { password: PASSWORD }, auth);
    expectProblem(held, 429, 'RATE_LIMITED');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    expectProblem(await api.call('POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'another long secret' }, auth), 429, 'RATE_LIMITED');
    clock.advance(300);
    expect((await api.call('POST', '/api/v1/auth/reauthenticate', { password: PASSWORD }, auth)).status).toBe(204);
  });

  it('lists accounts with their grants, in login order, a page at a time', async () => {
    const prefix = uniq('lst').toLowerCase();
    const one = await api.user(`${prefix}-a`, [{ role: 'it_asset_manager' }, { role: 'it_asset_analyst' }]);
    const two = await api.user(`${prefix}-b`, []);
    const three = await api.user(`${prefix}-c`, [{ role: 'custodian' }]);
    // Searched in another case than the logins were written in: the search ignores case on both engines.
    const first = await api.call('GET', `/api/v1/accounts?q=${prefix.toUpperCase()}&limit=2`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.items.map((a: any) => a.id)).toEqual([one.accountId, two.accountId]);
    expect(first.body.items[0].grants.map((g: any) => g.roleKey).sort()).toEqual(['it_asset_analyst', 'it_asset_manager']);
    expect(first.body.items[1].grants).toEqual([]);
    const second = await api.call('GET', `/api/v1/accounts?q=${prefix}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((a: any) => [a.id, a.grants.map((g: any) => g.roleKey)])).toEqual([[three.accountId, ['custodian']]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('finds accounts by display name too, ignoring case and accents', async () => {
    const login = uniq('dn').toLowerCase();
    const made = await api.user(login, []);
    const marker = uniq('Zz');
    await api.db.db.updateTable('accounts').set({ display_name: `Jörg Müller ${marker}` }).where('id', '=', made.accountId).execute();
    for (const q of [`müller ${marker}`, `MULLER ${marker}`, `jorg muller ${marker}`, login.toUpperCase()]) {
      const res = await api.call('GET', `/api/v1/accounts?q=${encodeURIComponent(q)}`);
      expect(res.body.items.map((a: any) => a.id), q).toEqual([made.accountId]);
    }
    expect((await api.call('GET', `/api/v1/accounts?q=${encodeURIComponent(`schmidt ${marker}`)}`)).body.items).toEqual([]);
  });

  it("an administrator sees and revokes an account's API tokens; a password reset revokes them unless told to keep them", async () => {
    const p = await person(['it_asset_manager']);
    const q = await person(['custodian'], false);
    const tokenOf = async (auth: Record<string, string>) => (await api.call('GET', '/api/v1/auth/tokens', undefined, auth)).body.items[0].id as string;
    const [pToken, qToken] = [await tokenOf(p.auth), await tokenOf(q.auth)];
    const listed = await api.call('GET', `/api/v1/accounts/${p.accountId}/api-tokens`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((t: any) => [t.id, t.revokedAt, t.token])).toEqual([[pToken, null, undefined]]);
    expectProblem(await api.call('GET', `/api/v1/accounts/${'0'.repeat(26)}/api-tokens`), 404, 'NOT_FOUND');
    await refuse(api, 403, 'FORBIDDEN', 'GET', `/api/v1/accounts/${p.accountId}/api-tokens`, undefined, q.auth);

    // A forgotten password: the scripts keep working. A refused body changes nothing.
    const hash = async () => (await api.db.db.selectFrom('accounts').select('password_hash').where('id', '=', p.accountId).executeTakeFirstOrThrow()).password_hash;
    const first = await hash();
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/accounts/${p.accountId}/password`, { password: 'another long secret', revokeApiTokens: 'no' });
    expect(await hash()).toBe(first);
    expect((await api.call('POST', `/api/v1/accounts/${p.accountId}/password`, { password: 'another long secret', revokeApiTokens: false })).status).toBe(204);
    expect((await api.call('GET', '/api/v1/assets?limit=1', undefined, p.auth)).status).toBe(200);
    // A reset because the account may be in other hands (the default): its tokens stop too, recorded in its history.
    expect((await api.call('POST', `/api/v1/accounts/${p.accountId}/password`, { password: 'yet another long secret' })).status).toBe(204);
    expectProblem(await api.call('GET', '/api/v1/assets?limit=1', undefined, p.auth), 401, 'UNAUTHENTICATED');
    expect((await api.call('GET', `/api/v1/accounts/${p.accountId}/api-tokens`)).body.items[0].revokedAt).toBe(clock().toISOString());
    const history = (await api.call('GET', `/api/v1/accounts/${p.accountId}/history`)).body.items;
    expect(history[0].changes).toMatchObject({ password: { after: '(changed)' }, apiTokens: { before: '1 active', after: 'revoked' } });
    expect(history[1].changes.apiTokens).toBeUndefined();

    // One token revoked by an administrator; another account's token id answers 404 and revokes nothing.
    expectProblem(await api.call('DELETE', `/api/v1/accounts/${p.accountId}/api-tokens/${qToken}`), 404, 'NOT_FOUND');
    expect((await api.call('GET', '/api/v1/assets?limit=1', undefined, q.auth)).status).toBe(200);
    expect((await api.call('DELETE', `/api/v1/accounts/${q.accountId}/api-tokens/${qToken}`)).status).toBe(204);
    expectProblem(await api.call('GET', '/api/v1/assets?limit=1', undefined, q.auth), 401, 'UNAUTHENTICATED');
    const log = (await api.call('GET', `/api/v1/security-log?accountId=${q.accountId}&kind=token.revoke`)).body.items;
    expect(log[0].detail).toMatchObject({ tokenId: qToken, by: expect.stringContaining('admin') });
  });

  it('API tokens: shown once, stored hashed, read-only ones cannot write, revoked and expired ones stop working', async () => {
    const p = await person(['it_asset_manager']);
    // Made from a session whose password was confirmed recently (signing in counts); a token cannot mint tokens.
    await refuse(api, 401, 'REAUTHENTICATION_REQUIRED', 'POST', '/api/v1/auth/tokens', { name: 'minted', access: 'write', expiresInDays: 366 }, p.auth);
    const s = await signIn(p.login);
    const session = withSession(s.cookie!, s.body.session.csrfToken);
    const made = await api.call('POST', '/api/v1/auth/tokens', { name: 'ci', access: 'read', expiresInDays: 1 }, session);
    expect(made.status).toBe(201);
    const readToken = made.body.token as string;
    const stored = await api.db.db.selectFrom('api_tokens').select(['token_hash', 'prefix']).where('id', '=', made.body.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(readToken.slice(4));
    expect((await api.call('GET', '/api/v1/auth/tokens', undefined, p.auth)).body.items.every((t: any) => t.token === undefined)).toBe(true);
    const readAuth = { authorization: `Bearer ${readToken}` };
    expect((await api.call('GET', '/api/v1/assets', undefined, readAuth)).status).toBe(200);
    const used = (await api.call('GET', '/api/v1/auth/tokens', undefined, p.auth)).body.items.find((t: any) => t.id === made.body.id);
    expect(used.lastUsedAt).toBe(clock().toISOString());
    await refuse(api, 403, 'TOKEN_READ_ONLY', 'POST', '/api/v1/manufacturers', { name: uniq('ro') }, readAuth);
    // Nor through the routes of the account itself: no read-write token minted from a read-only one, no profile change.
    await refuse(api, 403, 'TOKEN_READ_ONLY', 'POST', '/api/v1/auth/tokens', { name: 'escalate', access: 'write', expiresInDays: 30 }, readAuth);
    await refuse(api, 403, 'TOKEN_READ_ONLY', 'PATCH', '/api/v1/auth/me', { displayName: 'Renamed by a token' }, readAuth);
    await refuse(api, 403, 'TOKEN_READ_ONLY', 'POST', '/api/v1/me/views', { name: 'ro', page: 'assets' }, readAuth);
    expect((await api.call('GET', '/api/v1/me/views', undefined, readAuth)).status).toBe(200);
    expect((await api.call('GET', '/api/v1/auth/session', undefined, readAuth)).body.account.displayName).not.toBe('Renamed by a token');
    clock.advance(2 * 86_400);
    expectProblem(await api.call('GET', '/api/v1/assets', undefined, readAuth), 401, 'UNAUTHENTICATED');
    // Two days later: a new sign-in, and another token.
    const fresh = await signIn(p.login);
    const w = await api.call('POST', '/api/v1/auth/tokens', { name: 'w', access: 'write', expiresInDays: 30 }, withSession(fresh.cookie!, fresh.body.session.csrfToken));
    expect((await api.call('DELETE', `/api/v1/auth/tokens/${w.body.id}`, undefined, p.auth)).status).toBe(204);
    expectProblem(await api.call('GET', '/api/v1/assets', undefined, { authorization: `Bearer ${w.body.token}` }), 401, 'UNAUTHENTICATED');
    expectProblem(await api.call('GET', '/api/v1/assets', undefined, { authorization: '' }), 401, 'UNAUTHENTICATED');
  });

  it('IN-06: a spoofed X-Forwarded-For is not believed (no proxy is trusted by default), so throttling and the log see the real peer', async () => {
    const ghost = uniq('spoof');
    await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.7.0.1', headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1' }, payload: JSON.stringify({ login: ghost, password: 'whatever-it-is' }) });
    const log = await api.call('GET', '/api/v1/security-log?kind=login&limit=50');
    expect(log.body.items.find((e: any) => e.login === ghost)).toMatchObject({ outcome: 'failure', ip: '10.7.0.1' });
  });

  it('sessions end after 30 idle minutes and after 12 hours however active', async () => {
    const p = await person(['it_asset_analyst']);
    const idle = await signIn(p.login);
    clock.advance(29 * 60);
    expect((await api.call('GET', '/api/v1/auth/session', undefined, withSession(idle.cookie!))).status).toBe(200);
    clock.advance(31 * 60);
    expectProblem(await api.call('GET', '/api/v1/auth/session', undefined, withSession(idle.cookie!)), 401, 'UNAUTHENTICATED');
    const busy = await signIn(p.login);
    for (let h = 0; h < 12; h++) {
      clock.advance(20 * 60);
      expect((await api.call('GET', '/api/v1/auth/session', undefined, withSession(busy.cookie!))).status).toBe(200);
      clock.advance(20 * 60);
      expect((await api.call('GET', '/api/v1/auth/session', undefined, withSession(busy.cookie!))).status).toBe(200);
      clock.advance(20 * 60);
      if (h < 11) expect((await api.call('GET', '/api/v1/auth/session', undefined, withSession(busy.cookie!))).status).toBe(200);
    }
    expectProblem(await api.call('GET', '/api/v1/auth/session', undefined, withSession(busy.cookie!)), 401, 'UNAUTHENTICATED');
  });

  it('agent tokens are separate: they reach no user route', async () => {
    const agent = await api.call('POST', '/api/v1/agent-tokens', { name: 'office agents' });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    expect(agent.body.token).toMatch(/^csa_/);
    await refuse(api, 403, 'FORBIDDEN', 'GET', '/api/v1/assets', undefined, { authorization: `Bearer ${agent.body.token}` });
  });
});

describe.each(ENGINES)('first run ($name)', (engine) => {
  it('issues a one-time set-up token on an empty database; the first administrator is created with it, once', async () => {
    const db = await engine.open();
    const system = systemContext(db, 'system');
    await bootstrapRegister(system);
    await ensureBuiltInRoles(system);
    const app = await buildApp({ database: db });
    try {
      const call = async (method: string, url: string, body?: unknown) => {
        const r = await app.inject({ method: method as never, url, ...(body ? { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) } : {}) });
        return { status: r.statusCode, body: r.json(), headers: r.headers };
      };
      expect((await call('GET', '/api/v1/auth/setup')).body).toEqual({ setupNeeded: true });
      expectProblem(await call('GET', '/api/v1/assets'), 401, 'UNAUTHENTICATED');
      const token = await issueSetupToken(system);
      expect(token).toMatch(/^csu_/);
      const before = await snapshotCounts(db);
      expectProblem(await call('POST', '/api/v1/auth/setup', { token: 'csu_not-the-token-at-all', login: 'admin', displayName: 'Admin', password: PASSWORD }), 403, 'SETUP_TOKEN_INVALID');
      expectProblem(await call('POST', '/api/v1/auth/setup', { token, login: 'admin', displayName: 'Admin', password: 'short' }), 422, 'PASSWORD_REJECTED');
      expect(await snapshotCounts(db)).toEqual(before);
      const done = await call('POST', '/api/v1/auth/setup', { token, login: 'admin', displayName: 'Admin', password: PASSWORD });
      expect(done.status, JSON.stringify(done.body)).toBe(201);
      expect(done.body.permissions).toEqual(expect.arrayContaining(['accounts.manage', 'assets.write']));
      expect(String(done.headers['set-cookie'])).toMatch(/custodia_session=/);
      expectProblem(await call('POST', '/api/v1/auth/setup', { token, login: 'second', displayName: 'Second', password: PASSWORD }), 409, 'SETUP_ALREADY_DONE');
      expect(await issueSetupToken(system)).toBeNull();
      expect((await call('GET', '/api/v1/auth/setup')).body).toEqual({ setupNeeded: false });
    } finally {
      await app.close();
      await db.dispose();
    }
  });
});

describe.each(ENGINES)('rate limit ($name)', (engine) => {
  it('answers 429 with Retry-After beyond the per-address limit, and other addresses are unaffected', async () => {
    const api = await startApi(engine, { rateLimit: 5 });
    try {
      const get = (ip: string) => api.app.inject({ method: 'GET', url: '/api/v1/assets?limit=1', remoteAddress: ip, headers: { authorization: `Bearer ${api.adminToken}` } });
      for (let i = 0; i < 5; i++) expect((await get('10.5.0.1')).statusCode).toBe(200);
      const limited = await get('10.5.0.1');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await get('10.5.0.2')).statusCode).toBe(200);
    } finally {
      await api.close();
    }
  });
});
