import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, expectProblem, ok, refuse, uniq, walk } from './support/http.js';

/** How to make and change one reference resource; every resource then runs the same checks. */
interface Spec {
  path: string;
  /** A valid body whose name starts with `name`. */
  body(name: string, i: number): Record<string, unknown>;
  /** Whether two records may share a name (then pagination must break ties by id). */
  sharedNames: boolean;
  patch: Record<string, unknown>;
}

let makerId = '';
let laptopTypeId = '';

const SPECS: Spec[] = [
  { path: 'org-units', sharedNames: true, body: (name, i) => ({ name, code: `OU-${i}`, kind: 'department' }), patch: { code: 'OU-NEW', kind: 'team' } },
  { path: 'locations', sharedNames: true, body: (name) => ({ name, kind: 'building', address: '1 Main St' }), patch: { address: '2 High St', latitude: 51.5 } },
  { path: 'people', sharedNames: true, body: (name) => ({ name, email: `${uniq('p')}@example.com` }), patch: { employeeNumber: 'E-42', active: false } },
  { path: 'manufacturers', sharedNames: false, body: (name) => ({ name, url: 'https://maker.example' }), patch: { supportPhone: '+44 20 0000 0000' } },
  { path: 'suppliers', sharedNames: false, body: (name) => ({ name, email: 'sales@supplier.example' }), patch: { notes: 'Preferred supplier' } },
  { path: 'models', sharedNames: true, body: (name) => ({ name, manufacturerId: makerId, assetTypeId: laptopTypeId, modelNumber: 'X1', defaultSpecs: { ramGb: 16 } }), patch: { eolMonths: 48 } },
];

