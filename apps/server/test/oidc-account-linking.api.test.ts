import { describe, expect, it } from 'vitest';
import { buildApp } from '@custodia/server';
import { createAccount, presentAccount, setAccountPassword, updateAccount } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { CLIENT_ID, CLIENT_SECRET, PUBLIC_URL, idpUsers } from '../../../test/support/oidc-provider.js';
import { uniq } from './support/http.js';
import { ROLE_MAP, providerForBlock, ssoServerForBlock } from './support/sso.js';

/**
 * Which account an OpenID Connect sign-in lands in: linking by a proven e-mail to an account or a person, never by one
 * a password account's holder typed; inactive accounts and people refused (AU-03); no account made when creation is off.
 */
const provider = providerForBlock();

describe.each(ENGINES)('OpenID Connect account linking ($name)', (engine) => {
  const sso = ssoServerForBlock(engine, provider);
  const { call, throughProvider, callback, signIn, count, identityOf, counts } = sso;

  it('links by verified e-mail to an existing account, or to the person with that e-mail; an unverified e-mail links nothing', async () => {
    const bob = uniq('bob');
    const existing = await createAccount(sso.system, { login: `${bob}-local`, displayName: 'Bob', email: `${bob.toUpperCase()}@Example.org` });
    idpUsers.set(bob, { email: `${bob}@example.org`, email_verified: true, groups: [] });
    const accounts = await count('accounts');
    expect((await signIn(bob)).status).toBe(302);
    expect(await count('accounts')).toBe(accounts);
    expect((await identityOf(bob))!.account_id).toBe(existing.id);

    const carol = uniq('carol');
    const person = (await call('POST', '/api/v1/people', { name: 'Carol', email: `${carol}@example.org` })).body;
    idpUsers.set(carol, { email: `${carol}@Example.org`, email_verified: true, groups: [] });
    expect((await signIn(carol)).status).toBe(302);
    expect((await presentAccount(sso.db.db, (await identityOf(carol))!.account_id)).personId).toBe(person.id);

    const mallory = uniq('mallory');
    idpUsers.set(mallory, { email: `${bob}@example.org`, email_verified: false, groups: [] });
    expect((await signIn(mallory)).status).toBe(302);
    expect((await identityOf(mallory))!.account_id).not.toBe(existing.id);
    expect((await presentAccount(sso.db.db, (await identityOf(mallory))!.account_id)).email).toBeNull();
  });

  it('an e-mail typed by the holder of a password account does not take over the SSO identity with that e-mail', async () => {
    const boss = uniq('boss');
    const grabber = await createAccount(sso.system, { login: uniq('grabber'), displayName: 'Grabber', email: `${boss}@example.org` });
    await setAccountPassword(sso.system, grabber.id, 'a long enough secret');
    idpUsers.set(boss, { email: `${boss}@example.org`, email_verified: true, groups: ['custodia-admins'] });
    const flow = await throughProvider(boss);
    const before = await counts();
    const res = await callback(flow.path, flow.stateCookie);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.session).toBeNull();
    expect(await counts()).toEqual(before);
    expect((await presentAccount(sso.db.db, grabber.id)).grants).toEqual([]);
    const log = await call('GET', `/api/v1/security-log?accountId=${grabber.id}&kind=login.oidc`);
    expect(log.body.items[0]).toMatchObject({ outcome: 'failure', detail: { reason: 'email_not_proven' } });
    // Once an administrator links the account to the person with that e-mail, single sign-on links to it.
    const person = (await call('POST', '/api/v1/people', { name: 'Boss', email: `${boss}@example.org` })).body;
    expect((await call('PATCH', `/api/v1/accounts/${grabber.id}`, { personId: person.id }, { ...sso.adminAuth, 'if-match': `"${(await presentAccount(sso.db.db, grabber.id)).version}"` })).status).toBe(200);
    expect((await signIn(boss)).status).toBe(302);
    expect((await identityOf(boss))!.account_id).toBe(grabber.id);
  });

  it('AU-03: a deactivated account is refused with 403 SSO_ACCOUNT_INACTIVE, and nothing is written', async () => {
    const sub = uniq('dora');
    idpUsers.set(sub, { email: `${sub}@example.org`, email_verified: true, groups: ['custodia-admins'] });
    expect((await signIn(sub)).status).toBe(302);
    const accountId = (await identityOf(sub))!.account_id;
    await updateAccount({ ...sso.system, access: { ...sso.system.access, accountId: null } }, accountId, (await presentAccount(sso.db.db, accountId)).version, { active: false });
    idpUsers.set(sub, { ...idpUsers.get(sub), groups: ['auditors'] });

    const flow = await throughProvider(sub);
    const before = await counts();
    const res = await callback(flow.path, flow.stateCookie);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SSO_ACCOUNT_INACTIVE');
    expect(res.session).toBeNull();
    expect(await counts()).toEqual(before);
    expect((await sso.db.db.selectFrom('sessions').select('id').where('account_id', '=', accountId).execute()).length).toBe(0);
    // The SSO grants were not replaced by the refused sign-in.
    expect((await presentAccount(sso.db.db, accountId)).grants.map((g) => g.roleKey)).toEqual(['it_asset_manager']);
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

  it('with account creation off, someone unknown is refused (403) and nothing is written', async () => {
    const closed = await buildApp({
      database: sso.db, publicUrl: PUBLIC_URL, rateLimit: 1_000_000,
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: 'openid email profile groups', roleMap: ROLE_MAP, createAccounts: false },
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
