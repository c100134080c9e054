import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAccountPassword, systemContext } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { expectProblem, uniq, walk } from './support/http.js';

/** The security log's filters (the administration page's table): kind, outcome, account or login given, time range. */
describe.each(ENGINES)('security log filters ($name)', (engine) => {
  let api: TestApi;
  let t = Date.parse('2026-12-01T08:00:00Z');
  const clock = () => new Date(t);
  let login: string;
  let accountId: string;
  const password = 'a long enough passphrase 42';
  const signIn = (l: string, p: string) => api.call('POST', '/api/v1/auth/login', { login: l, password: p }, { authorization: '' });

  beforeAll(async () => {
    api = await startApi(engine, { clock });
    login = uniq('Sam');
    const user = await api.user(login, [{ role: 'it_asset_analyst' }]);
    accountId = user.accountId;
    await setAccountPassword(systemContext(api.db, 'system', 'system', clock), accountId, password, { revokeApiTokens: false });
    // 1 December: a wrong password; 2 December: a good one; 3 December: a login nobody has.
    expect((await signIn(login, 'wrong password here')).status).toBe(401);
    t = Date.parse('2026-12-02T09:00:00Z');
    expect((await signIn(login.toUpperCase(), password)).status).toBe(200);
    t = Date.parse('2026-12-03T10:00:00Z');
    expect((await signIn('nobody-at-all', 'whatever it is')).status).toBe(401);
    t = Date.parse('2026-12-04T10:00:00Z');
  });
  afterAll(async () => { await api.close(); });

  const entries = async (q: string) => (await walk(api, `/api/v1/security-log?limit=2&${q}`)).items;

  it('filters by kind, outcome, account, login given and time range, newest first', async () => {
    const mine = await entries(`login=${login.toLowerCase()}`);
    // The account's own entries (its password and token were set up at the same instant as the failed sign-in) and the sign-ins naming it.
    expect(mine.map((e: any) => `${e.kind} ${e.outcome}`).sort()).toEqual(['account.create success', 'grant.add success', 'login failure', 'login success', 'password.reset success', 'token.create success']);
    expect(mine[0]).toMatchObject({ kind: 'login', outcome: 'success', occurredAt: '2026-12-02T09:00:00.000Z' });
    expect((await entries(`login=${login}&kind=login`)).map((e: any) => e.outcome)).toEqual(['success', 'failure']);
    expect(await entries(`login=${login}&outcome=failure`)).toEqual([expect.objectContaining({ kind: 'login', outcome: 'failure', accountId, occurredAt: '2026-12-01T08:00:00.000Z' })]);
    expect((await entries(`accountId=${accountId}&kind=login`)).map((e: any) => e.outcome)).toEqual(['success', 'failure']);
    // A login that matches no account is found by the login given.
    expect(await entries('login=NOBODY-AT-ALL')).toEqual([expect.objectContaining({ outcome: 'failure', accountId: null, login: 'nobody-at-all', detail: { reason: 'unknown_login' } })]);
    const range = await entries('kind=login&from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z');
    expect(range.map((e: any) => [e.occurredAt, e.outcome])).toEqual([['2026-12-02T09:00:00.000Z', 'success']]);
    // Offsets are instants: 02:00+02:00 is midnight UTC.
    expect(await entries('kind=login&outcome=failure&from=2026-12-03T02:00:00%2B02:00')).toEqual([expect.objectContaining({ login: 'nobody-at-all' })]);
    expect(await entries('kind=login&to=2026-12-01T08:00:00Z')).toEqual([]);
  });

  it('refuses unknown or malformed filters with 400', async () => {
    for (const q of ['outcome=maybe', 'from=yesterday', 'to=2026-12-01', 'accountId=42', 'ip=127.0.0.1', `login=${'x'.repeat(201)}`]) {
      expectProblem(await api.call('GET', `/api/v1/security-log?${q}`), 400);
    }
  });
});
