import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS, revokeGrant, systemContext } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { create, refuse, uniq } from './support/http.js';

/**
 * No one hands out more than they hold: a partial administrator (a custom role with accounts.manage or roles.manage)
 * cannot grant, nor build into a role, a permission it lacks, nor manage an account that holds more than it does. A
 * system administrator administers everything; nobody changes their own password or e-mail from the admin pages.
 */
describe.each(ENGINES)('delegation of permissions ($name)', (engine) => {
  let api: TestApi;
  let adminId: string;

  beforeAll(async () => {
    api = await startApi(engine);
    adminId = (await api.call('GET', '/api/v1/auth/session')).body.account.id;
  });
  afterAll(async () => { await api.close(); });

  const role = async (permissions: string[]) => (await create(api, '/api/v1/roles', { key: uniq('role').replace(/-/g, '_').toLowerCase(), name: 'Custom', permissions })).key as string;
  const version = async (id: string) => `"${(await api.call('GET', `/api/v1/accounts/${id}`)).body.version}"`;

  it('an account manager without the system administrator role grants and manages only what it holds', async () => {
    const helpdesk = await api.user(uniq('helpdesk'), [{ role: await role(['accounts.read', 'accounts.manage']) }]);
    const admin = await api.user(uniq('sysadmin'), [{ role: 'system_administrator' }]);
    const custodian = await api.user(uniq('custodian'), [{ role: 'custodian' }]);
    const plain = await create(api, '/api/v1/accounts', { login: uniq('plain'), displayName: 'Plain' });

    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'POST', `/api/v1/accounts/${helpdesk.accountId}/grants`, { roleKey: 'system_administrator', orgUnitId: null }, helpdesk.auth);
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'POST', `/api/v1/accounts/${plain.id}/grants`, { roleKey: 'it_asset_manager', orgUnitId: null }, helpdesk.auth);
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'POST', `/api/v1/accounts/${admin.accountId}/password`, { password: 'a long enough secret' }, helpdesk.auth);
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'PATCH', `/api/v1/accounts/${admin.accountId}`, { active: false }, { ...helpdesk.auth, 'if-match': await version(admin.accountId) });
    const adminGrant = (await api.call('GET', `/api/v1/accounts/${admin.accountId}`)).body.grants[0].id;
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'DELETE', `/api/v1/accounts/${admin.accountId}/grants/${adminGrant}`, undefined, helpdesk.auth);
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'POST', `/api/v1/accounts/${custodian.accountId}/password`, { password: 'a long enough secret' }, helpdesk.auth);
    const adminToken = (await api.call('GET', `/api/v1/accounts/${admin.accountId}/api-tokens`, undefined, helpdesk.auth)).body.items[0].id;
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'DELETE', `/api/v1/accounts/${admin.accountId}/api-tokens/${adminToken}`, undefined, helpdesk.auth);
    expect((await api.call('GET', '/api/v1/assets?limit=1', undefined, admin.auth)).status).toBe(403);
    expect((await api.call('GET', '/api/v1/security-log?limit=1', undefined, admin.auth)).status).toBe(200);

    // What it holds, it hands out and manages.
    const own = (await api.call('GET', `/api/v1/accounts/${helpdesk.accountId}`)).body.grants[0].roleKey;
    expect((await api.call('POST', `/api/v1/accounts/${plain.id}/grants`, { roleKey: own, orgUnitId: null }, helpdesk.auth)).status).toBe(200);
    expect((await api.call('POST', `/api/v1/accounts/${plain.id}/password`, { password: 'a long enough secret' }, helpdesk.auth)).status).toBe(204);
    const log = (await api.call('GET', `/api/v1/security-log?accountId=${helpdesk.accountId}&kind=grant.add`)).body.items;
    expect(log[0]).toMatchObject({ outcome: 'denied', detail: { role: 'system_administrator' } });

    // A system administrator (no register rights of its own) still administers everyone.
    expect((await api.call('POST', `/api/v1/accounts/${plain.id}/grants`, { roleKey: 'it_asset_manager', orgUnitId: null }, admin.auth)).status).toBe(200);
    expect((await api.call('POST', `/api/v1/accounts/${custodian.accountId}/password`, { password: 'a long enough secret', revokeApiTokens: false }, admin.auth)).status).toBe(204);
  });

  it('AZ-04: a role held on one org unit is granted on that subtree only: another unit or the whole organisation is refused before anything is written', async () => {
    const own = await create(api, '/api/v1/org-units', { name: uniq('Own country '), kind: 'country' });
    const team = await create(api, '/api/v1/org-units', { name: uniq('Own team '), kind: 'team', parentId: own.id });
    const foreign = await create(api, '/api/v1/org-units', { name: uniq('Foreign country '), kind: 'country' });
    const helpdesk = await api.user(uniq('helpdesk-unit'), [{ role: await role(['accounts.read', 'accounts.manage']) }, { role: 'custodian', orgUnitId: own.id }]);
    const target = await create(api, '/api/v1/accounts', { login: uniq('newcomer'), displayName: 'Newcomer' });
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'POST', `/api/v1/accounts/${target.id}/grants`, { roleKey: 'custodian', orgUnitId: foreign.id }, helpdesk.auth);
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'POST', `/api/v1/accounts/${target.id}/grants`, { roleKey: 'custodian', orgUnitId: null }, helpdesk.auth);
    const granted = await api.call('POST', `/api/v1/accounts/${target.id}/grants`, { roleKey: 'custodian', orgUnitId: team.id }, helpdesk.auth);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body.grants).toEqual([expect.objectContaining({ roleKey: 'custodian', orgUnitId: team.id })]);
  });

  it('a role manager builds roles only from permissions it holds organisation-wide', async () => {
    const key = await role(['roles.manage', 'accounts.read']);
    const rm = await api.user(uniq('rolemgr'), [{ role: key }]);
    const current = (await api.call('GET', '/api/v1/roles')).body.items.find((r: any) => r.key === key);
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'PATCH', `/api/v1/roles/${key}`, { permissions: ['roles.manage', 'accounts.read', 'accounts.manage'] }, { ...rm.auth, 'if-match': `"${current.version}"` });
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'POST', '/api/v1/roles', { key: 'keys_reader', name: 'Keys', permissions: ['sensitive.read'] }, rm.auth);
    // Nor may it weaken a role that holds more than it does (here: the two-factor policy of the system administrator).
    const sysadmin = (await api.call('GET', '/api/v1/roles')).body.items.find((r: any) => r.key === 'system_administrator');
    await refuse(api, 403, 'PERMISSION_NOT_HELD', 'PATCH', '/api/v1/roles/system_administrator', { requiresTwoFactor: !sysadmin.requiresTwoFactor }, { ...rm.auth, 'if-match': `"${sysadmin.version}"` });
    const made = await api.call('POST', '/api/v1/roles', { key: uniq('readers').replace(/-/g, '_').toLowerCase(), name: 'Readers', permissions: ['accounts.read'] }, rm.auth);
    expect(made.status).toBe(201);
    const log = (await api.call('GET', '/api/v1/security-log?kind=role.create&limit=1')).body.items;
    expect(log[0]).toMatchObject({ outcome: 'success', detail: { role: made.body.key, by: expect.any(String) } });
  });

  it("nobody changes their own password or e-mail from the admin pages (their account page asks for the password)", async () => {
    await refuse(api, 409, 'CONFLICT', 'POST', `/api/v1/accounts/${adminId}/password`, { password: 'a long enough secret' });
    await refuse(api, 409, 'CONFLICT', 'PATCH', `/api/v1/accounts/${adminId}`, { email: 'me@example.org' }, { 'if-match': await version(adminId) });
    expect((await api.call('PATCH', `/api/v1/accounts/${adminId}`, { displayName: 'Admin (renamed)' }, { 'if-match': await version(adminId) })).status).toBe(200);
  });

  it('the same role granted twice at once is granted once (the other 409)', async () => {
    const target = await create(api, '/api/v1/accounts', { login: uniq('twice'), displayName: 'Twice' });
    const answers = await Promise.all([1, 2, 3].map(() => api.call('POST', `/api/v1/accounts/${target.id}/grants`, { roleKey: 'auditor', orgUnitId: null })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect((await api.call('GET', `/api/v1/accounts/${target.id}`)).body.grants).toHaveLength(1);
  });

  it('two system administrators revoking each other at once leave one of them', async () => {
    const own = await startApi(engine);
    try {
      const x = await own.user(uniq('x'), [{ role: 'system_administrator' }]);
      const y = await own.user(uniq('y'), [{ role: 'system_administrator' }]);
      // Only x and y hold it now: the test server's own administrator gives it up first.
      const self = (await own.call('GET', '/api/v1/auth/session')).body.account.id;
      const mine = (await own.call('GET', `/api/v1/accounts/${self}`)).body.grants.find((g: any) => g.roleKey === 'system_administrator');
      expect((await own.call('DELETE', `/api/v1/accounts/${self}/grants/${mine.id}`)).status).toBe(200);
      const grantOf = async (id: string) => (await own.call('GET', `/api/v1/accounts/${id}`, undefined, x.auth)).body.grants[0].id as string;
      const [gx, gy] = [await grantOf(x.accountId), await grantOf(y.accountId)];
      const answers = await Promise.all([
        own.call('DELETE', `/api/v1/accounts/${y.accountId}/grants/${gy}`, undefined, x.auth),
        own.call('DELETE', `/api/v1/accounts/${x.accountId}/grants/${gx}`, undefined, y.auth),
      ]);
      // The loser is refused as the last administrator (409) or, when its request is checked after the winner's
      // commit, because it no longer holds accounts.manage (403).
      expect(answers.map((a) => a.status).sort()[0]).toBe(200);
      expect([403, 409]).toContain(answers.map((a) => a.status).sort()[1]);
      const admins = () => own.db.db.selectFrom('role_grants').innerJoin('roles', 'roles.id', 'role_grants.role_id').select('role_grants.account_id')
        .where('roles.key', '=', 'system_administrator').where('role_grants.org_unit_id', 'is', null).execute();
      expect(await admins()).toHaveLength(1);

      // The same through the use case, both transactions open at once (on PostgreSQL, two connections): without the
      // lock on the role's row each would still see the other's grant and both would commit.
      const z = await own.user(uniq('z'), [{ role: 'system_administrator' }]);
      const [survivor] = await admins();
      const gz = (await own.call('GET', `/api/v1/accounts/${z.accountId}`)).body.grants[0].id as string;
      const gs = (await own.call('GET', `/api/v1/accounts/${survivor!.account_id}`)).body.grants.find((g: any) => g.roleKey === 'system_administrator').id as string;
      const as = (accountId: string) => ({ ...systemContext(own.db, 'api', accountId), access: { ...FULL_ACCESS, accountId } });
      const both = await Promise.allSettled([revokeGrant(as(z.accountId), survivor!.account_id, gs), revokeGrant(as(survivor!.account_id), z.accountId, gz)]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await admins()).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});
