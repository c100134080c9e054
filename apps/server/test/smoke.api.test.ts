import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';

describe.each(ENGINES)('smoke ($name)', (engine) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(engine); });
  afterAll(async () => { await api.close(); });

  it('creates, assigns and reads an asset', async () => {
    const types = await api.call('GET', '/api/v1/asset-types?limit=50');
    expect(types.status).toBe(200);
    const laptop = types.body.items.find((t: any) => t.key === 'laptop');
    const person = await api.call('POST', '/api/v1/people', { name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(person.status).toBe(201);
    const created = await api.call('POST', '/api/v1/assets', { name: 'ThinkPad', assetTypeId: laptop.id, stage: 'in_stock', serial: 'PF-1' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.tag).toBe('LAP-000001');
    const assigned = await api.call('POST', `/api/v1/assets/${created.body.id}/assign`, { personId: person.body.id }, { 'if-match': created.headers['etag'] as string });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.stage).toBe('in_use');
    const history = await api.call('GET', `/api/v1/assets/${created.body.id}/history`);
    expect(history.body.items.map((e: any) => e.action)).toEqual(['transition', 'create']);
  });
});
