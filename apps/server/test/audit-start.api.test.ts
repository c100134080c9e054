import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { create, raw } from './support/http.js';

/** Starting an audit run snapshots every expected asset, a batch at a time: beyond one batch, none is lost or doubled. */
describe.each(ENGINES)('audit run of a large scope ($name)', (engine) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(engine, { clock: () => new Date('2026-12-01T08:00:00Z') }); });
  afterAll(async () => { await api.close(); });

  it('expects each of 1,203 assets of a store room exactly once', async () => {
    const room = await create(api, '/api/v1/locations', { name: 'Big store', code: 'BIG', kind: 'room' });
    const rows = ['tag,name,type,location', ...Array.from({ length: 1203 }, (_, i) => `BIG-${String(i).padStart(5, '0')},Spare ${i},monitor,BIG`)];
    const imported = await raw(api, 'POST', '/api/v1/imports/assets', rows.join('\n'), { 'content-type': 'text/csv' });
    expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ applied: true, created: 1203 });
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Big store count', method: 'scan', scopeLocationId: room.id, dueOn: '2026-12-15' });
    const run = (await api.call('POST', `/api/v1/audit-plans/${plan.id}/runs`)).body;
    expect(run.counts).toMatchObject({ expected: 1203, pending: 1203 });
    const items = await api.db.db.selectFrom('audit_items').select(['tag', 'asset_id']).where('run_id', '=', run.id).execute();
    expect(items).toHaveLength(1203);
    expect(new Set(items.map((i) => i.asset_id)).size).toBe(1203);
    expect(items.map((i) => i.tag).sort()).toEqual(rows.slice(1).map((r) => r.split(',')[0]).sort());
  });
});
