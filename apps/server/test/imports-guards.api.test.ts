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

  it('a typed tag equal to one generated for an earlier batch of the same file is a duplicate, in a dry run and when applied', async () => {
    const peek = await api.db.db.selectFrom('asset_types').select(['tag_seq', 'tag_pattern']).where('key', '=', 'laptop').executeTakeFirstOrThrow();
    const { formatTag } = await import('@custodia/domain');
    const firstGenerated = formatTag(peek.tag_pattern, Number(peek.tag_seq) + 1);
    const series = uniq('GEN');
    const lines = ['name,type,tag,serial'];
    for (let i = 0; i < 1000; i++) lines.push(`Gen ${i},laptop,,${series}-${i}`);
    lines.push(`Pre-printed,laptop,${firstGenerated},${series}-other`);
    for (const query of ['?dryRun=true', '?mode=upsert']) {
      const res = await refused(api, () => upload(api, 'assets', lines.join('\n'), query), 422, 'IMPORT_INVALID');
      expect(res.body.report.problems).toEqual([expect.objectContaining({ line: 1002, column: 'tag', code: 'DUPLICATE_IN_FILE', message: 'Same value as line 2' })]);
    }
  });

  it('names the line of a serial an update row and a new row of the same manufacturer both take', async () => {
    expect((await upload(api, 'models', 'name,manufacturer,type\nLatitude 7440,Dell,laptop\n')).status).toBe(200);
    const tag = uniq('DL-');
    expect((await upload(api, 'assets', `tag,name,type,model,serial\n${tag},One,laptop,Latitude 7440,${uniq('OLD-')}\n`)).status).toBe(200);
    const serial = uniq('NEW-S');
    const file = `tag,name,type,model,serial\n${tag},One,laptop,,${serial}\n${uniq('DL-')},Two,laptop,Latitude 7440,${serial}\n`;
    for (const query of ['?mode=upsert&dryRun=true', '?mode=upsert']) {
      const res = await refused(api, () => upload(api, 'assets', file, query), 422, 'IMPORT_INVALID');
      expect(res.body.report.problems).toEqual([expect.objectContaining({ line: 3, column: 'serial', code: 'DUPLICATE_IN_FILE' })]);
    }
  });

  it('a scoped importer cannot find people or org units outside its scope: they answer as missing ones', async () => {
    const fr = await create(api, '/api/v1/org-units', { name: uniq('France'), kind: 'country' });
    const de = await create(api, '/api/v1/org-units', { name: uniq('Germany'), kind: 'country' });
    const email = `${uniq('boss')}@de.example`;
    await create(api, '/api/v1/people', { name: 'Dieter Boss', email, orgUnitId: de.id });
    const mgr = await api.user(uniq('mgr-fr'), [{ role: 'it_asset_manager', orgUnitId: fr.id }]);
    const file = `name,type,owner,custodian\nX,laptop,${fr.name},${email}\nY,laptop,${fr.name},nobody@de.example\nZ,laptop,${de.name},\n`;
    const res = await refused(api, () => upload(api, 'assets', file, '?dryRun=true', mgr.auth), 422, 'IMPORT_INVALID');
    const problems = res.body.report.problems.map((p: any) => ({ ...p, message: p.message.replace(/"[^"]*"/, '"…"') }));
    expect(problems).toEqual([
      { line: 2, column: 'custodian', code: 'REFERENCE_NOT_FOUND', message: 'Unknown person "…"' },
      { line: 3, column: 'custodian', code: 'REFERENCE_NOT_FOUND', message: 'Unknown person "…"' },
      { line: 4, column: 'owner', code: 'REFERENCE_NOT_FOUND', message: 'Unknown org unit "…"' },
    ]);
    await refused(api, () => upload(api, 'assets', `name,type,owner,custodian\nX,laptop,${fr.name},${email}\n`, '', mgr.auth), 422, 'IMPORT_INVALID');
  });

  it('a dry run goes on checking against the register after a problem, so it reports every problem at once', async () => {
    const tag = uniq('DR-');
    expect((await upload(api, 'assets', `tag,name,type,stage\n${tag},One,laptop,in_stock\n`)).status).toBe(200);
    const file = ['tag,name,type,stage,attr.ram_gb', `${uniq('DR-')},New,laptop,,lots`, `${tag},One,laptop,maintenance,`].join('\n');
    const res = await refused(api, () => upload(api, 'assets', file, '?mode=upsert&dryRun=true'), 422, 'IMPORT_INVALID');
    expect(res.body.report.problems).toEqual([
      expect.objectContaining({ line: 2, column: 'attr.ram_gb' }),
      expect.objectContaining({ line: 3, column: 'stage', code: 'STAGE_NEEDS_TRANSITION' }),
    ]);
  });

  it('applies the same file sent twice at once only once: the second answers 409 IMPORT_ALREADY_APPLIED', async () => {
    const series = uniq('Spare');
    const lines = ['name,type'];
    for (let i = 0; i < 300; i++) lines.push(`${series} ${i},laptop`);
    const file = lines.join('\n');
    const [a, b] = await Promise.all([upload(api, 'assets', file, '?fileName=a.csv'), upload(api, 'assets', file, '?fileName=a.csv')]);
    expect([a.status, b.status].sort(), JSON.stringify([a.body, b.body])).toEqual([200, 409]);
    expect((a.status === 409 ? a : b).body.code).toBe('IMPORT_ALREADY_APPLIED');
    const n = await api.db.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).where('name', 'like', `${series} %`).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(300);
    const applied = (a.status === 200 ? a : b).body.importId;
    const run = await api.db.db.selectFrom('import_runs').select('file_sha256').where('id', '=', applied).executeTakeFirstOrThrow();
    expect(await api.db.db.selectFrom('import_runs').select('id').where('file_sha256', '=', run.file_sha256).execute()).toHaveLength(1);
  });

  it('records that an import set the fields it changed (field provenance), in its transaction', async () => {
    const tag = uniq('FS-');
    expect((await upload(api, 'assets', `tag,name,type,serial\n${tag},One,laptop,${uniq('S-FS')}\n`)).status).toBe(200);
    const u = await upload(api, 'assets', `tag,name,type,serial,notes\n${tag},One renamed,laptop,${uniq('S-FS')},x\n`, '?mode=upsert');
    expect(u.body).toMatchObject({ applied: true, updated: 1 });
    const asset = await api.db.db.selectFrom('assets').select('id').where('tag', '=', tag).executeTakeFirstOrThrow();
    const sources = await api.db.db.selectFrom('asset_field_sources').select(['field', 'source', 'actor']).where('asset_id', '=', asset.id).orderBy('field').execute();
    expect(sources).toEqual(['name', 'notes', 'serial'].map((field) => ({ field, source: 'import', actor: 'admin' })));
  });

  it('refuses a body that is not a file: 415 for another content type or none, 422 for an empty file, writing nothing', async () => {
    await refused(api, () => raw(api, 'POST', '/api/v1/imports/assets', '{"a":1}', { 'content-type': 'application/json' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(api, () => raw(api, 'POST', '/api/v1/imports/assets', 'tag,name\nX,Y\n', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(api, () => raw(api, 'POST', '/api/v1/imports/assets', 'tag=X&name=Y', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(api, () => raw(api, 'POST', '/api/v1/imports/assets'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(api, () => raw(api, 'POST', '/api/v1/imports/assets', undefined, { 'content-type': 'text/csv' }), 422, 'VALIDATION_FAILED');
  });
});
