import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, raw, refuse, refused, uniq } from './support/http.js';

/** Abuse cases of the security reference, §5.1 (MA-01…04, IN-01, IN-02, IN-04, IN-05), plus protocol-level errors. */
describe.each(ENGINES)('bad input ($name)', (engine) => {
  let api: TestApi;
  let types: Record<string, any>;
  let target: any;
  const json = { 'content-type': 'application/json' };
  const laptop = (extra: Record<string, unknown> = {}) => create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: types['laptop'].id, ...extra });
  const postRaw = (url: string, text: string) => refused(api, () => raw(api, 'POST', url, text, json), 400, 'BAD_REQUEST');

  beforeAll(async () => {
    api = await startApi(engine);
    types = await assetTypes(api);
    target = await laptop({ tag: 'LAP-900001', serial: 'TARGET-1', notes: 'Keep me' });
  });
  afterAll(async () => { await api.close(); });

  describe('mass assignment and type confusion', () => {
    it.each(['id', 'version', 'createdAt', 'updatedAt', 'stage', 'assignedPersonId', 'lifecycleModelId', 'assetTypeId', 'manufacturerId', 'isAdmin', 'role'])(
      'MA-01: PATCH with the privileged or unknown field %s → 422 UNKNOWN_FIELD, target unchanged', async (field) => {
        const before = (await ok(api, 'GET', `/api/v1/assets/${target.id}`)).body;
        const value = field === 'version' ? 99 : field === 'stage' ? 'disposed' : field.endsWith('Id') || field === 'id' ? '00000000-0000-7000-8000-000000000000' : 'x';
        const res = await refuse(api, 422, 'UNKNOWN_FIELD', 'PATCH', `/api/v1/assets/${target.id}`, { name: 'Hijacked', [field]: value }, { 'if-match': `"${before.version}"` });
        expect(res.body.errors).toContainEqual(expect.objectContaining({ field, code: 'UNKNOWN_FIELD' }));
        expect((await ok(api, 'GET', `/api/v1/assets/${target.id}`)).body).toEqual(before);
      });

    it('MA-01: reference records refuse id/version/path too', async () => {
      const loc = await create(api, '/api/v1/locations', { name: uniq('Loc '), kind: 'site' });
      for (const field of ['id', 'version', 'path', 'createdAt']) {
        await refuse(api, 422, 'UNKNOWN_FIELD', 'PATCH', `/api/v1/locations/${loc.id}`, { [field]: field === 'version' ? 5 : '/x/' }, { 'if-match': '"1"' });
      }
    });

    it('MA-02: a field left out of a PATCH stays as it is; null clears it', async () => {
      const a = await laptop({ serial: uniq('SER-'), notes: 'Original notes', orderReference: 'PO-1' });
      const renamed = (await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { name: 'Renamed' }, { 'if-match': '"1"' })).body;
      expect(renamed).toMatchObject({ name: 'Renamed', serial: a.serial, notes: 'Original notes', orderReference: 'PO-1', attributes: a.attributes });
      const cleared = (await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { notes: null, serial: null }, { 'if-match': '"2"' })).body;
      expect(cleared).toMatchObject({ name: 'Renamed', serial: null, notes: null, orderReference: 'PO-1' });
      const p = await create(api, '/api/v1/people', { name: 'Pat', email: `${uniq('pat')}@example.com`, employeeNumber: uniq('E') });
      const kept = (await ok(api, 'PATCH', `/api/v1/people/${p.id}`, { name: 'Pat B' }, { 'if-match': '"1"' })).body;
      expect(kept).toMatchObject({ email: p.email, employeeNumber: p.employeeNumber, active: true });
      expect((await ok(api, 'PATCH', `/api/v1/people/${p.id}`, { email: null }, { 'if-match': '"2"' })).body).toMatchObject({ email: null, employeeNumber: p.employeeNumber });
      await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/assets/${a.id}`, { name: null }, { 'if-match': '"3"' });
    });

    it('MA-03: prototype pollution in JSON bodies → 400, nothing written, no prototype changed', async () => {
      const typeId = types['laptop'].id;
      await postRaw('/api/v1/assets', '{"__proto__": {"isAdmin": true}}');
      await postRaw('/api/v1/assets', '{"constructor": {"prototype": {"isAdmin": true}}}');
      await postRaw('/api/v1/assets', `{"name": "P", "assetTypeId": "${typeId}", "attributes": {"__proto__": {"isAdmin": true}}}`);
      await postRaw('/api/v1/assets', `{"name": "P", "assetTypeId": "${typeId}", "attributes": {"constructor": {"prototype": {"isAdmin": true}}}}`);
      await postRaw('/api/v1/people', '{"name": "P", "__proto__": {"isAdmin": true}}');
      await refused(api, () => raw(api, 'PATCH', `/api/v1/assets/${target.id}`, '{"__proto__": {"isAdmin": true}}', { ...json, 'if-match': '"1"' }), 400, 'BAD_REQUEST');
      expect(({} as any).isAdmin).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('isAdmin');
    });

    it.each(['a[__proto__]=b', '__proto__[x]=1', '__proto__=1', 'constructor[prototype][isAdmin]=true', 'constructor=1'])(
      'MA-03: query string %s → 400, no prototype changed', async (query) => {
        const res = await refuse(api, 400, undefined, 'GET', `/api/v1/assets?${query}`);
        expect(['FILTER_FIELD_NOT_ALLOWED', 'INVALID_QUERY']).toContain(res.body.code);
        await refuse(api, 400, undefined, 'GET', `/api/v1/locations?${query}`);
        expect(({} as any).isAdmin).toBeUndefined();
        expect(({} as any).x).toBeUndefined();
      });

    it.each([
      ['serial', { $ne: null }], ['serial', ['a', 'b']], ['serial', 42], ['assetTypeId', '1 OR 1=1'], ['name', { toString: 'x' }], ['tag', true],
      ['purchaseCostMinor', '1e309'], ['purchaseCostMinor', -1], ['purchaseCostMinor', 2.5], ['purchaseCostMinor', 2 ** 53], ['services', 'not-a-list'],
    ])('MA-04: %s = %j → 422, nothing written', async (field, value) => {
      const res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Typed', assetTypeId: types['laptop'].id, purchaseCurrency: 'EUR', purchaseCostMinor: 100, [field]: value });
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    });

    it('MA-04: a number too large for a double (1e309) → 422', async () => {
      const body = `{"name": "Big", "assetTypeId": "${types['laptop'].id}", "purchaseCurrency": "EUR", "purchaseCostMinor": 1e309}`;
      await refused(api, () => raw(api, 'POST', '/api/v1/assets', body, json), 422, 'VALIDATION_FAILED');
    });
  });

  describe('injection', () => {
    const payloads = ['<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', '"><<img onerror=alert(66) src>'];

    it.each(payloads)('IN-01: %s is stored verbatim and returned as JSON', async (payload) => {
      const a = await laptop({ name: payload, notes: `${payload} in notes`, serial: `${payload}-${uniq()}` });
      const read = await ok(api, 'GET', `/api/v1/assets/${a.id}`);
      expect(read.body).toMatchObject({ name: payload, notes: `${payload} in notes`, serial: a.serial });
      expect(read.body.serial.startsWith(payload)).toBe(true);
      expect(String(read.headers['content-type'])).toMatch(/^application\/json/);
      expect(read.headers['x-content-type-options']).toBe('nosniff');
      const listed = await ok(api, 'GET', `/api/v1/assets?q=${encodeURIComponent(payload)}`);
      expect(listed.body.items.map((x: any) => x.id)).toContain(a.id);
      const m = await create(api, '/api/v1/manufacturers', { name: `${payload} ${uniq()}` });
      expect(m.name.startsWith(payload)).toBe(true);
    });

    it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', '\tjavascript:alert(1)', 'data:text/html,x', 'vbscript:msgbox(1)', 'file:///etc/passwd'])(
      'IN-02: the URL %j is refused in URL fields (422)', async (url) => {
        await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/manufacturers', { name: uniq('Maker '), url });
        await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/suppliers', { name: uniq('Supplier '), url });
        const res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'SaaS', assetTypeId: types['saas_subscription'].id, attributes: { service_url: url } });
        expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'attributes.service_url', code: 'ATTRIBUTE_INVALID_URL' }));
      });

    it('IN-02: http and https URLs are accepted', async () => {
      expect((await create(api, '/api/v1/manufacturers', { name: uniq('Maker '), url: 'https://vendor.example/support' })).url).toBe('https://vendor.example/support');
      const saas = await create(api, '/api/v1/assets', { name: 'SaaS', assetTypeId: types['saas_subscription'].id, attributes: { service_url: 'http://app.example/' } });
      expect(saas.attributes.service_url).toBe('http://app.example/');
    });

    it.each(['name;DROP TABLE assets', '(select 1)', 'password_hash', 'name desc', 'tag_key'])('IN-04: ?sort=%s → 400 SORT_FIELD_NOT_ALLOWED', async (sort) => {
      await refuse(api, 400, 'SORT_FIELD_NOT_ALLOWED', 'GET', `/api/v1/assets?sort=${encodeURIComponent(sort)}`);
    });

    it('IN-04: unknown filters, injected search text and repeated parameters', async () => {
      await refuse(api, 400, 'FILTER_FIELD_NOT_ALLOWED', 'GET', '/api/v1/assets?password=1');
      await refuse(api, 400, 'FILTER_FIELD_NOT_ALLOWED', 'GET', '/api/v1/people?password_hash=x');
      for (const q of ["name' OR '1'='1", "' OR 1=1 --", '%', '_', "x'); DROP TABLE assets; --"]) {
        const res = await ok(api, 'GET', `/api/v1/assets?q=${encodeURIComponent(q)}`);
        expect(res.body.items, q).toEqual([]);
        expect((await ok(api, 'GET', `/api/v1/locations?q=${encodeURIComponent(q)}`)).body.items, q).toEqual([]);
      }
      expect((await ok(api, 'GET', '/api/v1/assets?limit=1')).body.items).toHaveLength(1);
      for (const query of ['sort=name&sort=tag', 'sort=name&sort=password_hash', 'stage=a&stage=b', 'limit=1&limit=500']) {
        const res = await refuse(api, 400, 'DUPLICATE_PARAMETER', 'GET', `/api/v1/assets?${query}`);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: query.split('=')[0], code: 'DUPLICATE_PARAMETER' })]);
      }
      await refuse(api, 400, 'DUPLICATE_PARAMETER', 'GET', '/api/v1/people?q=a&q=b');
    });
  });

  describe('unicode and size', () => {
    it('IN-05: NUL and lone surrogates → 422; over-long text → 422; 10 MB → 413', async () => {
      const typeId = types['laptop'].id;
      let res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Null\u0000byte', assetTypeId: typeId });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'name', code: 'TEXT_NUL_BYTE' }));
      res = await refused(api, () => raw(api, 'POST', '/api/v1/assets', `{"name": "Lone \\ud800 surrogate", "assetTypeId": "${typeId}"}`, json), 422, 'VALIDATION_FAILED');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'name', code: 'TEXT_LONE_SURROGATE' }));
      await refused(api, () => raw(api, 'POST', '/api/v1/assets', `{"name": "Low \\udc00 first", "assetTypeId": "${typeId}"}`, json), 422, 'VALIDATION_FAILED');
      await refused(api, () => raw(api, 'POST', '/api/v1/people', '{"name": "Nul \\u0000 escaped"}', json), 422, 'VALIDATION_FAILED');
      res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'x'.repeat(201), assetTypeId: typeId });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'name', code: 'TEXT_TOO_LONG' }));
      await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Long notes', notes: 'n'.repeat(20_001), assetTypeId: typeId });
      await refuse(api, 413, 'PAYLOAD_TOO_LARGE', 'POST', '/api/v1/assets', { name: 'Huge', notes: 'x'.repeat(10 * 1024 * 1024), assetTypeId: typeId });
    });

    it('IN-05: an RTL override is stored as given; a zero-width or decomposed copy of a tag is the same tag', async () => {
      const name = 'Invoice \u202Egpj.exe';
      const a = await laptop({ name });
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body.name).toBe(name);
      for (const tag of ['LAP-900001\u200b', 'LAP-\u200d900001', '\ufeffLAP-900001', 'lap-900001\u2060']) {
        await refuse(api, 409, 'ASSET_TAG_TAKEN', 'POST', '/api/v1/assets', { name: 'Copy', assetTypeId: types['laptop'].id, tag });
      }
      // Composed and decomposed spellings of the same letters are one tag (NFC before the uniqueness check).
      const composed = await laptop({ tag: `CAF\u00c9-${uniq()}` });
      await refuse(api, 409, 'ASSET_TAG_TAKEN', 'POST', '/api/v1/assets', { name: 'Copy', assetTypeId: types['laptop'].id, tag: composed.tag.normalize('NFD') });
    });
  });

  describe('protocol errors answer problem+json', () => {
    it('malformed JSON → 400 BAD_REQUEST; empty JSON body → 400', async () => {
      for (const text of ['{"name": "x",', '{name: x}', "{'name': 'x'}", '[1,2', 'undefined']) await postRaw('/api/v1/assets', text);
      await refused(api, () => raw(api, 'POST', '/api/v1/people', '', json), 400, 'BAD_REQUEST');
    });

    it('wrong content type → 415', async () => {
      for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        await refused(api, () => raw(api, 'POST', '/api/v1/people', 'name=Mallory', { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
    });

    it('unknown routes and malformed ids → 404 with the request id echoed', async () => {
      let res = await refused(api, () => raw(api, 'GET', '/api/v1/nothing-here', undefined, { 'x-request-id': 'trace-abc.123' }), 404, 'ROUTE_NOT_FOUND');
      expect(res.body.requestId).toBe('trace-abc.123');
      expect(res.headers['x-request-id']).toBe('trace-abc.123');
      await refused(api, () => raw(api, 'PUT', '/api/v1/assets'), 404, 'ROUTE_NOT_FOUND');
      res = await refuse(api, 404, 'NOT_FOUND', 'GET', "/api/v1/assets/1%20OR%201=1");
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
      // A request id that could forge log lines is replaced, not echoed.
      res = await refused(api, () => raw(api, 'GET', '/api/v1/nope', undefined, { 'x-request-id': 'bad id\r\nx' }), 404, 'ROUTE_NOT_FOUND');
      expect(res.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('a client error raised by a plugin keeps its status: 403 problem+json, not 500', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/docs/static//x' });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('FORBIDDEN');
    });

    it('a client hanging up mid-body is not a database failure: nothing counted in custodia_database_unavailable_total', async () => {
      const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
      const unavailable = async () => ((await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${api.adminToken}` } })).body
        .split('\n').filter((l) => l.startsWith('custodia_database_unavailable_total')).join('\n'));
      const before = await unavailable();
      for (let i = 0; i < 3; i++) {
        const socket = connect(Number(new URL(base).port), '127.0.0.1');
        await new Promise<void>((resolve) => socket.on('connect', resolve));
        socket.write(`POST /api/v1/manufacturers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${api.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`);
        await new Promise((r) => setTimeout(r, 100));
        socket.destroy();
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(await unavailable()).toBe(before);
    });

    it('a URL the router cannot read answers problem+json with the security headers and the request id', async () => {
      for (const [url, status, code] of [['/api/v1/assets/%E0%A4%A', 400, 'BAD_REQUEST'], [`/api/v1/assets/${'a'.repeat(150)}`, 414, 'URI_TOO_LONG']] as const) {
        const res = await api.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'bad-url-1' } });
        expect(res.statusCode, url).toBe(status);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ code, requestId: 'bad-url-1' });
        expect(res.headers['x-request-id']).toBe('bad-url-1');
        expect(res.headers['content-security-policy']).toContain("default-src 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
      }
    });
  });
});