describe.each(ENGINES)('reference data CRUD ($name)', (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(engine);
    laptopTypeId = (await assetTypes(api))['laptop'].id;
    makerId = (await create(api, '/api/v1/manufacturers', { name: 'Model Maker Inc' })).id;
  });
  afterAll(async () => { await api.close(); });

  describe.each(SPECS)('/api/v1/$path', (spec) => {
    const base = `/api/v1/${spec.path}`;
    const fresh = async (name = uniq('Rec ')) => {
      const res = await api.call('POST', base, spec.body(name, 0));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res;
    };

    it('creates with 201, ETag and Location, and reads it back', async () => {
      const res = await fresh();
      expect(res.body.version).toBe(1);
      expect(etag(res)).toBe('"1"');
      expect(res.headers['location']).toBe(`${base}/${res.body.id}`);
      const read = await ok(api, 'GET', String(res.headers['location']));
      expect(read.body).toEqual(res.body);
      expect(etag(read)).toBe('"1"');
      await refuse(api, 404, 'NOT_FOUND', 'GET', `${base}/00000000-0000-7000-8000-000000000000`);
    });

    it('lists in pages: walking nextCursor returns every record once, in name order, with a total', async () => {
      const prefix = uniq('Page ');
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const name = `${prefix} ${spec.sharedNames ? Math.floor(i / 2) : i}`;
        ids.push((await create(api, base, spec.body(name, i))).id);
      }
      const { pages, items } = await walk(api, `${base}?limit=3&q=${encodeURIComponent(prefix)}`);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(items.map((r) => r.id).sort()).toEqual([...ids].sort());
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [items[i - 1], items[i]];
        expect(a.name < b.name || (a.name === b.name && a.id < b.id), `${a.name}/${a.id} before ${b.name}/${b.id}`).toBe(true);
      }
      const counted = await ok(api, 'GET', `${base}?limit=2&includeTotal=true&q=${encodeURIComponent(prefix)}`);
      expect(counted.body.total).toBe(7);
      expect(counted.body.items).toHaveLength(2);
      const plain = await ok(api, 'GET', `${base}?limit=2`);
      expect(plain.body).not.toHaveProperty('total');
      // The whole collection walks without duplicates or omissions too.
      const all = await walk(api, `${base}?limit=4`);
      const total = (await ok(api, 'GET', `${base}?limit=1&includeTotal=true`)).body.total;
      expect(new Set(all.items.map((r) => r.id)).size).toBe(all.items.length);
      expect(all.items.length).toBe(total);
    });

    it('searches with q, case-insensitively, treating % and _ as plain characters', async () => {
      const p = uniq('Srch');
      const hit = (await fresh(`${p} Zebra 100% a_b`)).body;
      await fresh(`${p} Zebra 1000 axb`);
      const byWord = await ok(api, 'GET', `${base}?q=${encodeURIComponent(`${p} zEBRA`.toLowerCase())}`);
      expect(byWord.body.items).toHaveLength(2);
      for (const q of [`${p} Zebra 100%`, `${p} zebra 100% a_b`, '100% a_b']) {
        const res = await ok(api, 'GET', `${base}?q=${encodeURIComponent(q)}`);
        expect(res.body.items.map((r: any) => r.id), q).toEqual([hit.id]);
      }
      const none = await ok(api, 'GET', `${base}?q=${encodeURIComponent(`${p} no such thing`)}`);
      expect(none.body.items).toEqual([]);
    });

    it('searches ignoring case and accents (École, ÅLESUND, Øst, Müller, Straße), beyond ASCII on both engines', async () => {
      const p = uniq('Uni');
      const accented = (await fresh(`${p} École Ålesund Øst`)).body;
      const plain = (await fresh(`${p} Ecole Alesund Ost`)).body;
      const other = (await fresh(`${p} Müller Straße Москва`)).body;
      const found = async (q: string) => (await ok(api, 'GET', `${base}?q=${encodeURIComponent(q)}`)).body.items.map((r: any) => r.id).sort();
      for (const q of [`${p} école`, `${p} ÉCOLE ÅLESUND`, `${p} ecole alesund`, `${p} ecole alesund ost`, `${p} ÉCOLE ALESUND ØST`]) {
        expect(await found(q), q).toEqual([accented.id, plain.id].sort());
      }
      for (const q of [`${p} muller`, `${p} MÜLLER straße`, `${p} muller strasse`, `${p} MULLER STRASSE`, 'москва', 'МОСКВА']) expect(await found(q), q).toEqual([other.id]);
      expect(await found(`${p} muller strase`)).toEqual([]);
    });

    it('lists only the records named by ids (at most 100), and refuses malformed ids', async () => {
      const [a, b] = [(await fresh()).body, (await fresh()).body];
      await fresh();
      const res = await ok(api, 'GET', `${base}?ids=${b.id},${a.id},00000000-0000-7000-8000-000000000000`);
      expect(res.body.items.map((r: any) => r.id).sort()).toEqual([a.id, b.id].sort());
      expectProblem(await api.call('GET', `${base}?ids=${a.id},not-an-id`), 400, 'INVALID_QUERY');
      const many = Array.from({ length: 101 }, () => a.id).join(',');
      expectProblem(await api.call('GET', `${base}?ids=${many}`), 400, 'INVALID_QUERY');
    });

    it('updates with If-Match: 200, version + 1, new ETag; refuses missing, stale and unknown fields', async () => {
      const created = (await fresh()).body;
      const url = `${base}/${created.id}`;
      await refuse(api, 428, 'PRECONDITION_REQUIRED', 'PATCH', url, spec.patch);
      await refuse(api, 412, 'VERSION_MISMATCH', 'PATCH', url, spec.patch, { 'if-match': '"7"' });
      await refuse(api, 412, 'VERSION_MISMATCH', 'PATCH', url, spec.patch, { 'if-match': 'not-an-etag' });
      const unknown = await refuse(api, 422, 'UNKNOWN_FIELD', 'PATCH', url, { ...spec.patch, colour: 'red' }, { 'if-match': '"1"' });
      expect(unknown.body.errors).toContainEqual(expect.objectContaining({ field: 'colour', code: 'UNKNOWN_FIELD' }));
      await refuse(api, 422, 'UNKNOWN_FIELD', 'POST', base, { ...spec.body(uniq('Rec '), 0), id: created.id });

      const res = await ok(api, 'PATCH', url, spec.patch, { 'if-match': '"1"' });
      expect(res.body).toMatchObject({ ...spec.patch, id: created.id, version: 2, name: created.name, createdAt: created.createdAt });
      expect(etag(res)).toBe('"2"');
      expect((await ok(api, 'GET', url)).body).toEqual(res.body);

      const stale = await refuse(api, 412, 'VERSION_MISMATCH', 'PATCH', url, { name: 'Lost update' }, { 'if-match': '"1"' });
      expect(etag(stale)).toBe('"2"');
      expect((await ok(api, 'GET', url)).body.name).toBe(created.name);
    });

    it('an edit changes what it names and nothing else (no default fills a field it leaves out)', async () => {
      const created = (await fresh()).body;
      const url = `${base}/${created.id}`;
      // Employee numbers are unique: another test already gave spec.patch's to someone.
      const patch = spec.path === 'people' ? { ...spec.patch, employeeNumber: uniq('E-') } : spec.patch;
      const first = (await ok(api, 'PATCH', url, patch, { 'if-match': '"1"' })).body;
      const renamed = (await ok(api, 'PATCH', url, { name: `${created.name} (renamed)` }, { 'if-match': '"2"' })).body;
      const { name: _a, version: _b, updatedAt: _c, ...kept } = first;
      expect(renamed).toEqual({ ...first, ...kept, name: `${created.name} (renamed)`, version: 3, updatedAt: renamed.updatedAt });
    });

    it('deletes with a reason and If-Match (204), after which the record is gone', async () => {
      const created = (await fresh()).body;
      const url = `${base}/${created.id}`;
      await refuse(api, 428, 'PRECONDITION_REQUIRED', 'DELETE', url, { reason: 'Created in error' });
      await refuse(api, 412, 'VERSION_MISMATCH', 'DELETE', url, { reason: 'Created in error' }, { 'if-match': '"2"' });
      await refuse(api, 422, 'VALIDATION_FAILED', 'DELETE', url, {}, { 'if-match': '"1"' });
      const res = await api.call('DELETE', url, { reason: 'Created in error' }, { 'if-match': '"1"' });
      expect(res.status, JSON.stringify(res.body)).toBe(204);
      expect(res.body).toBeNull();
      await refuse(api, 404, 'NOT_FOUND', 'GET', url);
      await refuse(api, 404, 'NOT_FOUND', 'PATCH', url, spec.patch, { 'if-match': '"1"' });
    });

    it('keeps history: create, update and delete events, newest first, with before/after', async () => {
      const created = (await fresh()).body;
      const url = `${base}/${created.id}`;
      await ok(api, 'PATCH', url, { name: `${created.name} renamed` }, { 'if-match': '"1"' });
      const history = (await ok(api, 'GET', `${url}/history`)).body.items;
      expect(history.map((e: any) => e.action)).toEqual(['update', 'create']);
      expect(history[0].changes).toEqual({
        name: { before: created.name, after: `${created.name} renamed` },
        version: { before: 1, after: 2 },
        updatedAt: { before: created.updatedAt, after: expect.any(String) },
      });
      expect(history[1].changes.name).toEqual({ before: null, after: created.name });
      expect(history[1]).toMatchObject({ actor: 'admin', source: 'api', entityId: created.id });
      expect(history[0].seq).toBeGreaterThan(history[1].seq);
      const res = await api.call('DELETE', url, { reason: 'Duplicate record' }, { 'if-match': '"2"' });
      expect(res.status).toBe(204);
      const after = (await ok(api, 'GET', `${url}/history?limit=1`)).body;
      expect(after.items[0]).toMatchObject({ action: 'delete', reason: 'Duplicate record' });
      expect(after.items[0].changes.name).toEqual({ before: `${created.name} renamed`, after: null });
      expect(after.nextCursor).toEqual(expect.any(String));
    });
  });

  describe('trees and references', () => {
    const loc = (name: string, kind: string, parentId?: string) => create(api, '/api/v1/locations', { name, kind, ...(parentId ? { parentId } : {}) });

    it('refuses to delete a location an asset uses (409 IN_USE), or one with children', async () => {
      const country = await loc(uniq('Country '), 'country');
      const site = await loc(uniq('Site '), 'site', country.id);
      const laptop = (await assetTypes(api))['laptop'];
      await create(api, '/api/v1/assets', { name: 'Used laptop', assetTypeId: laptop.id, locationId: site.id });
      await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/locations/${site.id}`, { reason: 'Site closed' }, { 'if-match': '"1"' });
      await refuse(api, 409, 'IN_USE', 'DELETE', `/api/v1/locations/${country.id}`, { reason: 'Country left' }, { 'if-match': '"1"' });
      expect((await ok(api, 'GET', `/api/v1/locations/${site.id}`)).body.version).toBe(1);
    });

    it('filters people by org unit (its subtree) and by status on the server; lists the top level of a tree', async () => {
      const bu = await create(api, '/api/v1/org-units', { name: uniq('BU '), kind: 'business_unit' });
      const dept = await create(api, '/api/v1/org-units', { name: uniq('Dept '), kind: 'department', parentId: bu.id });
      const other = await create(api, '/api/v1/org-units', { name: uniq('Other '), kind: 'department' });
      const inBu = await create(api, '/api/v1/people', { name: 'Ann In-Bu', email: `${uniq('a')}@example.com`, orgUnitId: bu.id });
      const inDept = await create(api, '/api/v1/people', { name: 'Bob In-Dept', email: `${uniq('b')}@example.com`, orgUnitId: dept.id, active: false });
      await create(api, '/api/v1/people', { name: 'Cy Elsewhere', email: `${uniq('c')}@example.com`, orgUnitId: other.id });
      const ids = async (q: string) => (await ok(api, 'GET', `/api/v1/people?limit=50&${q}`)).body.items.map((p: { id: string }) => p.id).sort();
      expect(await ids(`orgUnitId=${bu.id}`)).toEqual([inBu.id, inDept.id].sort());
      expect(await ids(`orgUnitId=${dept.id}`)).toEqual([inDept.id]);
      expect(await ids(`orgUnitId=${bu.id}&active=false`)).toEqual([inDept.id]);
      expect(await ids(`orgUnitId=${bu.id}&active=true`)).toEqual([inBu.id]);
      await refuse(api, 400, 'INVALID_QUERY', 'GET', '/api/v1/people?active=maybe');
      const top = (await ok(api, 'GET', '/api/v1/org-units?limit=500&root=true')).body.items.map((u: { id: string }) => u.id);
      expect(top).toEqual(expect.arrayContaining([bu.id, other.id]));
      expect(top).not.toContain(dept.id);
    });

    it('moving a node rewrites the path of every descendant', async () => {
      const uk = await loc(uniq('UK '), 'country');
      const fr = await loc(uniq('FR '), 'country');
      const site = await loc(uniq('London '), 'site', uk.id);
      const room = await loc(uniq('Room '), 'room', site.id);
      const rack = await loc(uniq('Rack '), 'rack', room.id);
      expect(rack.path).toBe(`/${uk.id}/${site.id}/${room.id}/${rack.id}/`);
      const moved = await ok(api, 'PATCH', `/api/v1/locations/${site.id}`, { parentId: fr.id }, { 'if-match': '"1"' });
      expect(moved.body.path).toBe(`/${fr.id}/${site.id}/`);
      expect((await ok(api, 'GET', `/api/v1/locations/${room.id}`)).body.path).toBe(`/${fr.id}/${site.id}/${room.id}/`);
      expect((await ok(api, 'GET', `/api/v1/locations/${rack.id}`)).body.path).toBe(`/${fr.id}/${site.id}/${room.id}/${rack.id}/`);
      const children = await ok(api, 'GET', `/api/v1/locations?parentId=${fr.id}`);
      expect(children.body.items.map((l: any) => l.id)).toEqual([site.id]);
      // Back to the top level.
      const top = await ok(api, 'PATCH', `/api/v1/locations/${site.id}`, { parentId: null }, { 'if-match': '"2"' });
      expect(top.body.path).toBe(`/${site.id}/`);
      expect((await ok(api, 'GET', `/api/v1/locations/${rack.id}`)).body.path).toBe(`/${site.id}/${room.id}/${rack.id}/`);
    });

    it.each(['locations', 'org-units'])('refuses to move a %s node under itself or its own descendant (422)', async (path) => {
      const base = `/api/v1/${path}`;
      const kind = path === 'locations' ? 'site' : 'department';
      const a = await create(api, base, { name: uniq('A '), kind });
      const b = await create(api, base, { name: uniq('B '), kind, parentId: a.id });
      const c = await create(api, base, { name: uniq('C '), kind, parentId: b.id });
      for (const parentId of [c.id, b.id, a.id]) {
        const res = await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `${base}/${a.id}`, { parentId }, { 'if-match': '"1"' });
        expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'parentId', code: 'TREE_CYCLE' }));
      }
      await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'PATCH', `${base}/${a.id}`, { parentId: '00000000-0000-7000-8000-000000000000' }, { 'if-match': '"1"' });
      expect((await ok(api, 'GET', `${base}/${c.id}`)).body.path).toBe(`/${a.id}/${b.id}/${c.id}/`);
    });

    it('refuses references to records that do not exist (422 REFERENCE_NOT_FOUND)', async () => {
      const missing = '00000000-0000-7000-8000-000000000001';
      const res = await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/people', { name: 'Nobody', orgUnitId: missing });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'orgUnitId' }));
      await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/models', { name: 'Ghost', manufacturerId: missing, assetTypeId: laptopTypeId });
      await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/locations', { name: 'Orphan', parentId: missing });
    });

    it('refuses a reporting line that loops (A manages B manages C, then C to manage A); nothing written', async () => {
      const a = await create(api, '/api/v1/people', { name: uniq('Top ') });
      const b = await create(api, '/api/v1/people', { name: uniq('Middle '), managerId: a.id });
      const c = await create(api, '/api/v1/people', { name: uniq('Bottom '), managerId: b.id });
      for (const [who, boss] of [[a, c], [a, b], [b, c]] as const) {
        const res = await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/people/${who.id}`, { managerId: boss.id }, { 'if-match': `"${who.version}"` });
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'managerId', code: 'MANAGER_CYCLE' })]);
      }
      expect((await ok(api, 'GET', `/api/v1/people/${a.id}`)).body).toMatchObject({ managerId: null, version: a.version });
      // Moving within the line without a loop is fine: C now reports to A directly.
      expect((await ok(api, 'PATCH', `/api/v1/people/${c.id}`, { managerId: a.id }, { 'if-match': `"${c.version}"` })).body.managerId).toBe(a.id);
    });

    it('a model that assets use keeps its type and manufacturer (409, nothing written); an unused one may change', async () => {
      const otherMaker = await create(api, '/api/v1/manufacturers', { name: uniq('Other maker ') });
      const desktopTypeId = (await assetTypes(api))['desktop'].id;
      const used = await create(api, '/api/v1/models', { name: uniq('Used model '), manufacturerId: makerId, assetTypeId: laptopTypeId });
      const asset = await create(api, '/api/v1/assets', { name: 'On the model', assetTypeId: laptopTypeId, modelId: used.id });
      for (const patch of [{ assetTypeId: desktopTypeId }, { manufacturerId: otherMaker.id }]) {
        const res = await refuse(api, 409, 'IN_USE', 'PATCH', `/api/v1/models/${used.id}`, patch, { 'if-match': `"${used.version}"` });
        expect(res.body.detail).toContain(asset.tag);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: Object.keys(patch)[0], code: 'MODEL_IN_USE' })]);
      }
      // Its other details still change, and its assets still validate.
      const renamed = await ok(api, 'PATCH', `/api/v1/models/${used.id}`, { eolMonths: 60 }, { 'if-match': `"${used.version}"` });
      expect((await ok(api, 'PATCH', `/api/v1/assets/${asset.id}`, { name: 'Renamed' }, { 'if-match': `"${asset.version}"` })).body.name).toBe('Renamed');
      const unused = await create(api, '/api/v1/models', { name: uniq('Unused model '), manufacturerId: makerId, assetTypeId: laptopTypeId });
      expect((await ok(api, 'PATCH', `/api/v1/models/${unused.id}`, { assetTypeId: desktopTypeId, manufacturerId: otherMaker.id }, { 'if-match': `"${unused.version}"` })).body).toMatchObject({ assetTypeId: desktopTypeId, manufacturerId: otherMaker.id });
      expect(renamed.body.version).toBe(used.version + 1);
    });
  });
});
