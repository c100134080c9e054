import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, ORGANISATION_WIDE_WRITES, type Permission } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, uniq } from './support/http.js';

/**
 * Generated from the route table: every route × every built-in role, organisation-wide, and for routes on an asset
 * or a person, inside and outside an org-unit scope. A role without the route's permission gets 403; with it, never
 * 401/403; an object outside the scope answers 404. The expectations come from the roles' data, not from a list here.
 */
describe.each(ENGINES)('authorisation matrix ($name)', (engine) => {
  let api: TestApi;
  const ids: Record<string, string> = {};
  const users: Record<string, Record<string, string>> = {};
  const scoped: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    api = await startApi(engine);
    const types = await assetTypes(api);
    const inside = await create(api, '/api/v1/org-units', { name: 'Inside', kind: 'country' });
    const outside = await create(api, '/api/v1/org-units', { name: 'Outside', kind: 'country' });
    const maker = await create(api, '/api/v1/manufacturers', { name: uniq('Maker') });
    ids['org-units'] = inside.id;
    ids['locations'] = (await create(api, '/api/v1/locations', { name: 'Site', kind: 'site' })).id;
    ids['people'] = (await create(api, '/api/v1/people', { name: 'Inside person', orgUnitId: inside.id })).id;
    ids['outside-person'] = (await create(api, '/api/v1/people', { name: 'Outside person', orgUnitId: outside.id })).id;
    ids['manufacturers'] = maker.id;
    ids['suppliers'] = (await create(api, '/api/v1/suppliers', { name: uniq('Supplier') })).id;
    ids['models'] = (await create(api, '/api/v1/models', { name: 'Model', manufacturerId: maker.id, assetTypeId: types['laptop'].id })).id;
    ids['assets'] = (await create(api, '/api/v1/assets', { name: 'Inside asset', assetTypeId: types['laptop'].id, ownerOrgUnitId: inside.id })).id;
    ids['outside-asset'] = (await create(api, '/api/v1/assets', { name: 'Outside asset', assetTypeId: types['laptop'].id, ownerOrgUnitId: outside.id })).id;
    ids['asset-types'] = types['laptop'].id;
    ids['lifecycle-models'] = (await api.call('GET', '/api/v1/lifecycle-models')).body.items[0].id;
    ids['accounts'] = (await create(api, '/api/v1/accounts', { login: uniq('target'), displayName: 'Target' })).id;
    ids['agent-tokens'] = (await create(api, '/api/v1/agent-tokens', { name: 'agent' })).id;
    // A file kept with each person and supplier, for the routes on one attachment.
    const attach = async (owner: string) => JSON.parse((await api.app.inject({
      method: 'POST', url: `/api/v1/${owner}/attachments?fileName=probe.txt`, headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'text/plain' }, payload: 'probe',
    })).body).id as string;
    ids['attachment:people'] = await attach(`people/${ids['people']}`);
    ids['attachment:outside-person'] = await attach(`people/${ids['outside-person']}`);
    ids['attachment:suppliers'] = await attach(`suppliers/${ids['suppliers']}`);
    for (const role of BUILT_IN_ROLES) {
      users[role.key] = (await api.user(uniq(role.key), [{ role: role.key }])).auth;
      scoped[role.key] = (await api.user(uniq(`${role.key}-in`), [{ role: role.key, orgUnitId: inside.id }])).auth;
    }
  });
  afterAll(async () => { await api.close(); });

  /** A concrete URL for a route pattern: the first path segment after /api/v1 names the kind of record. */
  function concrete(url: string, idKey?: string): string {
    const kind = url.split('/')[3] ?? '';
    return url
      .replace(':id', ids[idKey ?? kind] ?? '00000000-0000-7000-8000-000000000000')
      .replace(':attachmentId', ids[`attachment:${idKey ?? kind}`] ?? '00000000-0000-7000-8000-000000000000')
      .replace(':grantId', '00000000-0000-7000-8000-000000000000')
      .replace(':assetId', ids['assets'] ?? '00000000-0000-7000-8000-000000000000')
      .replace(':key', 'it_asset_analyst')
      .replace(':kind', 'assets');
  }

  it('every route × every role (organisation-wide): 403 exactly when the role lacks the permission', async () => {
    const routes = api.app.routeTable.filter((r) => r.permission && !['public', 'self', 'inventory.submit'].includes(r.permission) && !r.url.includes('*'));
    expect(routes.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const role of BUILT_IN_ROLES) {
      for (const route of routes) {
        const res = await api.app.inject({ method: route.method as never, url: concrete(route.url), headers: users[role.key]! });
        const allowed = role.permissions.includes(route.permission as Permission);
        const status = res.statusCode;
        if (allowed ? status === 401 || status === 403 : status !== 403) failures.push(`${role.key} ${route.method} ${route.url} (${route.permission}): ${status}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('routes on one asset or person: inside the grant\'s subtree they answer, outside they answer 404', async () => {
    const routes = api.app.routeTable.filter((r) => /^\/api\/v1\/(assets|people)\/:id(\/|$)/.test(r.url) && r.method === 'GET');
    expect(routes.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const role of BUILT_IN_ROLES) {
      for (const route of routes) {
        if (!role.permissions.includes(route.permission as Permission)) continue;
        const kind = route.url.split('/')[3]!;
        const inside = await api.app.inject({ method: 'GET', url: concrete(route.url), headers: scoped[role.key]! });
        const outside = await api.app.inject({ method: 'GET', url: concrete(route.url, kind === 'assets' ? 'outside-asset' : 'outside-person'), headers: scoped[role.key]! });
        if (inside.statusCode !== 200) failures.push(`${role.key} inside ${route.url}: ${inside.statusCode}`);
        if (outside.statusCode !== 404) failures.push(`${role.key} outside ${route.url}: ${outside.statusCode}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('writes on an asset outside the scope answer 404 for every role allowed to write (403 where the permission is organisation-wide)', async () => {
    const writes = api.app.routeTable.filter((r) => /^\/api\/v1\/assets\/:id(\/|$)/.test(r.url) && r.method !== 'GET');
    const failures: string[] = [];
    for (const role of BUILT_IN_ROLES) {
      for (const route of writes) {
        if (!role.permissions.includes(route.permission as Permission)) continue;
        const body = route.url.endsWith('/transitions') ? { transition: 'retire', evidence: {} } : route.url.endsWith('/assign') ? { personId: ids['people'] }
          : route.url.endsWith('/check-in') ? { returnedOn: '2026-11-29' } : route.url.endsWith('/imac') ? { action: 'change', performedOn: '2026-11-29', details: 'x' } : route.url.endsWith('/migrate-model') ? { lifecycleModelId: ids['lifecycle-models'] }
          : route.url.endsWith('/coverage') ? { assetIds: [ids['assets']] }
          : route.method === 'DELETE' ? { reason: 'probe deletion' } : { notes: 'probe' };
        // An upload's body is the file: this one is valid text, so only the scope can refuse it.
        const query = route.url.endsWith('/attachments') ? '?fileName=probe.txt' : '';
        const res = await api.app.inject({ method: route.method as never, url: concrete(route.url, 'outside-asset') + query, headers: { ...scoped[role.key]!, 'content-type': 'application/json', 'if-match': '"1"' }, payload: JSON.stringify(body) });
        // Permissions over shared data (lifecycle models) need an organisation-wide grant: a subtree grant is no grant.
        const expected = ORGANISATION_WIDE_WRITES.includes(route.permission as Permission) ? 403 : 404;
        if (res.statusCode !== expected) failures.push(`${role.key} ${route.method} ${route.url}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect((await api.call('GET', `/api/v1/assets/${ids['outside-asset']}`)).body.version).toBe(1);
  });
});
