import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, ok, refuse, refused, uniq } from './support/http.js';

/** Authorisation and scope: security test plan §5.1 AZ-01…04, AZ-07, MA-01…03. Every refusal writes nothing. */
describe.each(ENGINES)('access scope ($name)', (engine) => {
  let api: TestApi;
  const ref: Record<string, any> = {};
  let france: { accountId: string; auth: Record<string, string> };
  let reader: { accountId: string; auth: Record<string, string> };

  beforeAll(async () => {
    api = await startApi(engine);
    const types = await assetTypes(api);
    ref.fr = await create(api, '/api/v1/org-units', { name: 'France', kind: 'country' });
    ref.frSales = await create(api, '/api/v1/org-units', { name: 'Ventes', kind: 'department', parentId: ref.fr.id });
    ref.de = await create(api, '/api/v1/org-units', { name: 'Germany', kind: 'country' });
    ref.frPerson = await create(api, '/api/v1/people', { name: 'Amélie', orgUnitId: ref.frSales.id });
    ref.dePerson = await create(api, '/api/v1/people', { name: 'Dieter', orgUnitId: ref.de.id });
    const laptop = (owner: string | null, name: string) => create(api, '/api/v1/assets', { name, assetTypeId: types['laptop'].id, ownerOrgUnitId: owner });
    ref.frAsset = await laptop(ref.frSales.id, 'French laptop');
    ref.deAsset = await laptop(ref.de.id, 'German laptop');
    ref.noOwner = await laptop(null, 'Unowned laptop');
    france = await api.user(uniq('custodian-fr'), [{ role: 'custodian', orgUnitId: ref.fr.id }]);
    reader = await api.user(uniq('analyst'), [{ role: 'it_asset_analyst' }]);
  });
  afterAll(async () => { await api.close(); });

  it('AZ-01: an asset outside the scope answers 404 to read, edit and delete, like a missing one, and the attempt is logged', async () => {
    expect((await api.call('GET', `/api/v1/assets/${ref.frAsset.id}`, undefined, france.auth)).status).toBe(200);
    const missing = await api.call('GET', '/api/v1/assets/00000000-0000-7000-8000-000000000000', undefined, france.auth);
    const foreign = await api.call('GET', `/api/v1/assets/${ref.deAsset.id}`, undefined, france.auth);
    expectProblem(foreign, 404, 'NOT_FOUND');
    expect(foreign.body.title).toBe(missing.body.title);
    await refuse(api, 404, 'NOT_FOUND', 'PATCH', `/api/v1/assets/${ref.deAsset.id}`, { notes: 'mine now' }, { ...france.auth, 'if-match': '"1"' });
    await refuse(api, 404, 'NOT_FOUND', 'POST', `/api/v1/assets/${ref.deAsset.id}/transitions`, { transition: 'assign', evidence: { assignedPersonId: ref.frPerson.id } }, { ...france.auth, 'if-match': '"1"' });
    for (const sub of ['history', 'assignments', 'imac', 'transitions']) expectProblem(await api.call('GET', `/api/v1/assets/${ref.deAsset.id}/${sub}`, undefined, france.auth), 404, 'NOT_FOUND');
    const log = await api.call('GET', `/api/v1/security-log?accountId=${france.accountId}`);
    expect(log.body.items.some((e: any) => e.kind === 'authorisation' && e.outcome === 'denied' && e.route === `/api/v1/assets/${ref.deAsset.id}`)).toBe(true);
  });

  it('AZ-02: lists, search, export and history filter by scope in the query; a bulk request touching a foreign asset changes nothing', async () => {
    const list = await api.call('GET', '/api/v1/assets?limit=500&includeTotal=true', undefined, france.auth);
    expect(list.body.items.map((a: any) => a.id)).toEqual([ref.frAsset.id]);
    expect(list.body.total).toBe(1);
    expect((await api.call('GET', `/api/v1/assets?q=German`, undefined, france.auth)).body.items).toEqual([]);
    // Filtering by an org unit outside the scope answers as for one that does not exist.
    expectProblem(await api.call('GET', `/api/v1/assets?orgUnitId=${ref.de.id}`, undefined, france.auth), 404, 'NOT_FOUND');
    expect((await api.call('GET', `/api/v1/assets?orgUnitId=${ref.frSales.id}`, undefined, france.auth)).status).toBe(200);
    // Naming a foreign asset by id (as the labels page does) does not reach it either.
    const named = await api.call('GET', `/api/v1/assets?ids=${ref.deAsset.id},${ref.frAsset.id},${ref.noOwner.id}`, undefined, france.auth);
    expect(named.body.items.map((a: any) => a.id)).toEqual([ref.frAsset.id]);
    const people = await api.call('GET', '/api/v1/people?limit=500', undefined, france.auth);
    expect(people.body.items.map((p: any) => p.id)).toEqual([ref.frPerson.id]);
    expectProblem(await api.call('GET', `/api/v1/people/${ref.dePerson.id}`, undefined, france.auth), 404, 'NOT_FOUND');
    expectProblem(await api.call('GET', `/api/v1/people/${ref.dePerson.id}/history`, undefined, france.auth), 404, 'NOT_FOUND');
    const units = await api.call('GET', '/api/v1/org-units?limit=500', undefined, france.auth);
    expect(units.body.items.map((u: any) => u.name).sort()).toEqual(['France', 'Ventes']);

    const analystExport = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export', headers: reader.auth });
    expect(analystExport.body).toContain('German laptop');
    const scopedExporter = await api.user(uniq('owner-fr'), [{ role: 'asset_owner', orgUnitId: ref.fr.id }]);
    const exported = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export', headers: scopedExporter.auth });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('French laptop');
    expect(exported.body).not.toContain('German laptop');
    expect(exported.body).not.toContain('Unowned laptop');

    const bulkUser = await api.user(uniq('bulk-fr'), [{ role: 'register_administrator', orgUnitId: ref.fr.id }]);
    await refuse(api, 404, 'NOT_FOUND', 'POST', '/api/v1/assets/bulk', {
      items: [{ id: ref.frAsset.id, version: 1, set: { notes: 'ok' } }, { id: ref.deAsset.id, version: 1, set: { notes: 'foreign' } }],
    }, bulkUser.auth);
  });

  it('AZ-02: imports of another account are invisible to a scoped reader; shared reference imports need an organisation-wide grant', async () => {
    const csv = 'name,type,owner\nImported,laptop,' + ref.de.id + '\n';
    const adminImport = await api.app.inject({ method: 'POST', url: '/api/v1/imports/assets?fileName=a.csv', headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'text/csv' }, payload: csv });
    expect(adminImport.statusCode, adminImport.body).toBe(200);
    const run = JSON.parse(adminImport.body);
    const scopedImporter = await api.user(uniq('imp-fr'), [{ role: 'register_administrator', orgUnitId: ref.fr.id }]);
    expect((await api.call('GET', '/api/v1/imports?limit=500', undefined, scopedImporter.auth)).body.items).toEqual([]);
    expect((await api.call('GET', `/api/v1/imports/${run.importId}`)).status).toBe(200);
    expectProblem(await api.call('GET', `/api/v1/imports/${run.importId}`, undefined, scopedImporter.auth), 404, 'NOT_FOUND');
    await refused(api, () => api.app.inject({ method: 'POST', url: '/api/v1/imports/people?fileName=p.csv', headers: { ...scopedImporter.auth, 'content-type': 'text/csv' }, payload: 'name\nEve\n' })
      .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body), headers: r.headers })), 403, 'FORBIDDEN');
    // An upsert row naming an asset outside the scope by its tag: refused without saying anything of that asset.
    const foreignTag = await refused(api, () => api.app.inject({ method: 'POST', url: '/api/v1/imports/assets?fileName=c.csv&mode=upsert', headers: { ...scopedImporter.auth, 'content-type': 'text/csv' }, payload: `tag,name,type,stage\n${ref.deAsset.tag},Renamed,laptop,disposed\n` })
      .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body), headers: r.headers })), 422, 'IMPORT_INVALID');
    expect(foreignTag.body.report.problems).toEqual([{ line: 2, column: 'tag', code: 'ASSET_TAG_TAKEN', message: 'This tag belongs to an asset outside your scope' }]);
    // Inventory files reach assets of every org unit: a grant on some units cannot upload them.
    await refused(api, () => api.app.inject({ method: 'POST', url: '/api/v1/inventory/files?fileName=feed.csv', headers: { ...scopedImporter.auth, 'content-type': 'text/csv' }, payload: `hostname,serial\nde-host,${ref.deAsset.serial ?? 'SER-DE'}\n` })
      .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body), headers: r.headers })), 403, 'FORBIDDEN');
    // IM-09: a row owned outside the caller's scope is a row error; nothing is written.
    await refused(api, () => api.app.inject({ method: 'POST', url: '/api/v1/imports/assets?fileName=b.csv', headers: { ...scopedImporter.auth, 'content-type': 'text/csv' }, payload: `name,type,owner\nMine,laptop,${ref.fr.id}\nTheirs,laptop,${ref.de.id}\n` })
      .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body), headers: r.headers })), 422, 'IMPORT_INVALID');
  });

  it('a grant follows its org unit when the unit moves in the tree: the holder keeps seeing its assets at the next request', async () => {
    const unit = await create(api, '/api/v1/org-units', { name: uniq('Moving team '), kind: 'team', parentId: ref.fr.id });
    const asset = await create(api, '/api/v1/assets', { name: 'Team laptop', assetTypeId: (await assetTypes(api))['laptop'].id, ownerOrgUnitId: unit.id });
    const holder = await api.user(uniq('team-custodian'), [{ role: 'custodian', orgUnitId: unit.id }]);
    const visible = async () => (await api.call('GET', '/api/v1/assets?limit=50', undefined, holder.auth)).body.items.map((a: any) => a.id);
    expect(await visible()).toEqual([asset.id]);
    const moved = await api.call('PATCH', `/api/v1/org-units/${unit.id}`, { parentId: ref.de.id }, { 'if-match': `"${unit.version}"` });
    expect(moved.status).toBe(200);
    expect(await visible()).toEqual([asset.id]);
    expect((await api.call('GET', `/api/v1/assets/${asset.id}`, undefined, holder.auth)).status).toBe(200);
  });

  it('AZ-03: an account without grants reaches nothing; assets without an owner are visible only organisation-wide', async () => {
    const nobody = await api.user(uniq('nobody'), []);
    await refuse(api, 403, 'FORBIDDEN', 'GET', '/api/v1/assets', undefined, nobody.auth);
    await refuse(api, 403, 'FORBIDDEN', 'GET', `/api/v1/assets/${ref.frAsset.id}`, undefined, nobody.auth);
    expectProblem(await api.call('GET', `/api/v1/assets/${ref.noOwner.id}`, undefined, france.auth), 404, 'NOT_FOUND');
    expect((await api.call('GET', `/api/v1/assets/${ref.noOwner.id}`, undefined, reader.auth)).status).toBe(200);
  });

  it('AZ-03: a scoped writer cannot create an asset outside the scope, or with no owner, or move one out', async () => {
    const types = await assetTypes(api);
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/assets', { name: 'x', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.de.id }, france.auth);
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/assets', { name: 'x', assetTypeId: types['laptop'].id }, france.auth);
    const mine = await api.call('POST', '/api/v1/assets', { name: 'Mine', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.frSales.id }, france.auth);
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'PATCH', `/api/v1/assets/${mine.body.id}`, { ownerOrgUnitId: ref.de.id }, { ...france.auth, 'if-match': '"1"' });
  });

  it('AZ-04/AZ-07: account management and deletion need their own permissions; refused before anything is written', async () => {
    const regAdmin = await api.user(uniq('regadmin-fr'), [{ role: 'register_administrator', orgUnitId: ref.fr.id }]);
    await refuse(api, 403, 'FORBIDDEN', 'POST', '/api/v1/accounts', { login: uniq('new'), displayName: 'New' }, regAdmin.auth);
    await refuse(api, 403, 'FORBIDDEN', 'POST', `/api/v1/accounts/${france.accountId}/grants`, { roleKey: 'it_asset_manager', orgUnitId: null }, regAdmin.auth);
    await refuse(api, 403, 'FORBIDDEN', 'DELETE', `/api/v1/assets/${ref.frAsset.id}`, { reason: 'test deletion' }, { ...france.auth, 'if-match': '"1"' });
    await refuse(api, 403, 'FORBIDDEN', 'POST', '/api/v1/org-units', { name: 'Lyon', kind: 'department', parentId: ref.fr.id }, regAdmin.auth);
  });

  it('AZ-07: assets.bulk alone changes nothing: an edit needs assets.write and a transition assets.transition wherever bulk holds', async () => {
    const role = async (permissions: string[]) => (await create(api, '/api/v1/roles', { key: uniq('bulk_only').replace(/-/g, '_').toLowerCase(), name: 'Bulk', permissions })).key as string;
    const bulkOnly = await api.user(uniq('bulk-only'), [{ role: await role(['register.read', 'assets.read', 'assets.bulk']) }]);
    const bulkAndWrite = await api.user(uniq('bulk-write'), [{ role: await role(['register.read', 'assets.read', 'assets.bulk', 'assets.write']) }]);
    // assets.write on France only does not reach what an organisation-wide assets.bulk reaches.
    const writesInFrance = await api.user(uniq('bulk-fr-write'), [{ role: await role(['register.read', 'assets.read', 'assets.bulk']) }, { role: 'custodian', orgUnitId: ref.fr.id }]);
    const version = (await api.call('GET', `/api/v1/assets/${ref.frAsset.id}`)).body.version as number;
    const set = { items: [{ id: ref.frAsset.id, version, set: { notes: 'bulk edit' } }] };
    const transition = { items: [{ id: ref.frAsset.id, version, transition: { transition: 'send_to_maintenance', evidence: { maintenance_reason: 'bulk' } } }] };
    await refuse(api, 403, 'FORBIDDEN', 'POST', '/api/v1/assets/bulk', set, bulkOnly.auth);
    await refuse(api, 403, 'FORBIDDEN', 'POST', '/api/v1/assets/bulk', transition, bulkOnly.auth);
    await refuse(api, 403, 'FORBIDDEN', 'POST', '/api/v1/assets/bulk', { ...set, dryRun: true }, bulkOnly.auth);
    await refuse(api, 403, 'FORBIDDEN', 'POST', '/api/v1/assets/bulk', transition, bulkAndWrite.auth);
    await refuse(api, 403, 'FORBIDDEN', 'POST', '/api/v1/assets/bulk', set, writesInFrance.auth);
    const applied = await api.call('POST', '/api/v1/assets/bulk', set, bulkAndWrite.auth);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect((await api.call('GET', `/api/v1/assets/${ref.frAsset.id}`)).body).toMatchObject({ notes: 'bulk edit', version: version + 1 });
  });

  it('AZ-06 (the export download; attachments: attachments.api.test.ts, authorization-matrix.api.test.ts): a role without the permission gets 403 and no file', async () => {
    const consumer = await api.user(uniq('consumer'), [{ role: 'asset_consumer' }]);
    const custodianExport = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?format=csv', headers: france.auth });
    expect(custodianExport.statusCode).toBe(403);
    expect(custodianExport.body).not.toContain('laptop');
    const consumerExport = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?format=xlsx', headers: consumer.auth });
    expect(consumerExport.statusCode).toBe(403);
    expect(consumerExport.headers['content-type']).toMatch(/problem\+json/);
  });

  it('MA-01/MA-02: only allow-listed account fields can be written; omitted means unchanged and null clears', async () => {
    const target = await create(api, '/api/v1/accounts', { login: uniq('ma'), displayName: 'Target', email: 'target@example.test' });
    for (const field of ['role', 'permissions', 'isAdmin', 'login', 'id', 'createdAt', 'passwordHash', 'grants']) {
      const res = await refuse(api, 422, 'UNKNOWN_FIELD', 'PATCH', `/api/v1/accounts/${target.id}`, { [field]: 'x' }, { 'if-match': '"1"' });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, code: 'UNKNOWN_FIELD' }));
    }
    const renamed = await api.call('PATCH', `/api/v1/accounts/${target.id}`, { displayName: 'Renamed' }, { 'if-match': '"1"' });
    expect(renamed.body).toMatchObject({ displayName: 'Renamed', email: 'target@example.test', version: 2 });
    const cleared = await api.call('PATCH', `/api/v1/accounts/${target.id}`, { email: null }, { 'if-match': '"2"' });
    expect(cleared.body).toMatchObject({ displayName: 'Renamed', email: null });
  });

  it('MA-03: __proto__ and constructor keys are refused and pollute nothing', async () => {
    const types = await assetTypes(api);
    for (const payload of ['{"name":"p","assetTypeId":"' + types['laptop'].id + '","__proto__":{"isAdmin":true}}', '{"name":"p","assetTypeId":"' + types['laptop'].id + '","constructor":{"prototype":{"isAdmin":true}}}']) {
      const res = await refused(api, () => api.app.inject({ method: 'POST', url: '/api/v1/assets', headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/json' }, payload })
        .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body), headers: r.headers })), 400);
      expect(res.body.code).toBe('BAD_REQUEST');
    }
    expect(({} as any).isAdmin).toBeUndefined();
    expectProblem(await api.call('GET', '/api/v1/assets?a[__proto__]=b'), 400);
    expect(({} as any).b).toBeUndefined();
  });

  it('deleting an asset another one names in an attribute is refused, without naming assets outside the scope', async () => {
    const types = await assetTypes(api);
    const dock = await create(api, '/api/v1/asset-types', { key: 'dock_scoped', name: 'Dock', category: 'hardware', lifecycleModelId: types['laptop'].lifecycleModelId, tagPattern: 'DCK-{seq:4}',
      attributeSchema: [{ key: 'serves', label: 'Serves', type: 'asset_ref' }] });
    const target = await create(api, '/api/v1/assets', { name: 'Docked laptop', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.fr.id });
    await create(api, '/api/v1/assets', { name: 'German dock', assetTypeId: dock.id, ownerOrgUnitId: ref.de.id, attributes: { serves: target.id } });
    const writer = await api.user(uniq('manager-fr'), [{ role: 'it_asset_manager', orgUnitId: ref.fr.id }]);
    const refused = await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/assets/${target.id}`, { reason: 'Duplicate' }, { ...writer.auth, 'if-match': '"1"' });
    expect(refused.body.detail).toContain('1 asset outside your scope');
    expect(refused.body.detail).not.toContain('DCK-');
    const admin = await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/assets/${target.id}`, { reason: 'Duplicate' }, { 'if-match': '"1"' });
    expect(admin.body.detail).toContain('DCK-');
  });

  it('an export names only people within the exporter\'s scope (a custodian of another country stays unnamed)', async () => {
    const types = await assetTypes(api);
    await create(api, '/api/v1/assets', { name: 'Shared laptop', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.fr.id, custodianId: ref.dePerson.id, stage: 'in_use', assignedPersonId: ref.frPerson.id });
    const exporter = await api.user(uniq('owner-fr2'), [{ role: 'asset_owner', orgUnitId: ref.fr.id }]);
    const csv = (await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?q=Shared', headers: exporter.auth })).body;
    expect(csv).toContain('Shared laptop');
    expect(csv).toContain('Amélie');
    expect(csv).not.toContain('Dieter');
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?q=Shared', headers: reader.auth })).body).toContain('Dieter');
  });
  it('a scoped writer cannot name a person or asset outside its scope: answered REFERENCE_NOT_FOUND like an unknown id, nothing written', async () => {
    const types = await assetTypes(api);
    const dock = await create(api, '/api/v1/asset-types', { key: uniq('dockref_'), name: 'Dock', category: 'hardware', lifecycleModelId: types['laptop'].lifecycleModelId, tagPattern: 'DRF-{seq:4}',
      attributeSchema: [{ key: 'host', label: 'Host', type: 'asset_ref' }, { key: 'keeper', label: 'Keeper', type: 'person_ref' }] });
    const frDock = await create(api, '/api/v1/assets', { name: 'French dock', assetTypeId: dock.id, ownerOrgUnitId: ref.fr.id });
    const unknown = '01a22da2-d230-7000-81ef-f83cc4f20492';
    const h = { ...france.auth, 'if-match': '"1"' };
    for (const attributes of [{ host: ref.deAsset.id }, { host: unknown }, { keeper: ref.dePerson.id }, { keeper: unknown }]) {
      const r = await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'PATCH', `/api/v1/assets/${frDock.id}`, { attributes }, h);
      expect(r.body.detail).toMatch(/^No (asset|person) with id /);
    }
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/assets', { name: 'x', assetTypeId: dock.id, ownerOrgUnitId: ref.fr.id, attributes: { host: ref.deAsset.id } }, france.auth);
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/assets', { name: 'x', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.fr.id, custodianId: ref.dePerson.id }, france.auth);
    const frLaptop = await create(api, '/api/v1/assets', { name: 'To assign', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.fr.id });
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', `/api/v1/assets/${frLaptop.id}/assign`, { personId: ref.dePerson.id }, h);
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', `/api/v1/assets/${frLaptop.id}/imac`, { action: 'install', performedOn: '2026-01-05', personId: ref.dePerson.id }, h);
    // In scope: accepted. A value the asset already held stays, whatever the editor's scope.
    await ok(api, 'PATCH', `/api/v1/assets/${frDock.id}`, { attributes: { host: ref.frAsset.id, keeper: ref.frPerson.id } }, h);
    const held = await create(api, '/api/v1/assets', { name: 'Held', assetTypeId: types['laptop'].id, ownerOrgUnitId: ref.fr.id, custodianId: ref.dePerson.id });
    await ok(api, 'PATCH', `/api/v1/assets/${held.id}`, { name: 'Held, renamed' }, h);
    await ok(api, 'POST', `/api/v1/assets/${frLaptop.id}/assign`, { personId: ref.frPerson.id }, h);
  });
});
