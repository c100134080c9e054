import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { create, ok, refuse } from './support/http.js';
import { serverForBlock } from './support/server.js';
import { sendToAgentEndpoint } from './support/discovery.js';

/**
 * Input one engine takes and the other cannot hold answers the same on both: SQLite keeps any text in a text column,
 * where PostgreSQL's date and timestamptz columns refuse what is not a day or an instant (a 500 there).
 */
describe.each(ENGINES)('the same answer on both engines ($name)', (engine) => {
  const { api, types } = serverForBlock(engine);

  const cursorOf = (v: unknown, id = '00000000-0000-7000-8000-000000000000') => Buffer.from(JSON.stringify([v, id])).toString('base64url');

  it('a cursor of a list sorted by an instant must hold one: 400 INVALID_CURSOR (was a page on SQLite, 500 on PostgreSQL)', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Parity audit', method: 'scan', scopeAssetTypeId: types['laptop'].id, assignees: ['admin'] });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    const lists = ['/api/v1/devices', '/api/v1/discrepancies', '/api/v1/audit-plans', `/api/v1/audit-runs/${run.id}?sort=-recordedAt`];
    for (const list of lists) {
      const sep = list.includes('?') ? '&' : '?';
      for (const v of ['yesterday', '2026-02-30T10:00:00.000Z', '2026-11-30T24:00:00.000Z', 20261130]) {
        await refuse(api, 400, 'INVALID_CURSOR', 'GET', `${list}${sep}cursor=${cursorOf(v)}`);
      }
      // A real instant is a cursor like any other.
      expect((await ok(api, 'GET', `${list}${sep}cursor=${cursorOf('2026-11-30T10:00:00.000Z')}`)).body).toHaveProperty('nextCursor');
    }
  });

  it('a date in year 0 (no such year; PostgreSQL refuses it) is refused: 422, nothing written', async () => {
    const asset = { name: 'Year zero', assetTypeId: types['laptop'].id };
    for (const field of ['purchaseDate', 'warrantyEnd', 'eolDate']) {
      const res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { ...asset, [field]: '0000-06-15' });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
    }
    await create(api, '/api/v1/assets', { ...asset, purchaseDate: '0001-06-15' });
  });

  it('text with NUL (which PostgreSQL text cannot hold) in a sign-in, a grant or a security-log filter is refused alike: 4xx, nothing written', async () => {
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/auth/login', { login: 'ad\u0000min', password: 'not-the-password' }, { authorization: '' });
    const account = await create(api, '/api/v1/accounts', { login: 'parity-nul', displayName: 'Parity' });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/accounts/${account.id}/grants`, { roleKey: 'system_administrator\u0000', orgUnitId: null });
    for (const filter of ['login', 'kind']) await refuse(api, 400, 'INVALID_QUERY', 'GET', `/api/v1/security-log?${filter}=ad%00min`);
  });

  it('an inventory reporting identifiers of kilobytes (garbage firmware, a broken agent) is taken, those values left out: 200 on both', async () => {
    const token = (await create(api, '/api/v1/agent-tokens', { name: 'parity' })).token;
    // Incompressible, as a firmware field read past its end is: PostgreSQL may compress a long index entry otherwise.
    let seed = 7;
    const garbage = (n: number) => Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) % 2147483648, (seed % 36).toString(36))).join('');
    const send = (deviceid: string, identity: { host: string; serial?: string; mac: string }) => sendToAgentEndpoint(api, token, { action: 'inventory', deviceid, itemtype: 'Computer', content: {
      versionclient: 'GLPI-Agent_v1.11', hardware: { name: identity.host, memory: 8192 }, bios: { ssn: identity.serial, smanufacturer: 'Dell Inc.', smodel: 'Latitude 7440' },
      networks: [{ description: 'eth0', mac: identity.mac, virtualdev: false }],
    } });
    for (const [deviceid, identity] of [
      ['parity-serial', { host: 'parity-serial', serial: garbage(4000), mac: '00:11:22:33:90:01' }],
      ['parity-host', { host: garbage(4000), serial: 'SN-PARITY-2', mac: '00:11:22:33:90:02' }],
      [`parity-${garbage(4000)}`, { host: 'parity-agent-id', serial: 'SN-PARITY-3', mac: '00:11:22:33:90:03' }],
    ] as const) expect((await send(deviceid, identity)).statusCode).toBe(200);
    const devices = (await ok(api, 'GET', '/api/v1/devices?limit=50')).body.items;
    expect(devices.find((d: any) => d.hostname === 'parity-serial')).toMatchObject({ serial: null });
    expect(devices.find((d: any) => d.serial === 'SN-PARITY-2')).toMatchObject({ hostname: null });
    expect(devices.find((d: any) => d.hostname === 'parity-agent-id')).toMatchObject({ serial: 'SN-PARITY-3' });
  });

  it('a unique attribute holding a long text (a certificate, a licence file) is claimed and enforced alike', async () => {
    const type = await create(api, '/api/v1/asset-types', {
      key: 'parity_cert', name: 'Certificate', category: 'software_licence', lifecycleModelId: types['laptop'].lifecycleModelId, tagPattern: 'CRT-{seq:4}',
      attributeSchema: [{ key: 'pem', label: 'PEM', type: 'long_text', unique: true }, { key: 'ref', label: 'Reference', type: 'long_text' }],
    });
    // Incompressible, as a certificate is, and longer than a PostgreSQL B-tree entry may be (about 2.7 kB).
    let seed = 11;
    const pem = Array.from({ length: 4000 }, () => (seed = (seed * 1103515245 + 12345) % 2147483648, (seed % 36).toString(36))).join('');
    const first = await create(api, '/api/v1/assets', { name: 'Cert 1', assetTypeId: type.id, attributes: { pem, ref: pem } });
    const res = await refuse(api, 409, 'UNIQUE_VIOLATION', 'POST', '/api/v1/assets', { name: 'Cert 2', assetTypeId: type.id, attributes: { pem: pem.toUpperCase() } });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'attributes.pem', code: 'ATTRIBUTE_NOT_UNIQUE' }));
    await create(api, '/api/v1/assets', { name: 'Cert 3', assetTypeId: type.id, attributes: { pem: `${pem}x` } });
    // A field made unique claims the long values its assets hold.
    const current = (await ok(api, 'GET', `/api/v1/asset-types/${type.id}`)).body;
    const schema = current.attributeSchema.map((f: any) => (f.key === 'ref' ? { ...f, unique: true } : f));
    await ok(api, 'PATCH', `/api/v1/asset-types/${type.id}`, { attributeSchema: schema }, { 'if-match': `"${current.version}"` });
    await refuse(api, 409, 'UNIQUE_VIOLATION', 'POST', '/api/v1/assets', { name: 'Cert 4', assetTypeId: type.id, attributes: { pem: 'other', ref: pem } });
    expect(first.attributes.pem).toBe(pem);
  });

  it('JSON objects answer with their keys in one order on both engines (jsonb reorders them, SQLite keeps them as written)', async () => {
    const type = await create(api, '/api/v1/asset-types', {
      key: 'parity_keys', name: 'Keys', category: 'hardware', lifecycleModelId: types['laptop'].lifecycleModelId, tagPattern: 'KEY-{seq:4}',
      attributeSchema: [{ key: 'storage_tb', label: 'Storage', type: 'number' }, { key: 'ram', label: 'RAM', type: 'integer' }, { key: 'cpu', label: 'CPU', type: 'text' }, { key: 'price', label: 'Price', type: 'money' }],
    });
    const asset = await create(api, '/api/v1/assets', { name: 'Keys', assetTypeId: type.id, attributes: { storage_tb: 2, ram: 32, cpu: 'M3', price: { currency: 'EUR', amountMinor: 100 } } });
    const maker = await create(api, '/api/v1/manufacturers', { name: 'Parity Maker' });
    const model = await create(api, '/api/v1/models', { name: 'Parity 1', manufacturerId: maker.id, assetTypeId: type.id, defaultSpecs: { screen_inches: 14, ram: 32, cpu: 'M3' } });
    for (const answer of [asset.attributes, (await ok(api, 'GET', `/api/v1/assets/${asset.id}`)).body.attributes]) {
      expect(Object.keys(answer)).toEqual(['cpu', 'price', 'ram', 'storage_tb']);
      expect(Object.keys(answer.price)).toEqual(['amountMinor', 'currency']);
    }
    expect(Object.keys((await ok(api, 'GET', `/api/v1/models/${model.id}`)).body.defaultSpecs)).toEqual(['cpu', 'ram', 'screen_inches']);
  });

  it('the security log finds a login ignoring case and accents alike (SQLite lower-cased ASCII only)', async () => {
    const res = await api.call('POST', '/api/v1/auth/login', { login: 'Émile.Zoë', password: 'not-the-password' }, { authorization: '' });
    expect(res.status).toBe(401);
    for (const login of ['Émile.Zoë', 'émile.zoë', 'EMILE.ZOE']) {
      const items = (await ok(api, 'GET', `/api/v1/security-log?login=${encodeURIComponent(login)}`)).body.items;
      expect(items.map((i: any) => i.login), login).toEqual(['Émile.Zoë']);
    }
  });
});
