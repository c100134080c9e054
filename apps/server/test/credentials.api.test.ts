import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi } from '../../../test/support/api.js';
import { expectProblem, refuse, uniq } from './support/http.js';
import { PASSWORD, manualClock, signInHelpers, withSession } from './support/sign-in.js';

/** Credentials checked where they are easy to forget: the cookie name over HTTPS, and expiry while a credential is cached. */
describe.each(ENGINES)('credentials over HTTPS and in the cache ($name)', (engine) => {
  it('over HTTPS only the __Host- session cookie counts: one planted under the plain name signs no one in', async () => {
    const clock = manualClock();
    const api = await startApi(engine, { clock, app: { publicUrl: 'https://custodia.example' } });
    try {
      const { person, signIn } = signInHelpers(() => api, clock);
      const p = await person(['custodian']);
      const s = await signIn(p.login);
      const set = [s.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('__Host-custodia_session='))!;
      expect(set).toMatch(/Secure/);
      const secret = set.split(';')[0]!.split('=')[1]!;
      const session = (cookie: string) => api.call('GET', '/api/v1/auth/session', undefined, { authorization: '', cookie });
      expect((await session(`__Host-custodia_session=${secret}`)).status).toBe(200);
      expectProblem(await session(`custodia_session=${secret}`), 401, 'UNAUTHENTICATED');
    } finally {
      await api.close();
    }
  });

  it('an agent token stops working when it expires, even after it was used (and cached)', async () => {
    const clock = manualClock();
    const api = await startApi(engine, { clock });
    try {
      const token = (await api.call('POST', '/api/v1/agent-tokens', { name: 'short', expiresInDays: 1 })).body.token as string;
      const contact = () => api.app.inject({ method: 'POST', url: '/api/v1/inventory/agent', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: JSON.stringify({ action: 'contact', deviceid: 'exp-1' }) });
      expect((await contact()).statusCode).toBe(200);
      clock.advance(2 * 86_400);
      expect((await contact()).statusCode).toBe(401);
    } finally {
      await api.close();
    }
  });

  it("an administrator's session confirms its password before taking over or empowering an account; an API token needs none", async () => {
    const clock = manualClock();
    const api = await startApi(engine, { clock });
    try {
      const { person, signIn } = signInHelpers(() => api, clock);
      const admin = await person(['system_administrator']);
      const target = await person(['custodian']);
      const s = await signIn(admin.login);
      const auth = withSession(s.cookie!, s.body.session.csrfToken);
      clock.advance(11 * 60);
      const hash = async () => (await api.db.db.selectFrom('accounts').select('password_hash').where('id', '=', target.accountId).executeTakeFirstOrThrow()).password_hash;
      const before = await hash();
      const needsConfirmation = (method: string, url: string, body?: unknown) => refuse(api, 401, 'REAUTHENTICATION_REQUIRED', method, url, body, auth);
      await needsConfirmation('POST', `/api/v1/accounts/${target.accountId}/password`, { password: 'a brand new secret phrase' });
      await needsConfirmation('DELETE', `/api/v1/accounts/${target.accountId}/two-factor`);
      await needsConfirmation('POST', `/api/v1/accounts/${target.accountId}/grants`, { roleKey: 'system_administrator', orgUnitId: null });
      await needsConfirmation('POST', '/api/v1/accounts', { login: uniq('new'), displayName: 'New admin', password: 'a brand new secret phrase' });
      await needsConfirmation('POST', '/api/v1/roles', { key: uniq('role_').toLowerCase(), name: 'Everything', permissions: ['accounts.manage'] });
      await needsConfirmation('PATCH', '/api/v1/roles/custodian', { requiresTwoFactor: true });
      expect(await hash()).toBe(before);
      // Reading and ordinary changes need no confirmation.
      expect((await api.call('GET', `/api/v1/accounts/${target.accountId}`, undefined, auth)).status).toBe(200);

      expect((await api.call('POST', '/api/v1/auth/reauthenticate', { password: PASSWORD }, auth)).status).toBe(204);
      expect((await api.call('POST', `/api/v1/accounts/${target.accountId}/password`, { password: 'a brand new secret phrase' }, auth)).status).toBe(204);
      expect(await hash()).not.toBe(before);
      // Automation holds no password: the API token (issued after a confirmation) grants without one.
      expect((await api.call('POST', `/api/v1/accounts/${target.accountId}/grants`, { roleKey: 'it_asset_analyst', orgUnitId: null })).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
