import { randomBytes, scryptSync } from 'node:crypto';
import { expect } from 'vitest';
import { TOTP, Secret } from 'otpauth';
import { setAccountPassword, systemContext } from '@custodia/core';
import type { TestApi } from '../../../../test/support/api.js';
import { uniq } from './http.js';

export const PASSWORD = 'correct horse battery staple';

/**
 * `password` hashed as the product stores it (`scrypt$N$r$p$salt$key`), at a light cost (N=2^10, r=8, p=1: a
 * millisecond) instead of the product's (N=2^15, p=3: about a third of a second here). Sign-in verifies with the
 * parameters stored in the hash, as it must for hashes made before the cost was raised, so an account holding this
 * hash signs in through the same code at a fraction of the cost: for tests of what happens around the password
 * (throttling, sessions, re-authentication), not of the hash or of how long checking it takes.
 */
export function lightPasswordHash(password: string): string {
  const N = 2 ** 10, r = 8, p = 1;
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A clock the test moves forward by hand. */
export function manualClock() {
  let t = Date.parse('2026-11-29T08:00:00.000Z');
  const clock = () => new Date(t);
  clock.advance = (seconds: number) => { t += seconds * 1000; };
  return clock;
}

/** A request with a session cookie, as the browser sends it (CSRF header when given). */
export const withSession = (cookie: string, csrf?: string) => ({ authorization: '', cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) });

/** Accounts that sign in with a password, on the server `api()` returns (started in a `beforeAll`). */
export function signInHelpers(api: () => TestApi, clock: () => Date) {
  /**
   * An account with these roles and PASSWORD, set by an administrator (a third of a second for its hash). The stored
   * hash is then a light one of the same password (`lightPasswordHash`), so each sign-in costs a millisecond, unless
   * `password` is 'product-cost' (for tests that time the check); with `password` false the account has none.
   */
  async function person(roles: string[], password: 'light' | 'product-cost' | false = 'light') {
    const u = await api().user(uniq('p'), roles.map((role) => ({ role })));
    if (password) await setAccountPassword(systemContext(api().db, 'system', 'system', clock), u.accountId, PASSWORD, { revokeApiTokens: false });
    if (password === 'light') await api().db.db.updateTable('accounts').set({ password_hash: lightPasswordHash(PASSWORD) }).where('id', '=', u.accountId).execute();
    const login = (await api().call('GET', `/api/v1/accounts/${u.accountId}`)).body.login as string;
    return { ...u, login };
  }

  async function signIn(login: string, password = PASSWORD, ip = '10.0.0.1', device?: string) {
    const res = await api().app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, headers: { 'content-type': 'application/json', ...(device ? { cookie: device } : {}) }, payload: JSON.stringify({ login, password }) });
    const cookies = [res.headers['set-cookie']].flat().map(String);
    const cookie = cookies.find((c) => c.startsWith('custodia_session='));
    const deviceCookie = cookies.find((c) => c.startsWith('custodia_device='));
    return { status: res.statusCode, body: res.json(), headers: res.headers, cookie: cookie ? cookie.split(';')[0]! : null, device: deviceCookie ? deviceCookie.split(';')[0]! : null };
  }

  /** A new person signed in, with two-factor enrolment started (not yet confirmed) and their authenticator app. */
  async function enrolling() {
    const p = await person(['it_asset_analyst']);
    const s = await signIn(p.login);
    const auth = withSession(s.cookie!, s.body.session.csrfToken);
    const enrol = await api().call('POST', '/api/v1/auth/two-factor/enrol', undefined, auth);
    expect(enrol.status, JSON.stringify(enrol.body)).toBe(200);
    return { p, auth, totp: new TOTP({ secret: Secret.fromBase32(enrol.body.secret), digits: 6, period: 30, algorithm: 'SHA1' }) };
  }

  return { person, signIn, enrolling };
}
