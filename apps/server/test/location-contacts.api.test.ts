import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, ok, refuse, uniq } from './support/http.js';

/**
 * Local contacts of locations (ITIL ITAM Table 2.2, "Assign": location with local contacts): written with the location
 * (If-Match, one history event), refused whole when wrong, and read for a place or an asset from the nearest place
 * that has some.
 */
describe.each(ENGINES)('location contacts ($name)', (engine) => {
  let api: TestApi;
  let laptopType: any;

  beforeAll(async () => {
    api = await startApi(engine);
    laptopType = (await assetTypes(api))['laptop'];
  });
  afterAll(async () => { await api.close(); });

  const person = (extra: Record<string, unknown> = {}) => create(api, '/api/v1/people', { name: uniq('Contact '), email: `${uniq('c')}@example.test`, ...extra });
  const place = (kind: string, parentId: string | null, contacts?: unknown[]) => create(api, '/api/v1/locations', { name: uniq(`${kind} `), kind, parentId, ...(contacts ? { contacts } : {}) });
  const contact = (personId: string, role = 'site IT contact', extra: Record<string, unknown> = {}) => ({ personId, role, ...extra });
  const patch = (id: string, version: number, body: unknown) => ok(api, 'PATCH', `/api/v1/locations/${id}`, body, { 'if-match': `"${version}"` });
  const read = async (id: string) => (await ok(api, 'GET', `/api/v1/locations/${id}`)).body;
  const atPlace = async (id: string) => (await ok(api, 'GET', `/api/v1/locations/${id}/local-contacts`)).body;
  const atAsset = async (id: string, headers?: Record<string, string>) => (await ok(api, 'GET', `/api/v1/assets/${id}/local-contacts`, undefined, headers)).body;

  it('contacts are written with the location: read back, versioned, and recorded in its history', async () => {
    const [ada, bob] = [await person(), await person()];
    const site = await place('site', null, [contact(ada.id, '  site IT contact ', { phone: '+49 30 1234', notes: '' })]);
    expect(site.contacts).toEqual([{ personId: ada.id, role: 'site IT contact', phone: '+49 30 1234', notes: null }]);
    expect((await ok(api, 'GET', `/api/v1/locations/${site.id}/history`)).body.items[0]).toMatchObject({ action: 'create', changes: { contacts: { before: null, after: site.contacts } } });

    // The whole list is written: one added, one changed.
    const next = [contact(ada.id, 'site IT contact'), contact(bob.id, 'receptionist', { notes: 'Front desk, 8–16' })];
    const patched = (await patch(site.id, 1, { contacts: next })).body;
    expect(patched).toMatchObject({ version: 2, name: site.name });
    expect(patched.contacts).toEqual([
      { personId: ada.id, role: 'site IT contact', phone: null, notes: null },
      { personId: bob.id, role: 'receptionist', phone: null, notes: 'Front desk, 8–16' },
    ]);
    expect(await read(site.id)).toMatchObject({ version: 2, contacts: patched.contacts });
    const history = (await ok(api, 'GET', `/api/v1/locations/${site.id}/history`)).body.items;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ action: 'update', changes: { contacts: { before: site.contacts, after: patched.contacts } } });

    // Without If-Match 428, with an old version 412: nothing written either way.
    await refuse(api, 428, undefined, 'PATCH', `/api/v1/locations/${site.id}`, { contacts: [] });
    await refuse(api, 412, undefined, 'PATCH', `/api/v1/locations/${site.id}`, { contacts: [] }, { 'if-match': '"1"' });
    // An empty list removes them all.
    expect((await patch(site.id, 2, { contacts: [] })).body).toMatchObject({ version: 3, contacts: [] });
    // A location created without contacts has none.
    expect((await place('room', site.id)).contacts).toEqual([]);
  });

  it('wrong contacts are refused (422) with a stable code at the field, on create and edit, and nothing is written', async () => {
    const [ada, bob] = [await person(), await person()];
    const leaver = await person({ active: false });
    const site = await place('site', null, [contact(ada.id)]);
    const unknown = '00000000-0000-7000-8000-000000000000';
    const cases: [unknown[], string, string, string][] = [
      [[contact(ada.id), contact(unknown)], 'REFERENCE_NOT_FOUND', 'contacts.1.personId', 'REFERENCE_NOT_FOUND'],
      [[contact(ada.id, 'Receptionist'), contact(bob.id), contact(ada.id, 'receptionist ')], 'VALIDATION_FAILED', 'contacts.2', 'DUPLICATE_CONTACT'],
      [[contact(ada.id), contact(leaver.id, 'facilities')], 'VALIDATION_FAILED', 'contacts.1.personId', 'PERSON_INACTIVE'],
      [Array.from({ length: 11 }, (_, i) => contact(ada.id, `role ${i}`)), 'VALIDATION_FAILED', 'contacts', 'INVALID_TOO_BIG'],
      [[contact(ada.id, '   ')], 'VALIDATION_FAILED', 'contacts.0.role', 'INVALID_TOO_SMALL'],
      [[{ personId: ada.id }], 'VALIDATION_FAILED', 'contacts.0.role', 'INVALID_INVALID_TYPE'],
    ];
    for (const [contacts, code, field, fieldCode] of cases) {
      for (const res of [
        await refuse(api, 422, code, 'PATCH', `/api/v1/locations/${site.id}`, { name: 'Renamed', contacts }, { 'if-match': '"1"' }),
        await refuse(api, 422, code, 'POST', '/api/v1/locations', { name: uniq('Site '), contacts }),
      ]) expect(res.body.errors, JSON.stringify(res.body)).toContainEqual(expect.objectContaining({ field, code: fieldCode }));
    }
    expect(await read(site.id)).toMatchObject({ version: 1, name: site.name, contacts: [{ personId: ada.id, role: 'site IT contact', phone: null, notes: null }] });
    expect((await ok(api, 'GET', `/api/v1/locations/${site.id}/history`)).body.items).toHaveLength(1);
  });

  it('someone who left while listed stays until removed: the location can still be edited, and they cannot be added back', async () => {
    const ada = await person();
    const site = await place('site', null, [contact(ada.id)]);
    await ok(api, 'PATCH', `/api/v1/people/${ada.id}`, { active: false }, { 'if-match': '"1"' });
    expect((await patch(site.id, 1, { name: uniq('Renamed ') })).body.contacts).toHaveLength(1);
    // Listed already: changing their role adds nobody.
    expect((await patch(site.id, 2, { contacts: [contact(ada.id, 'facilities')] })).body.contacts).toHaveLength(1);
    await patch(site.id, 3, { contacts: [] });
    const res = await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/locations/${site.id}`, { contacts: [contact(ada.id)] }, { 'if-match': '"4"' });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'contacts.0.personId', code: 'PERSON_INACTIVE' }));
  });

  it('a person listed as a local contact cannot be deleted (409 IN_USE, nothing written) until removed there', async () => {
    const ada = await person();
    const site = await place('site', null, [contact(ada.id)]);
    const res = await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/people/${ada.id}`, { reason: 'entered by mistake' }, { 'if-match': '"1"' });
    expect(res.body.detail).toContain(site.name);
    await patch(site.id, 1, { contacts: [] });
    const gone = await api.call('DELETE', `/api/v1/people/${ada.id}`, { reason: 'entered by mistake' }, { 'if-match': '"1"' });
    expect(gone.status).toBe(204);
  });

  it('a place without contacts inherits those of the nearest place above it that has some; an asset answers its location\'s', async () => {
    const [ada, bob, eve] = [await person(), await person(), await person()];
    const site = await place('site', null, [contact(ada.id, 'site IT contact', { phone: '+33 1 2345' })]);
    const building = await place('building', site.id);
    const room = await place('room', building.id);
    const asset = await create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: laptopType.id, locationId: room.id });
    const fromSite = { from: { id: site.id, name: site.name, kind: 'site' }, inherited: true, items: [{ personId: ada.id, name: ada.name, email: ada.email, role: 'site IT contact', phone: '+33 1 2345', notes: null }] };
    expect(await atAsset(asset.id)).toEqual(fromSite);
    expect(await atPlace(room.id)).toEqual(fromSite);
    expect(await atPlace(site.id)).toEqual({ ...fromSite, inherited: false });

    // The building gets its own: the nearer place answers.
    await patch(building.id, 1, { contacts: [contact(bob.id, 'receptionist')] });
    expect(await atAsset(asset.id)).toMatchObject({ from: { id: building.id }, inherited: true, items: [{ personId: bob.id, name: bob.name, role: 'receptionist' }] });

    // The room's own contact left: nobody to call there, so the building answers; once back in the room's list with an active person, the room does.
    await patch(room.id, 1, { contacts: [contact(eve.id, 'facilities')] });
    expect(await atAsset(asset.id)).toMatchObject({ from: { id: room.id }, inherited: false, items: [{ personId: eve.id }] });
    await ok(api, 'PATCH', `/api/v1/people/${eve.id}`, { active: false }, { 'if-match': '"1"' });
    expect(await atAsset(asset.id)).toMatchObject({ from: { id: building.id }, inherited: true });

    // No location, or nobody anywhere above: none.
    const nowhere = await create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: laptopType.id });
    expect(await atAsset(nowhere.id)).toEqual({ from: null, inherited: false, items: [] });
    expect(await atPlace((await place('site', null)).id)).toEqual({ from: null, inherited: false, items: [] });
    // The asset read itself is unchanged: the contacts are read apart.
    expect((await ok(api, 'GET', `/api/v1/assets/${asset.id}`)).body).not.toHaveProperty('contacts');
    expectProblem(await api.call('GET', '/api/v1/locations/00000000-0000-7000-8000-000000000000/local-contacts'), 404, 'NOT_FOUND');
    expectProblem(await api.call('GET', '/api/v1/assets/00000000-0000-7000-8000-000000000000/local-contacts'), 404, 'NOT_FOUND');
  });

  it('an asset\'s local contacts answer 404 outside the caller\'s scope, like the asset; inside they are read', async () => {
    const ada = await person();
    const site = await place('site', null, [contact(ada.id)]);
    const [inside, outside] = [await create(api, '/api/v1/org-units', { name: uniq('In '), kind: 'country' }), await create(api, '/api/v1/org-units', { name: uniq('Out '), kind: 'country' })];
    const mine = await create(api, '/api/v1/assets', { name: uniq('Mine '), assetTypeId: laptopType.id, ownerOrgUnitId: inside.id, locationId: site.id });
    const theirs = await create(api, '/api/v1/assets', { name: uniq('Theirs '), assetTypeId: laptopType.id, ownerOrgUnitId: outside.id, locationId: site.id });
    const custodian = await api.user(uniq('custodian'), [{ role: 'custodian', orgUnitId: inside.id }]);
    // The contact is named to whoever reads the place, though the person is outside the reader's scope.
    expect(await atAsset(mine.id, custodian.auth)).toMatchObject({ from: { id: site.id }, items: [{ personId: ada.id, name: ada.name }] });
    expectProblem(await api.call('GET', `/api/v1/assets/${theirs.id}/local-contacts`, undefined, custodian.auth), 404, 'NOT_FOUND');
    // Without assets.read: 403.
    const consumer = await api.user(uniq('consumer'), [{ role: 'asset_consumer' }]);
    expectProblem(await api.call('GET', `/api/v1/assets/${mine.id}/local-contacts`, undefined, consumer.auth), 403);
  });
});
