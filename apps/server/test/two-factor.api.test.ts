import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOTP, Secret } from 'otpauth';
import { setAccountPassword, systemContext } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { expectProblem, refuse, uniq } from './support/http.js';
import { PASSWORD, manualClock, signInHelpers, withSession } from './support/sign-in.js';

/** Two-factor authentication: enrolment, codes used once (RFC 6238), guessing throttled, roles that require it. */
describe.each(ENGINES)('two-factor authentication ($name)', (engine) => {
  let api: TestApi;
  const clock = manualClock();
  const { person, signIn, enrolling } = signInHelpers(() => api, clock);

  beforeAll(async () => { api = await startApi(engine, { clock }); });
  afterAll(async () => { await api.close(); });

  it('two-factor: enrol with a TOTP app, then sign-in needs a code; a recovery code works once', async () => {
    const p = await person(['it_asset_analyst']);
    const s = await signIn(p.login);
    const auth = withSession(s.cookie!, s.body.session.csrfToken);
    const enrol = await api.call('POST', '/api/v1/auth/two-factor/enrol', undefined, auth);
    expect(enrol.status, JSON.stringify(enrol.body)).toBe(200);
    expect(enrol.body.uri).toMatch(/^otpauth:\/\/totp\//);
    const totp = new TOTP({ secret: Secret.fromBase32(enrol.body.secret), digits: 6, period: 30, algorithm: 'SHA1' });
    expectProblem(await api.call('POST', '/api/v1/auth/two-factor/confirm', { code: '000000' }, auth), 401, 'INVALID_TWO_FACTOR_CODE');
    const confirmed = await api.call('POST', '/api/v1/auth/two-factor/confirm', { code: totp.generate({ timestamp: clock().getTime() }) }, auth);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const codes = confirmed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);

    const first = await signIn(p.login);
    expect(first.body).toEqual({ status: 'two_factor_required', pendingToken: expect.any(String) });
    expect(first.cookie).toBeNull();
    const bad = await api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken: first.body.pendingToken, code: '123456' }, { authorization: '' });
    expectProblem(bad, 401, 'INVALID_TWO_FACTOR_CODE');
    // The code that turned two-factor on is spent: it does not sign in (RFC 6238 §5.2); the next one does.
    expectProblem(await api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken: first.body.pendingToken, code: totp.generate({ timestamp: clock().getTime() }) }, { authorization: '' }), 401, 'INVALID_TWO_FACTOR_CODE');
    clock.advance(30);
    const good = await api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken: first.body.pendingToken, code: totp.generate({ timestamp: clock().getTime() }) }, { authorization: '' });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body.session.account.twoFactorEnabled).toBe(true);

    const second = await signIn(p.login);
    expect((await api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken: second.body.pendingToken, code: codes[0] }, { authorization: '' })).status).toBe(200);
    const third = await signIn(p.login);
    expectProblem(await api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken: third.body.pendingToken, code: codes[0] }, { authorization: '' }), 401, 'INVALID_TWO_FACTOR_CODE');
  });

  it('two-factor codes cannot be guessed at will: parallel guesses each count, and a new password sign-in does not reset the count', async () => {
    const { p, auth, totp } = await enrolling();
    expect((await api.call('POST', '/api/v1/auth/two-factor/confirm', { code: totp.generate({ timestamp: clock().getTime() }) }, auth)).status).toBe(200);
    const code = (pendingToken: string, value: string) => api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken, code: value }, { authorization: '' });

    // Six wrong codes at once on one pending sign-in: five are checked and refused, the sixth finds it used up.
    const first = await signIn(p.login);
    const guesses = await Promise.all(['111111', '222222', '333333', '444444', '555555', '666666'].map((c) => code(first.body.pendingToken, c)));
    expect(guesses.map((r) => r.body.code).sort()).toEqual([...Array(5).fill('INVALID_TWO_FACTOR_CODE'), 'UNAUTHENTICATED'].sort());
    // The password is right, so a new pending sign-in opens; but the account has used its free guesses: after the
    // first wait each wrong code makes the next wait longer, and even the right code waits.
    clock.advance(30);
    const second = await signIn(p.login);
    expect(second.body.status).toBe('two_factor_required');
    expectProblem(await code(second.body.pendingToken, '777777'), 401, 'INVALID_TWO_FACTOR_CODE');
    const held = await code(second.body.pendingToken, totp.generate({ timestamp: clock().getTime() }));
    expectProblem(held, 429, 'RATE_LIMITED');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(60);
    const third = await signIn(p.login);
    const good = await code(third.body.pendingToken, totp.generate({ timestamp: clock().getTime() }));
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    const log = (await api.call('GET', `/api/v1/security-log?accountId=${p.accountId}&limit=50`)).body.items;
    expect(log.some((e: any) => e.kind === 'login.two_factor' && e.outcome === 'denied')).toBe(true);
  });

  it('RFC 6238: a code opens one sign-in only, even sent twice at once, and never after a later one; a recovery code likewise', async () => {
    const { p, auth, totp } = await enrolling();
    const codeAt = (offsetSeconds = 0) => totp.generate({ timestamp: clock().getTime() + offsetSeconds * 1000 });
    const confirmed = await api.call('POST', '/api/v1/auth/two-factor/confirm', { code: codeAt() }, auth);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const recovery = (confirmed.body.recoveryCodes as string[])[0]!;
    const complete = (pendingToken: string, code: string) => api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken, code }, { authorization: '' });
    const sessions = async () => (await api.db.db.selectFrom('sessions').select('id').where('account_id', '=', p.accountId).execute()).length;

    clock.advance(30);
    const [a, b] = [await signIn(p.login), await signIn(p.login)];
    const before = await sessions();
    const code = codeAt();
    const both = await Promise.all([a, b].map((x) => complete(x.body.pendingToken, code)));
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(await sessions()).toBe(before + 1);
    const loser = [a, b][both.findIndex((r) => r.status === 401)]!;
    // Once a code was used, the one before it (still inside the clock-drift window) is refused; the next one works.
    expectProblem(await complete(loser.body.pendingToken, codeAt(-30)), 401, 'INVALID_TWO_FACTOR_CODE');
    clock.advance(30);
    expect((await complete(loser.body.pendingToken, codeAt())).status).toBe(200);

    const [c, d] = [await signIn(p.login), await signIn(p.login)];
    const spent = await Promise.all([c, d].map((x) => complete(x.body.pendingToken, recovery)));
    expect(spent.map((r) => r.status).sort()).toEqual([200, 401]);
    const log = await api.call('GET', `/api/v1/security-log?accountId=${p.accountId}&kind=login.two_factor&limit=50`);
    expect(log.body.items.filter((e: any) => e.outcome === 'failure' && e.detail?.reason === 'code_reused').length).toBeGreaterThanOrEqual(2);
  });

  it('a role can require two-factor: until enrolled, its holders reach only their own settings', async () => {
    const roleKey = `twofa_${uniq('r').replace(/[^a-z0-9_]/g, '')}`;
    expect((await api.call('POST', '/api/v1/roles', { key: roleKey, name: 'Strict', permissions: ['assets.read'], requiresTwoFactor: true })).status).toBe(201);
    const p = await api.user(uniq('strict'), [{ role: roleKey }]);
    expectProblem(await api.call('GET', '/api/v1/assets', undefined, p.auth), 403, 'TWO_FACTOR_ENROLMENT_REQUIRED');
    const session = await api.call('GET', '/api/v1/auth/session', undefined, p.auth);
    expect(session.body.twoFactorSetupRequired).toBe(true);
  });

  it("an administrator turns off another account's two-factor (lost phone and recovery codes); its sessions end", async () => {
    const { p, auth, totp } = await enrolling();
    expect((await api.call('POST', '/api/v1/auth/two-factor/confirm', { code: totp.generate({ timestamp: clock().getTime() }) }, auth)).status).toBe(200);
    expect((await signIn(p.login)).body.status).toBe('two_factor_required');
    const admin = (await api.call('GET', '/api/v1/auth/session')).body.account.id as string;
    await refuse(api, 409, 'CONFLICT', 'DELETE', `/api/v1/accounts/${admin}/two-factor`);
    await refuse(api, 404, 'NOT_FOUND', 'DELETE', `/api/v1/accounts/${'0'.repeat(26)}/two-factor`);
    expect((await api.call('DELETE', `/api/v1/accounts/${p.accountId}/two-factor`)).status).toBe(204);
    expectProblem(await api.call('GET', '/api/v1/auth/session', undefined, auth), 401, 'UNAUTHENTICATED');
    const account = (await api.call('GET', `/api/v1/accounts/${p.accountId}`)).body;
    expect(account.twoFactorEnabled).toBe(false);
    const history = (await api.call('GET', `/api/v1/accounts/${p.accountId}/history`)).body.items;
    expect(history[0]).toMatchObject({ reason: 'Two-factor authentication reset by an administrator', changes: { twoFactor: { before: 'on', after: 'off' } } });
    const signedIn = await signIn(p.login);
    expect(signedIn.status).toBe(200);
    expect(signedIn.cookie).not.toBeNull();
    // Nothing left to reset: refused, and nothing written.
    await refuse(api, 409, 'CONFLICT', 'DELETE', `/api/v1/accounts/${p.accountId}/two-factor`);
  });

  it('AU-06: an account manager holding less than the account cannot turn its two-factor off (403, nothing written)', async () => {
    const { p, auth, totp } = await enrolling();
    expect((await api.call('POST', '/api/v1/auth/two-factor/confirm', { code: totp.generate({ timestamp: clock().getTime() }) }, auth)).status).toBe(200);
    expect((await api.call('POST', `/api/v1/accounts/${p.accountId}/grants`, { roleKey: 'system_administrator', orgUnitId: null })).status).toBe(200);
    const roleKey = `helpdesk_${uniq('r').replace(/[^a-z0-9_]/g, '')}`;
    expect((await api.call('POST', '/api/v1/roles', { key: roleKey, name: 'Helpdesk', permissions: ['accounts.read', 'accounts.manage'] })).status).toBe(201);
    const helpdesk = await api.user(uniq('helpdesk'), [{ role: roleKey }]);
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'DELETE', `/api/v1/accounts/${p.accountId}/two-factor`, undefined, helpdesk.auth);
    expect((await api.call('GET', `/api/v1/accounts/${p.accountId}`)).body.twoFactorEnabled).toBe(true);
    clock.advance(30);
    expect((await signIn(p.login)).body.status).toBe('two_factor_required');
  });

  it("turning two-factor on ends the account's other sessions and keeps this one; on and off are in the account's history", async () => {
    const { p, auth, totp } = await enrolling();
    const elsewhere = await signIn(p.login);
    const session = (cookie: string) => api.call('GET', '/api/v1/auth/session', undefined, withSession(cookie));
    expect((await session(elsewhere.cookie!)).status).toBe(200);
    expect((await api.call('POST', '/api/v1/auth/two-factor/confirm', { code: totp.generate({ timestamp: clock().getTime() }) }, auth)).status).toBe(200);
    // Whoever held the other session signed in without the second factor: it ends; the one that enrolled goes on.
    expectProblem(await session(elsewhere.cookie!), 401, 'UNAUTHENTICATED');
    expect((await api.call('GET', '/api/v1/auth/session', undefined, auth)).status).toBe(200);
    const history = async () => (await api.call('GET', `/api/v1/accounts/${p.accountId}/history`)).body.items;
    expect((await history())[0]).toMatchObject({ action: 'update', reason: 'Two-factor authentication turned on', changes: { twoFactor: { before: 'off', after: 'on' } } });

    // The known-device cookie comes with the completed sign-in, not with the password alone.
    clock.advance(30);
    const pending = await signIn(p.login);
    expect(pending.body.status).toBe('two_factor_required');
    expect(pending.device).toBeNull();
    const done = await api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken: pending.body.pendingToken, code: totp.generate({ timestamp: clock().getTime() }) }, { authorization: '' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const cookies = [done.headers['set-cookie']].flat().map(String);
    expect(cookies.some((c) => c.startsWith('custodia_device='))).toBe(true);
    const second = cookies.find((c) => c.startsWith('custodia_session='))!.split(';')[0]!;

    expect((await api.call('DELETE', '/api/v1/auth/two-factor', undefined, auth)).status).toBe(204);
    expectProblem(await session(second), 401, 'UNAUTHENTICATED');
    expect((await api.call('GET', '/api/v1/auth/session', undefined, auth)).status).toBe(200);
    expect((await history())[0]).toMatchObject({ action: 'update', reason: 'Two-factor authentication turned off', changes: { twoFactor: { before: 'on', after: 'off' } } });
  });

  it('a sign-in waiting for its code ends with a password reset or deactivation, and an inactive account cannot finish one', async () => {
    const { p, auth, totp } = await enrolling();
    expect((await api.call('POST', '/api/v1/auth/two-factor/confirm', { code: totp.generate({ timestamp: clock().getTime() }) }, auth)).status).toBe(200);
    clock.advance(30);
    const code = () => totp.generate({ timestamp: clock().getTime() });
    const complete = (pendingToken: string) => api.call('POST', '/api/v1/auth/login/two-factor', { pendingToken, code: code() }, { authorization: '' });
    const sessions = async () => (await api.db.db.selectFrom('sessions').select('id').where('account_id', '=', p.accountId).execute()).length;

    const beforeReset = await signIn(p.login);
    await setAccountPassword(systemContext(api.db, 'system', 'system', clock), p.accountId, PASSWORD, { revokeApiTokens: false });
    expectProblem(await complete(beforeReset.body.pendingToken), 401, 'UNAUTHENTICATED');

    const beforeDeactivation = await signIn(p.login);
    const account = (await api.call('GET', `/api/v1/accounts/${p.accountId}`)).body;
    expect((await api.call('PATCH', `/api/v1/accounts/${p.accountId}`, { active: false }, { 'if-match': `"${account.version}"` })).status).toBe(200);
    expectProblem(await complete(beforeDeactivation.body.pendingToken), 401, 'UNAUTHENTICATED');
    expect(await sessions()).toBe(0);

    // Deactivated between the password and the code by a path that left the pending sign-in (a race): the right code
    // still starts no session, and the log records a failure, not a sign-in.
    expect((await api.call('PATCH', `/api/v1/accounts/${p.accountId}`, { active: true }, { 'if-match': `"${account.version + 1}"` })).status).toBe(200);
    const raced = await signIn(p.login);
    await api.db.db.updateTable('accounts').set({ active: 0 }).where('id', '=', p.accountId).execute();
    expectProblem(await complete(raced.body.pendingToken), 401, 'INVALID_CREDENTIALS');
    expect(await sessions()).toBe(0);
    const log = (await api.call('GET', `/api/v1/security-log?accountId=${p.accountId}&limit=5`)).body.items;
    expect(log[0]).toMatchObject({ kind: 'login.two_factor', outcome: 'failure', detail: { reason: 'inactive' } });
  });
});
