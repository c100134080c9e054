import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, walk, uniq } from './support/http.js';

/**
 * A cursor holds the sort key of the last row shown: a name of 200 characters of CJK script (3 bytes each in UTF-8)
 * makes a cursor of about 800 characters. Every list must take back the cursors it hands out.
 */
describe.each(ENGINES)('cursors of long sort keys ($name)', (engine) => {
  let api: TestApi;
  let token: string;
  const longName = (last: string) => `${token}${'漢'.repeat(189)}${last}`;

  beforeAll(async () => {
    api = await startApi(engine);
    token = uniq('lc');
  });
  afterAll(async () => { await api.close(); });

  it('pages the register sorted by a long name, one asset a page', async () => {
    const typeId = (await assetTypes(api))['laptop'].id;
    for (const last of ['C', 'A', 'B']) await create(api, '/api/v1/assets', { assetTypeId: typeId, name: longName(last) });
    const { pages, items } = await walk(api, `/api/v1/assets?q=${token}&sort=name&limit=1`);
    expect(pages.length).toBe(3);
    expect(items.map((a: { name: string }) => a.name.at(-1))).toEqual(['A', 'B', 'C']);
  });

  it('pages people by a long name, one person a page', async () => {
    for (const last of ['B', 'A']) await create(api, '/api/v1/people', { name: longName(last) });
    const { items } = await walk(api, `/api/v1/people?q=${token}&limit=1`);
    expect(items.map((p: { name: string }) => p.name.at(-1))).toEqual(['A', 'B']);
  });

  it('refuses a cursor longer than any list hands out (400), and a forged one that decodes to nothing', async () => {
    expectProblem(await api.call('GET', `/api/v1/assets?cursor=${'A'.repeat(2049)}`), 400, 'INVALID_QUERY');
    expectProblem(await api.call('GET', `/api/v1/people?cursor=${'A'.repeat(2049)}`), 400, 'INVALID_QUERY');
    expectProblem(await api.call('GET', `/api/v1/assets?sort=name&cursor=${'A'.repeat(2048)}`), 400, 'INVALID_CURSOR');
  });
});
