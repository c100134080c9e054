import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, refuse, uniq } from './support/http.js';

const KEY = 'ABCDE-12345-FGHIJ-67890';

/** AZ-05: fields marked sensitive are encrypted at rest and shown only with `sensitive.read`: API, export and history alike. */
describe.each(ENGINES)('sensitive fields ($name)', (engine) => {
  let api: TestApi;
  let licence: any;
  let custodian: Record<string, string>;
  let licenceManager: Record<string, string>;
  let unit: any;

  beforeAll(async () => {
    api = await startApi(engine);
    const types = await assetTypes(api);
    unit = await create(api, '/api/v1/org-units', { name: 'IT', kind: 'department' });
    licence = await create(api, '/api/v1/assets', { name: 'Office suite', assetTypeId: types['software_licence'].id, ownerOrgUnitId: unit.id, attributes: { product: 'Office', licence_key: KEY } });
    custodian = (await api.user(uniq('custodian'), [{ role: 'custodian' }])).auth;
    licenceManager = (await api.user(uniq('licences'), [{ role: 'licence_manager' }])).auth;
  });
  afterAll(async () => { await api.close(); });

  it('stores the value only encrypted: neither the asset row nor any history event holds it in clear', async () => {
    const row = await api.db.db.selectFrom('assets').select('attributes').where('id', '=', licence.id).executeTakeFirstOrThrow();
    const stored = typeof row.attributes === 'string' ? row.attributes : JSON.stringify(row.attributes);
    expect(stored).not.toContain(KEY);
    expect(stored).toMatch(/"licence_key":"enc:v1:[0-9a-f]{8}:/);
    const events = await api.db.db.selectFrom('events').select('changes').where('entity_id', '=', licence.id).execute();
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.changes).not.toContain(KEY);
  });

  it('shows the value to holders of sensitive.read and hides it from others in read, list, export and history', async () => {
    expect((await api.call('GET', `/api/v1/assets/${licence.id}`, undefined, licenceManager)).body.attributes.licence_key).toBe(KEY);
    expect(licence.attributes.licence_key).toBe(KEY);
    const hidden = await api.call('GET', `/api/v1/assets/${licence.id}`, undefined, custodian);
    expect(hidden.body.attributes.licence_key).toBe('(hidden)');
    const list = await api.call('GET', '/api/v1/assets?q=Office', undefined, custodian);
    expect(JSON.stringify(list.body)).not.toContain(KEY);
    const history = await api.call('GET', `/api/v1/assets/${licence.id}/history`, undefined, { authorization: custodian.authorization! });
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).not.toContain(KEY);
    expect(JSON.stringify((await api.call('GET', `/api/v1/assets/${licence.id}/history`, undefined, licenceManager)).body)).toContain(KEY);
    const analyst = (await api.user(uniq('analyst'), [{ role: 'it_asset_analyst' }])).auth;
    const exported = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?q=Office', headers: analyst });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('Office suite');
    expect(exported.body).not.toContain(KEY);
    const full = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?q=Office', headers: licenceManager });
    expect(full.body).toContain(KEY);
  });

  it('sensitive.read held on one unit shows the value only where everything the request reaches lies in that unit', async () => {
    // Licence manager of IT alone: every asset it reads is IT's, so the key is shown.
    const itOnly = (await api.user(uniq('it-licences'), [{ role: 'licence_manager', orgUnitId: unit.id }])).auth;
    expect((await api.call('GET', `/api/v1/assets/${licence.id}`, undefined, itOnly)).body.attributes.licence_key).toBe(KEY);
    // The same grant beside reading the whole register: that read reaches other units, where sensitive.read does not
    // hold, so the value is hidden — in the asset, the list, the export and the history.
    const wide = (await api.user(uniq('wide'), [{ role: 'licence_manager', orgUnitId: unit.id }, { role: 'it_asset_analyst' }])).auth;
    expect((await api.call('GET', `/api/v1/assets/${licence.id}`, undefined, wide)).body.attributes.licence_key).toBe('(hidden)');
    expect(JSON.stringify((await api.call('GET', '/api/v1/assets?q=Office', undefined, wide)).body)).not.toContain(KEY);
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?q=Office', headers: wide })).body).not.toContain(KEY);
    expect(JSON.stringify((await api.call('GET', `/api/v1/assets/${licence.id}/history`, undefined, wide)).body)).not.toContain(KEY);
  });

  it('an edit by someone who cannot see the value keeps it; a change of it is recorded encrypted', async () => {
    const current = (await api.call('GET', `/api/v1/assets/${licence.id}`)).body;
    const edited = await api.call('PATCH', `/api/v1/assets/${licence.id}`, { notes: 'renewed', attributes: { product: 'Office', licence_key: '(hidden)', expires_on: '2027-12-31' } }, { ...custodian, 'if-match': `"${current.version}"` });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.attributes).toEqual({ product: 'Office', licence_key: '(hidden)', expires_on: '2027-12-31' });
    expect((await api.call('GET', `/api/v1/assets/${licence.id}`, undefined, licenceManager)).body.attributes.licence_key).toBe(KEY);
    const lastEvent = (await api.call('GET', `/api/v1/assets/${licence.id}/history?limit=1`)).body.items[0];
    expect(lastEvent.changes['attributes']).toBeDefined();
    expect(lastEvent.changes['attributes.licence_key'] ?? null).toBeNull();

    const v = edited.body.version;
    const rekeyed = await api.call('PATCH', `/api/v1/assets/${licence.id}`, { attributes: { product: 'Office', licence_key: 'NEW-KEY-0000', expires_on: '2027-12-31' } }, { ...licenceManager, 'if-match': `"${v}"` });
    expect(rekeyed.status, JSON.stringify(rekeyed.body)).toBe(200);
    const seen = JSON.stringify((await api.call('GET', `/api/v1/assets/${licence.id}/history?limit=1`, undefined, custodian)).body);
    expect(seen).not.toContain('NEW-KEY-0000');
    expect(seen).not.toContain(KEY);
    expect(JSON.stringify((await api.call('GET', `/api/v1/assets/${licence.id}/history?limit=1`, undefined, licenceManager)).body)).toContain('NEW-KEY-0000');
  });

  it('a sensitive attribute the type drops stays stored encrypted and hidden, through later edits', async () => {
    const type = (await api.call('GET', `/api/v1/asset-types/${licence.assetTypeId}`)).body;
    const dropped = await api.call('PATCH', `/api/v1/asset-types/${type.id}`, { attributeSchema: type.attributeSchema.filter((f: any) => f.key !== 'licence_key') }, { 'if-match': `"${type.version}"` });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    try {
      const current = (await api.call('GET', `/api/v1/assets/${licence.id}`)).body;
      const edited = await api.call('PATCH', `/api/v1/assets/${licence.id}`, { notes: 'Seats counted in November', attributes: { seats: 25 } }, { 'if-match': `"${current.version}"` });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      const row = await api.db.db.selectFrom('assets').select('attributes').where('id', '=', licence.id).executeTakeFirstOrThrow();
      const stored = typeof row.attributes === 'string' ? row.attributes : JSON.stringify(row.attributes);
      expect(stored).toMatch(/"licence_key":"enc:v1:[0-9a-f]{8}:/);
      expect(stored).not.toContain('NEW-KEY-0000');
      expect((await api.call('GET', `/api/v1/assets/${licence.id}`, undefined, custodian)).body.attributes.licence_key).toBe('(hidden)');
      expect((await api.call('GET', `/api/v1/assets/${licence.id}`, undefined, licenceManager)).body.attributes).toMatchObject({ licence_key: 'NEW-KEY-0000', seats: 25 });
    } finally {
      const now = (await api.call('GET', `/api/v1/asset-types/${type.id}`)).body;
      expect((await api.call('PATCH', `/api/v1/asset-types/${type.id}`, { attributeSchema: type.attributeSchema }, { 'if-match': `"${now.version}"` })).status).toBe(200);
    }
  });

  it('refuses text that looks like a stored ciphertext, writing nothing', async () => {
    const current = (await api.call('GET', `/api/v1/assets/${licence.id}`)).body;
    await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/assets/${licence.id}`, { attributes: { product: 'Office', licence_key: 'enc:v1:00000000:aaaa:bbbb' } }, { 'if-match': `"${current.version}"` });
  });
});
