import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, refuse } from './support/http.js';

/**
 * Input one engine takes and the other cannot hold answers the same on both: SQLite keeps any text in a text column,
 * where PostgreSQL's date and timestamptz columns refuse what is not a day or an instant (a 500 there).
 */
describe.each(ENGINES)('the same answer on both engines ($name)', (engine) => {
  let api: TestApi;
  let types: Record<string, any>;
  beforeAll(async () => {
    api = await startApi(engine);
    types = await assetTypes(api);
  });
  afterAll(async () => { await api.close(); });

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
});
