import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, raw } from './support/http.js';

/** Generated tags after a register imported with its own tags: the counter jumps past them; a file's stated tags are kept. */
describe.each(ENGINES)('tag generation ($name)', (engine) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(engine); });
  afterAll(async () => { await api.close(); });

  it('after 1,005 tags typed in a row, the next generated tag follows them (it was refused for good)', async () => {
    const types = await assetTypes(api);
    const rows = ['tag,name,type', ...Array.from({ length: 1005 }, (_, i) => `LAP-${String(i + 1).padStart(6, '0')},Legacy ${i + 1},laptop`)];
    const imported = await raw(api, 'POST', '/api/v1/imports/assets', rows.join('\n'), { 'content-type': 'text/csv' });
    expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ applied: true, created: 1005 });
    const next = await create(api, '/api/v1/assets', { name: 'New laptop', assetTypeId: types['laptop'].id });
    expect(next.tag).toBe('LAP-001006');
    expect((await create(api, '/api/v1/assets', { name: 'Newer laptop', assetTypeId: types['laptop'].id })).tag).toBe('LAP-001007');
  });

  it('a row without a tag never takes the tag another row of the same file states', async () => {
    const file = ['tag,name,type', ',Untagged,laptop', 'LAP-001008,Stated,laptop'].join('\n');
    const imported = await raw(api, 'POST', '/api/v1/imports/assets', file, { 'content-type': 'text/csv' });
    expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ applied: true, created: 2 });
    const tags = (await api.call('GET', '/api/v1/assets?q=LAP-00100&limit=50')).body.items.map((a: any) => [a.tag, a.name]);
    expect(tags).toEqual(expect.arrayContaining([['LAP-001008', 'Stated'], ['LAP-001009', 'Untagged']]));
  });
});
