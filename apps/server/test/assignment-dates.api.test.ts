import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, refuse, uniq } from './support/http.js';

/** Assignment periods follow the dates the work happened, in the person's time zone, and never overlap. */
describe.each(ENGINES)('assignment dates ($name)', (engine) => {
  let api: TestApi;
  let types: Record<string, any>;
  // 01:00 UTC on 28 November: 17:00 on the 27th in California.
  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date('2026-11-28T01:00:00.000Z') });
    types = await assetTypes(api);
  });
  afterAll(async () => { await api.close(); });
  const laptop = () => create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: types['laptop'].id });
  const periods = async (id: string) => (await ok(api, 'GET', `/api/v1/assets/${id}/assignments`)).body.items.map((x: any) => [x.startedOn, x.endedOn]).sort();

  it('a loan returned the same day west of UTC is accepted, the period ending the day it started', async () => {
    const p = await create(api, '/api/v1/people', { name: uniq('Ada ') });
    const a = await laptop();
    const r = await ok(api, 'POST', `/api/v1/assets/${a.id}/assign`, { personId: p.id }, { 'if-match': '"1"' });
    const back = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/check-in`, { returnedOn: '2026-11-26' }, { 'if-match': `"${r.body.version}"` });
    expect(back.body.errors[0].code).toBe('BEFORE_ASSIGNMENT_START');
    await ok(api, 'POST', `/api/v1/assets/${a.id}/check-in`, { returnedOn: '2026-11-27' }, { 'if-match': `"${r.body.version}"` });
    expect(await periods(a.id)).toEqual([['2026-11-28', '2026-11-28']]);
  });

  it('a hand-over recorded the same day west of UTC: one period ends and the next starts that day, no overlap', async () => {
    const [p, q] = [await create(api, '/api/v1/people', { name: uniq('Ada ') }), await create(api, '/api/v1/people', { name: uniq('Bob ') })];
    const a = await laptop();
    const r = await ok(api, 'POST', `/api/v1/assets/${a.id}/assign`, { personId: p.id }, { 'if-match': '"1"' });
    await ok(api, 'POST', `/api/v1/assets/${a.id}/imac`, { action: 'move', performedOn: '2026-11-27', personId: q.id }, { 'if-match': `"${r.body.version}"` });
    expect(await periods(a.id)).toEqual([['2026-11-28', null], ['2026-11-28', '2026-11-28']]);
  });

  it('a back-dated install before the previous assignment ended is refused (BEFORE_PREVIOUS_ASSIGNMENT_END), nothing written', async () => {
    const [p, q] = [await create(api, '/api/v1/people', { name: uniq('Ada ') }), await create(api, '/api/v1/people', { name: uniq('Bob ') })];
    const a = await laptop();
    let r = await ok(api, 'POST', `/api/v1/assets/${a.id}/imac`, { action: 'install', performedOn: '2026-11-01', personId: p.id }, { 'if-match': '"1"' });
    r = await ok(api, 'POST', `/api/v1/assets/${a.id}/check-in`, { returnedOn: '2026-11-20' }, { 'if-match': `"${r.body.version}"` });
    const res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/imac`, { action: 'install', performedOn: '2026-11-05', personId: q.id }, { 'if-match': `"${r.body.version}"` });
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'performedOn', code: 'BEFORE_PREVIOUS_ASSIGNMENT_END' })]);
    await ok(api, 'POST', `/api/v1/assets/${a.id}/imac`, { action: 'install', performedOn: '2026-11-20', personId: q.id }, { 'if-match': `"${r.body.version}"` });
    expect(await periods(a.id)).toEqual([['2026-11-01', '2026-11-20'], ['2026-11-20', null]]);
  });
});
