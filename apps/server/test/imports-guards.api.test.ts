import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';
import { assetTypes, create, raw, refused, uniq } from './support/http.js';

const upload = (api: TestApi, kind: string, body: string | Buffer, query = '', headers: Record<string, string> = {}) =>
  raw(api, 'POST', `/api/v1/imports/${kind}${query}`, body as string, { 'content-type': 'text/csv', ...headers });

describe.each(ENGINES)('import guards ($name)', (engine) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(engine); });
  afterAll(async () => { await api.close(); });

  it('needs the target\'s write permission besides imports.run: register.write for people, locations and models, assets.assign for assignees', async () => {
    const boss = await create(api, '/api/v1/people', { name: 'Big Boss', email: `${uniq('boss')}@example.com` });
    const lm = await api.user(uniq('licmgr'), [{ role: 'licence_manager' }]);
    const headers = lm.auth;
    await refused(api, () => upload(api, 'people', `name,email,active\nBig Boss,${boss.email},false\nMallory,${uniq('m')}@example.com,true\n`, '?mode=upsert', headers), 403, 'FORBIDDEN');
    await refused(api, () => upload(api, 'models', 'name,manufacturer,type\nX1,NewCo,laptop\n', '', headers), 403, 'FORBIDDEN');
    await refused(api, () => upload(api, 'locations', `name,code,kind\nSpain,${uniq('ES')},country\n`, '', headers), 403, 'FORBIDDEN');
    expect((await api.call('GET', `/api/v1/people/${boss.id}`)).body.active).toBe(true);
    // Assets: a licence manager has assets.write and assets.assign.
    const ok = await upload(api, 'assets', `name,type,assigned to\nLicence laptop,laptop,${boss.email}\n`, '?dryRun=true', headers);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    // A custom role with imports.run and assets.write but not assets.assign imports assets without assignees only.
    const role = await create(api, '/api/v1/roles', { key: uniq('importer'), name: uniq('Importer'), permissions: ['assets.read', 'register.read', 'assets.write', 'imports.run'] });
    const importer = await api.user(uniq('imp'), [{ role: role.key }]);
    await refused(api, () => upload(api, 'assets', `name,type,assigned to\nOne,laptop,\nTwo,laptop,${boss.email}\n`, '', importer.auth), 403, 'FORBIDDEN');
    const plain = await upload(api, 'assets', `name,type\n${uniq('Plain')},laptop\n`, '', importer.auth);
    expect(plain.body).toMatchObject({ applied: true, created: 1 });
  });

  it('keeps a licence key when an export that hid it is imported again, by anyone; refuses the placeholder on a new asset', async () => {
    const types = await assetTypes(api);
    const tag = uniq('LIC-');
    const lic = await create(api, '/api/v1/assets', { name: 'Office', tag, assetTypeId: types['software_licence'].id, attributes: { product: 'Office', licence_key: 'ABCD-EFGH-SECRET' } });
    const regadmin = await api.user(uniq('regadmin'), [{ role: 'register_administrator' }]);
    const exp = await api.app.inject({ method: 'GET', url: `/api/v1/assets/export?format=csv&q=${tag}`, headers: regadmin.auth });
    const csv = exp.body.replace(/^\uFEFF/, '');
    expect(csv).toContain('(hidden)');
    // Imported again by an account that reads sensitive values (the administrator of the tests) and by the exporter.
    for (const headers of [{}, regadmin.auth]) {
      const res = await upload(api, 'assets', csv, '?mode=upsert', headers);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await api.call('GET', `/api/v1/assets/${lic.id}`)).body.attributes.licence_key).toBe('ABCD-EFGH-SECRET');
    }
    const fresh = csv.replaceAll(tag, uniq('LIC-NEW-'));
    const res = await refused(api, () => upload(api, 'assets', fresh, '?mode=upsert'), 422, 'IMPORT_INVALID');
    expect(res.body.report.problems).toContainEqual(expect.objectContaining({ line: 2, column: 'attr.licence_key', code: 'SENSITIVE_VALUE_HIDDEN' }));
  });
});
