import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, ok, refuse, uniq, walk } from './support/http.js';

const SORTS = ['tag', '-tag', 'name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;

/** A clock that moves one second every fifth call (a request reads it more than once), so some records share a timestamp and pagination must break ties. */
function steppingClock() {
  let n = 0;
  const start = Date.parse('2026-11-28T09:00:00.000Z');
  return () => new Date(start + Math.floor(n++ / 5) * 1000);
}

describe.each(ENGINES)('assets ($name)', (engine) => {
  let api: TestApi;
  let types: Record<string, any>;
  const ref: Record<string, any> = {};
  const asset = (body: Record<string, unknown>) => create(api, '/api/v1/assets', { name: 'Asset', assetTypeId: types['laptop'].id, ...body });

  beforeAll(async () => {
    api = await startApi(engine, { clock: steppingClock() });
    types = await assetTypes(api);
    ref.m1 = await create(api, '/api/v1/manufacturers', { name: 'Lenovo' });
    ref.m2 = await create(api, '/api/v1/manufacturers', { name: 'Dell' });
    ref.modelA = await create(api, '/api/v1/models', { name: 'ThinkPad T14', manufacturerId: ref.m1.id, assetTypeId: types['laptop'].id });
    ref.modelB = await create(api, '/api/v1/models', { name: 'ThinkPad X1', manufacturerId: ref.m1.id, assetTypeId: types['laptop'].id });
    ref.modelC = await create(api, '/api/v1/models', { name: 'Latitude 7440', manufacturerId: ref.m2.id, assetTypeId: types['laptop'].id });
  });
  afterAll(async () => { await api.close(); });

  describe('tags and serials', () => {
    it('generates tags from the type pattern, accepts explicit ones, and skips numbers taken by hand', async () => {
      expect((await asset({})).tag).toBe('LAP-000001');
      expect((await asset({})).tag).toBe('LAP-000002');
      expect((await asset({ tag: 'LAP-000003' })).tag).toBe('LAP-000003');
      expect((await asset({ tag: '  CUSTOM-7  ' })).tag).toBe('CUSTOM-7');
      expect((await asset({})).tag).toBe('LAP-000004');
      expect((await create(api, '/api/v1/assets', { name: 'Phone', assetTypeId: types['phone'].id })).tag).toBe('PHN-000001');
    });

    it.each(['LAP-000001', 'lap-000001', 'LAP-000001\u200b', '\u200bLap-000001', ' LAP-000001 '])('refuses the duplicate tag %j (409 ASSET_TAG_TAKEN)', async (tag) => {
      const res = await refuse(api, 409, 'ASSET_TAG_TAKEN', 'POST', '/api/v1/assets', { name: 'Dup', assetTypeId: types['laptop'].id, tag });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'tag' }));
    });

    it('refuses renaming a tag onto another asset\'s tag', async () => {
      const a = await asset({ tag: uniq('T-') });
      await refuse(api, 409, 'ASSET_TAG_TAKEN', 'PATCH', `/api/v1/assets/${a.id}`, { tag: 'lap-000002' }, { 'if-match': '"1"' });
    });

    it('keeps serials unique per manufacturer, ignoring case', async () => {
      const serial = uniq('SN-ab');
      const first = await asset({ modelId: ref.modelA.id, serial });
      expect(first).toMatchObject({ serial, manufacturerId: ref.m1.id });
      const body = { name: 'Twin', assetTypeId: types['laptop'].id, modelId: ref.modelB.id, serial: serial.toUpperCase() };
      const res = await refuse(api, 409, 'ASSET_SERIAL_TAKEN', 'POST', '/api/v1/assets', body);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'serial' }));
      await refuse(api, 409, 'ASSET_SERIAL_TAKEN', 'POST', '/api/v1/assets', { ...body, modelId: ref.modelA.id, serial: ` ${serial}\u200b ` });
      const other = await asset({ modelId: ref.modelC.id, serial });
      expect(other.manufacturerId).toBe(ref.m2.id);
      // Moving the second asset to the first one's manufacturer would clash.
      await refuse(api, 409, 'ASSET_SERIAL_TAKEN', 'PATCH', `/api/v1/assets/${other.id}`, { modelId: ref.modelB.id }, { 'if-match': '"1"' });
    });
  });

  describe('validation', () => {
    it('validates typed attributes: pattern, type, unknown keys, uniqueness', async () => {
      const phone = (attributes: Record<string, unknown>) => ({ name: 'Phone', assetTypeId: types['phone'].id, attributes });
      const imei = `35${Date.now().toString().slice(-13)}`;
      let res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', phone({ imei: '12345' }));
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'attributes.imei', code: 'ATTRIBUTE_PATTERN_MISMATCH' }));
      res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', phone({ imei: 350000000000001 }));
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'attributes.imei', code: 'ATTRIBUTE_TYPE_MISMATCH' }));
      res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', phone({ imei, colour: 'red' }));
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'attributes.colour', code: 'ATTRIBUTE_UNKNOWN' }));
      const first = await create(api, '/api/v1/assets', phone({ imei, phone_number: '+44 7700 900000' }));
      expect(first.attributes).toEqual({ imei, phone_number: '+44 7700 900000' });
      res = await refuse(api, 409, 'UNIQUE_VIOLATION', 'POST', '/api/v1/assets', phone({ imei }));
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'attributes.imei', code: 'ATTRIBUTE_NOT_UNIQUE' }));
      // Laptop attributes: integer, range, MAC normalised, boolean default applied.
      res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'L', assetTypeId: types['laptop'].id, attributes: { ram_gb: '16' } });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'attributes.ram_gb' }));
      await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'L', assetTypeId: types['laptop'].id, attributes: { ram_gb: -1 } });
      const laptop = await asset({ attributes: { ram_gb: 16, mac_address: 'aa-bb-cc-dd-ee-ff' } });
      expect(laptop.attributes).toEqual({ ram_gb: 16, mac_address: 'AA:BB:CC:DD:EE:FF', encrypted: false });
    });

    it('requires a currency with a cost, and a cost with a currency', async () => {
      let res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'C', assetTypeId: types['laptop'].id, purchaseCostMinor: 129900 });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'purchaseCurrency', code: 'MONEY_NEEDS_CURRENCY' }));
      res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'C', assetTypeId: types['laptop'].id, purchaseCurrency: 'EUR' });
      await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'C', assetTypeId: types['laptop'].id, purchaseCostMinor: 1, purchaseCurrency: 'euro' });
      const a = await asset({ purchaseCostMinor: 129900, purchaseCurrency: 'EUR' });
      expect(a).toMatchObject({ purchaseCostMinor: 129900, purchaseCurrency: 'EUR' });
      await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/assets/${a.id}`, { purchaseCurrency: null }, { 'if-match': '"1"' });
      const cleared = await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { purchaseCostMinor: null, purchaseCurrency: null }, { 'if-match': '"1"' });
      expect(cleared.body).toMatchObject({ purchaseCostMinor: null, purchaseCurrency: null, version: 2 });
    });

    it('an edit of attributes merges key by key: the attributes it does not name keep their values, null clears one', async () => {
      const a = await asset({ attributes: { cpu: 'AMD EPYC', ram_gb: 24, hostname: 'vm-01', encrypted: true } });
      let res = await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { attributes: { ram_gb: 32 } }, { 'if-match': '"1"' });
      expect(res.body.attributes).toEqual({ cpu: 'AMD EPYC', ram_gb: 32, hostname: 'vm-01', encrypted: true });
      res = await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { attributes: { hostname: null } }, { 'if-match': '"2"' });
      expect(res.body.attributes).toEqual({ cpu: 'AMD EPYC', ram_gb: 32, encrypted: true });
      const history = (await ok(api, 'GET', `/api/v1/assets/${a.id}/history`)).body.items;
      // Who: the account's login as recorded, and its display name as people know it.
      const account = await api.db.db.selectFrom('accounts').select(['login', 'display_name']).where('login', '=', history[0].actor).executeTakeFirstOrThrow();
      expect(history[0].actorName).toBe(account.display_name);
      expect(history[0].changes.attributes).toEqual({ before: { cpu: 'AMD EPYC', ram_gb: 32, hostname: 'vm-01', encrypted: true }, after: { cpu: 'AMD EPYC', ram_gb: 32, encrypted: true } });
      // The merged record is validated whole; a bad value writes nothing.
      await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/assets/${a.id}`, { attributes: { ram_gb: -4 } }, { 'if-match': '"3"' });
      // A bulk change setting one attribute on several assets keeps each one's other attributes.
      const b = await asset({ attributes: { cpu: 'i5-1335U', ram_gb: 8 } });
      const bulk = await ok(api, 'POST', '/api/v1/assets/bulk', { reason: 'Disks encrypted in the October campaign', items: [{ id: a.id, version: 3, set: { attributes: { encrypted: false } } }, { id: b.id, version: 1, set: { attributes: { encrypted: true } } }] });
      expect(bulk.body.applied).toBe(true);
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body.attributes).toEqual({ cpu: 'AMD EPYC', ram_gb: 32, encrypted: false });
      expect((await ok(api, 'GET', `/api/v1/assets/${b.id}`)).body.attributes).toEqual({ cpu: 'i5-1335U', ram_gb: 8, encrypted: true });
      // A login may be an e-mail address: the history names that account too.
      const mailer = await api.user('edit.er@example.test', [{ role: 'it_asset_manager' }], { access: 'write' });
      await ok(api, 'PATCH', `/api/v1/assets/${b.id}`, { notes: 'Seen by the service desk' }, { ...mailer.auth, 'if-match': '"2"' });
      expect((await ok(api, 'GET', `/api/v1/assets/${b.id}/history?limit=1`)).body.items[0]).toMatchObject({ actor: 'edit.er@example.test', actorName: 'edit.er@example.test' });
    });

    it('an end of life the catalogue gave follows a new model or purchase date; one set by hand stays', async () => {
      const short = await create(api, '/api/v1/models', { name: 'Three-year laptop', manufacturerId: ref.m1.id, assetTypeId: types['laptop'].id, eolMonths: 36 });
      const long = await create(api, '/api/v1/models', { name: 'Five-year laptop', manufacturerId: ref.m1.id, assetTypeId: types['laptop'].id, eolMonths: 60 });
      const derived = await asset({ modelId: short.id, purchaseDate: '2024-01-15' });
      expect(derived.eolDate).toBe('2027-01-15');
      const remodelled = await ok(api, 'PATCH', `/api/v1/assets/${derived.id}`, { modelId: long.id }, { 'if-match': `"${derived.version}"` });
      expect(remodelled.body.eolDate).toBe('2029-01-15');
      const rebought = await ok(api, 'PATCH', `/api/v1/assets/${derived.id}`, { purchaseDate: '2025-03-01' }, { 'if-match': etag(remodelled) });
      expect(rebought.body.eolDate).toBe('2030-03-01');
      const own = await asset({ modelId: short.id, purchaseDate: '2024-01-15', eolDate: '2031-12-31' });
      const kept = await ok(api, 'PATCH', `/api/v1/assets/${own.id}`, { modelId: long.id, purchaseDate: '2024-06-01' }, { 'if-match': `"${own.version}"` });
      expect(kept.body.eolDate).toBe('2031-12-31');
      // The catalogue changing meanwhile does not make a date it gave look typed: the next purchase date follows it.
      await ok(api, 'PATCH', `/api/v1/models/${long.id}`, { eolMonths: 48 }, { 'if-match': `"${long.version}"` });
      const recounted = await ok(api, 'PATCH', `/api/v1/assets/${derived.id}`, { purchaseDate: '2025-04-01' }, { 'if-match': etag(rebought) });
      expect(recounted.body.eolDate).toBe('2029-04-01');
      // Typed by hand it stays, through other edits; cleared, it is derived again.
      const typed = await ok(api, 'PATCH', `/api/v1/assets/${derived.id}`, { eolDate: '2029-06-30' }, { 'if-match': etag(recounted) });
      const notes = await ok(api, 'PATCH', `/api/v1/assets/${derived.id}`, { notes: 'typed' }, { 'if-match': etag(typed) });
      const moved = await ok(api, 'PATCH', `/api/v1/assets/${derived.id}`, { purchaseDate: '2025-05-01' }, { 'if-match': etag(notes) });
      expect(moved.body.eolDate).toBe('2029-06-30');
      expect((await ok(api, 'PATCH', `/api/v1/assets/${derived.id}`, { eolDate: null }, { 'if-match': etag(moved) })).body.eolDate).toBe('2029-05-01');
    });

    it('refuses a last-verified date in the future on create, edit and import (nothing written)', async () => {
      const created = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Future', assetTypeId: types['laptop'].id, lastVerifiedOn: '2062-11-28' });
      expect(created.body.errors).toEqual([expect.objectContaining({ field: 'lastVerifiedOn', code: 'DATE_IN_FUTURE' })]);
      const a = await asset({ lastVerifiedOn: '2026-01-10' });
      await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/assets/${a.id}`, { lastVerifiedOn: '2062-11-28' }, { 'if-match': `"${a.version}"` });
      const res = await api.app.inject({ method: 'POST', url: '/api/v1/imports/assets?fileName=future.csv', headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'text/csv' }, payload: 'name,type,last_verified_on\nFuture,laptop,2062-11-28\n' });
      expect(res.statusCode).toBe(422);
      expect(JSON.parse(res.body).report.problems).toEqual([expect.objectContaining({ line: 2, column: 'last_verified_on', code: 'DATE_IN_FUTURE' })]);
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body).toMatchObject({ lastVerifiedOn: '2026-01-10', version: a.version });
    });

    it('refuses unknown asset types and references (422 REFERENCE_NOT_FOUND)', async () => {
      const missing = '00000000-0000-7000-8000-000000000000';
      await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/assets', { name: 'X', assetTypeId: missing });
      const res = await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/assets', { name: 'X', assetTypeId: types['laptop'].id, locationId: missing });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'locationId' }));
    });
  });

  describe('filters, search and sorting', () => {
    const fx: Record<string, any> = {};
    const ids = async (query: string) => (await walk(api, `/api/v1/assets?limit=200&${query}`)).items;

    beforeAll(async () => {
      const loc = (name: string, kind: string, parentId?: string) => create(api, '/api/v1/locations', { name, kind, ...(parentId ? { parentId } : {}) });
      fx.country = await loc(uniq('Country '), 'country');
      fx.site = await loc(uniq('Site '), 'site', fx.country.id);
      fx.room = await loc(uniq('Room '), 'room', fx.site.id);
      fx.elsewhere = await loc(uniq('Elsewhere '), 'country');
      fx.company = await create(api, '/api/v1/org-units', { name: uniq('Co '), kind: 'company' });
      fx.dept = await create(api, '/api/v1/org-units', { name: uniq('Dept '), kind: 'department', parentId: fx.company.id });
      fx.person = await create(api, '/api/v1/people', { name: uniq('Grace ') });
      fx.marker = uniq('Fleet');
      fx.inRoom = await asset({ name: `${fx.marker} alpha`, modelId: ref.modelA.id, locationId: fx.room.id, ownerOrgUnitId: fx.dept.id, serial: `${fx.marker}-SER-1`, stage: 'in_stock' });
      fx.atSite = await asset({ name: `${fx.marker} beta`, modelId: ref.modelC.id, locationId: fx.site.id, ownerOrgUnitId: fx.company.id, stage: 'in_use', assignedPersonId: fx.person.id });
      fx.away = await create(api, '/api/v1/assets', { name: `${fx.marker} gamma`, assetTypeId: types['server'].id, locationId: fx.elsewhere.id, stage: 'planning' });
    });

    it('filters by type, stage, model, assignee, location subtree and org-unit subtree', async () => {
      const check = async (query: string, want: any[], holds: (a: any) => boolean, not: any[] = []) => {
        const items = await ids(query);
        for (const a of items) expect(holds(a), `${query}: ${a.tag}`).toBe(true);
        for (const w of want) expect(items.map((a) => a.id), query).toContain(w.id);
        for (const n of not) expect(items.map((a) => a.id), query).not.toContain(n.id);
      };
      await check(`typeId=${types['server'].id}`, [fx.away], (a) => a.assetTypeId === types['server'].id, [fx.inRoom]);
      await check('stage=in_use', [fx.atSite], (a) => a.stage === 'in_use', [fx.inRoom, fx.away]);
      await check(`modelId=${ref.modelA.id}`, [fx.inRoom], (a) => a.modelId === ref.modelA.id, [fx.atSite]);
      await check(`assignedPersonId=${fx.person.id}`, [fx.atSite], (a) => a.assignedPersonId === fx.person.id);
      const subtree = [fx.country.id, fx.site.id, fx.room.id];
      expect((await ids(`locationId=${fx.country.id}`)).map((a) => a.id).sort()).toEqual([fx.inRoom.id, fx.atSite.id].sort());
      expect((await ids(`locationId=${fx.room.id}`)).map((a) => a.id)).toEqual([fx.inRoom.id]);
      await check(`locationId=${fx.site.id}&stage=in_stock`, [fx.inRoom], (a) => subtree.includes(a.locationId) && a.stage === 'in_stock', [fx.atSite]);
      expect((await ids(`orgUnitId=${fx.company.id}`)).map((a) => a.id).sort()).toEqual([fx.inRoom.id, fx.atSite.id].sort());
      expect((await ids(`orgUnitId=${fx.dept.id}`)).map((a) => a.id)).toEqual([fx.inRoom.id]);
      await refuse(api, 404, 'NOT_FOUND', 'GET', '/api/v1/assets?locationId=00000000-0000-7000-8000-000000000000');
      await refuse(api, 400, 'INVALID_QUERY', 'GET', '/api/v1/assets?typeId=laptop');
    });

    it('searches q over tag, serial and name, ignoring case and accents', async () => {
      const search = async (q: string) => (await ids(`q=${encodeURIComponent(q)}`)).map((a) => a.id);
      expect(await search(fx.inRoom.tag.toLowerCase())).toEqual([fx.inRoom.id]);
      expect(await search(`${fx.marker}-ser`.toLowerCase())).toEqual([fx.inRoom.id]);
      expect(await search(`${fx.marker} BETA`)).toEqual([fx.atSite.id]);
      expect((await search(fx.marker.toUpperCase())).sort()).toEqual([fx.inRoom.id, fx.atSite.id, fx.away.id].sort());
      expect(await search(`${fx.marker}%`)).toEqual([]);
      // Beyond ASCII too (SQLite's own lower() folds ASCII only).
      const other = uniq('Poste');
      const emile = await asset({ name: `${other} d'Émile Øberg` });
      expect(await search(`${other} d'émile øberg`.toLowerCase())).toEqual([emile.id]);
      expect(await search(`ÉMILE ØBERG`)).toEqual([emile.id]);
      // Without the accents, as people type on a keyboard that lacks them.
      expect(await search(`${other} d'emile oberg`)).toEqual([emile.id]);
      expect(await search('EMILE OBERG')).toEqual([emile.id]);
      expect(await search(`${other} d'émile öberg`)).toEqual([emile.id]);
    });

    it('lists only the assets named by ids (at most 100, e.g. for printing their labels), with the other filters', async () => {
      const named = async (query: string) => (await ids(query)).map((a) => a.id).sort();
      const unknown = '00000000-0000-7000-8000-000000000000';
      expect(await named(`ids=${fx.inRoom.id},${fx.away.id},${unknown}`)).toEqual([fx.inRoom.id, fx.away.id].sort());
      expect(await named(`ids=${fx.inRoom.id},${fx.away.id}&stage=in_stock`)).toEqual([fx.inRoom.id]);
      expect(await named(`ids=${unknown}`)).toEqual([]);
      expect((await ok(api, 'GET', `/api/v1/assets?ids=${fx.inRoom.id},${fx.atSite.id}&includeTotal=true`)).body.total).toBe(2);
      await refuse(api, 400, 'INVALID_QUERY', 'GET', `/api/v1/assets?ids=${fx.inRoom.id},not-an-id`);
      await refuse(api, 400, 'INVALID_QUERY', 'GET', `/api/v1/assets?ids=${Array.from({ length: 101 }, () => fx.inRoom.id).join(',')}`);
    });

    it('paginates completely and in order for every allowed sort, with ties broken by id', async () => {
      const sortMarker = uniq('Sorted');
      const made: any[] = [];
      for (let i = 0; i < 7; i++) made.push(await asset({ name: `${sortMarker} ${'ZYX'[i % 3]}`, tag: `${sortMarker}-${7 - i}` }));
      for (const a of made.slice(0, 3)) await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { notes: 'touched' }, { 'if-match': '"1"' });
      const key: Record<string, (a: any) => string> = { tag: (a) => a.tag.toUpperCase(), name: (a) => a.name, createdAt: (a) => a.createdAt, updatedAt: (a) => a.updatedAt };
      const everything = (await ok(api, 'GET', '/api/v1/assets?limit=500&includeTotal=true')).body;
      expect(everything.items).toHaveLength(everything.total);
      for (const sort of SORTS) {
        const desc = sort.startsWith('-');
        const k = key[sort.replace('-', '')]!;
        // A search with its total takes its own path on SQLite (one pass for the page and the count): the same pages.
        for (const [query, expected] of [[`q=${sortMarker}&limit=3`, made.length], [`q=${sortMarker}&limit=3&includeTotal=true`, made.length], ['limit=7', everything.total]] as const) {
          const { pages, items, totals } = await walk(api, `/api/v1/assets?sort=${sort}&${query}`);
          if (query.includes('includeTotal')) expect(totals.every((t) => t === expected), `${sort} ${query}: totals ${totals}`).toBe(true);
          expect(items.length, `${sort} ${query}`).toBe(expected);
          expect(new Set(items.map((a) => a.id)).size, `${sort}: no duplicates`).toBe(expected);
          expect(pages.slice(0, -1).every((p) => p.length === (query.startsWith('q') ? 3 : 7))).toBe(true);
          for (let i = 1; i < items.length; i++) {
            const [a, b] = desc ? [items[i], items[i - 1]] : [items[i - 1], items[i]];
            expect(k(a) < k(b) || (k(a) === k(b) && a.id < b.id), `${sort}: ${k(items[i - 1])}/${items[i - 1].id} then ${k(items[i])}/${items[i].id}`).toBe(true);
          }
        }
      }
      const ties = new Set(made.map((a) => a.createdAt));
      expect(ties.size, 'the clock gives some assets the same createdAt').toBeLessThan(made.length);
    });

    it('returns total only with includeTotal=true, and refuses bad cursors and sorts', async () => {
      const counted = await ok(api, 'GET', `/api/v1/assets?q=${fx.marker}&limit=1&includeTotal=true`);
      expect(counted.body).toMatchObject({ total: 3, nextCursor: expect.any(String) });
      expect(counted.body.items).toHaveLength(1);
      expect((await ok(api, 'GET', `/api/v1/assets?q=${fx.marker}&limit=1`)).body).not.toHaveProperty('total');
      await refuse(api, 400, 'INVALID_CURSOR', 'GET', '/api/v1/assets?cursor=bm90LWEtY3Vyc29y');
      // A cursor is valid for the sort it was made for: another sort answers 400 on both engines (not a wrong page,
      // not a database type error), and a forged one holding a tag where a timestamp belongs likewise.
      const byTag = counted.body.nextCursor as string;
      await refuse(api, 400, 'INVALID_CURSOR', 'GET', `/api/v1/assets?q=${fx.marker}&limit=1&sort=-updatedAt&cursor=${byTag}`);
      const forged = Buffer.from(JSON.stringify(['LAP-000001', '00000000-0000-0000-0000-000000000000'])).toString('base64url');
      await refuse(api, 400, 'INVALID_CURSOR', 'GET', `/api/v1/assets?sort=-updatedAt&cursor=${forged}`);
      expect((await ok(api, 'GET', `/api/v1/assets?q=${fx.marker}&limit=1&cursor=${byTag}`)).body.items).toHaveLength(1);
      await refuse(api, 400, 'SORT_FIELD_NOT_ALLOWED', 'GET', '/api/v1/assets?sort=serial');
      // History pages by sequence number: a cursor holding text, a fraction or a number beyond 2^53 is 400, not a 500.
      const [first] = (await ok(api, 'GET', `/api/v1/assets?q=${fx.marker}&limit=1`)).body.items;
      for (const v of ['abc', 1e300, 1.5, -1]) {
        const bad = Buffer.from(JSON.stringify([v, 'x'])).toString('base64url');
        for (const url of [`/api/v1/assets/${first.id}/history`, `/api/v1/asset-types/${first.assetTypeId}/history`, `/api/v1/lifecycle-models/${first.lifecycleModelId}/history`]) {
          await refuse(api, 400, 'INVALID_CURSOR', 'GET', `${url}?cursor=${bad}`);
        }
      }
      await refuse(api, 400, 'INVALID_QUERY', 'GET', '/api/v1/assets?limit=501');
      // Values PostgreSQL cannot compare or cast are refused before they reach it: NUL in a cursor or a filter, a
      // timestamp of the right shape that is no real instant.
      const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
      await refuse(api, 400, 'INVALID_CURSOR', 'GET', `/api/v1/assets?cursor=${cursorOf(['a\u0000', 'x', 'tag_key'])}`);
      for (const when of ['2026-13-45T99:99:99Z', '2026-02-30T10:00:00Z']) {
        await refuse(api, 400, 'INVALID_CURSOR', 'GET', `/api/v1/assets?sort=-updatedAt&cursor=${cursorOf([when, '00000000-0000-0000-0000-000000000000', 'updated_at'])}`);
      }
      await refuse(api, 400, 'INVALID_QUERY', 'GET', '/api/v1/assets?stage=%00');
      await refuse(api, 400, 'INVALID_QUERY', 'GET', '/api/v1/assets/export?stage=%00');
    });
  });
});
