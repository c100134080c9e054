import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_METHOD, drawSample, sampleRandom, tagKey } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { type Res, assetTypes, create, expectProblem, ok } from './support/http.js';

/**
 * Random samples (Table 3.6): a plan may check a number or a percentage of its scope; the sample is drawn when a run
 * starts and recorded with it (method, seed, from how many); only the drawn assets are looked for, so only they can be
 * missing; an asset of the scope recorded anyway counts; the report says it was a sample and lists what it checked.
 */
describe.each(ENGINES)('audit samples ($name)', (engine) => {
  let api: TestApi;
  let t = Date.parse('2026-12-01T08:00:00Z');
  const ref: Record<string, any> = {};
  const items = async (runId: string) => (await ok(api, 'GET', `/api/v1/audit-runs/${runId}?limit=500`)).body.items;
  const refusedPlan = async (send: () => Promise<Res>) => {
    const before = await api.db.db.selectFrom('audit_plans').selectAll().orderBy('id').execute();
    const res = await send();
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await api.db.db.selectFrom('audit_plans').selectAll().orderBy('id').execute()).toEqual(before);
    return res;
  };

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date((t += 1000)) });
    const laptop = (await assetTypes(api))['laptop'];
    ref.room = await create(api, '/api/v1/locations', { name: 'Sample room', kind: 'site' });
    ref.assets = [];
    for (let i = 0; i < 12; i++) ref.assets.push(await create(api, '/api/v1/assets', { name: `Sampled ${i}`, tag: `SMP-${String(i).padStart(3, '0')}`, assetTypeId: laptop.id, stage: 'in_stock', locationId: ref.room.id }));
  }, 120_000);
  afterAll(async () => api?.close());

  it('draws 4 of 12 with a recorded seed anyone can draw again; only those can be missing; one not drawn counts once found; the report says so', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Spot check', scopeLocationId: ref.room.id, sample: { count: 4 } });
    expect(plan.sample).toEqual({ count: 4 });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    expect(run.sample).toMatchObject({ method: SAMPLE_METHOD, population: 12, size: 4 });
    expect(run.sample.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(run.counts).toMatchObject({ expected: 4, pending: 4, notSampled: 8 });

    // The sample is the positions the seed draws among the scope's assets in tag order.
    const inTagOrder = [...ref.assets].sort((a: any, b: any) => (tagKey(a.tag) < tagKey(b.tag) ? -1 : 1)).map((a: any) => a.tag);
    const drawnTags = drawSample(12, 4, sampleRandom(run.sample.seed)).map((i) => inTagOrder[i]);
    const listed = await items(run.id);
    expect(listed.map((i: any) => i.tag).sort()).toEqual([...drawnTags].sort());
    expect(listed.every((i: any) => i.sampled && i.result === 'pending')).toBe(true);

    const notDrawn = inTagOrder.find((tag: string) => !drawnTags.includes(tag))!;
    let v = run.version;
    const rec = async (tag: string) => {
      const res = await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag, method: 'scan' });
      v = res.body.run.version;
      return res.body;
    };
    expect((await rec(drawnTags[0]!)).item).toMatchObject({ result: 'found', sampled: true });
    const extra = await rec(notDrawn);
    expect(extra.item).toMatchObject({ tag: notDrawn, result: 'found', sampled: false, expected: true });
    expect(extra.run.counts).toMatchObject({ expected: 5, found: 2, pending: 3, notSampled: 7, unexpected: 0 });

    const closed = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${v}"` })).body;
    expect(closed).toMatchObject({ counts: { expected: 5, found: 2, missing: 3, pending: 0, notSampled: 7 }, discrepanciesRaised: 3, verified: 2 });
    const missing = (await ok(api, 'GET', `/api/v1/discrepancies?status=open&auditRunId=${run.id}`)).body.items;
    expect(missing.map((d: any) => d.kind)).toEqual(['audit_missing', 'audit_missing', 'audit_missing']);
    const missingIds = new Set(missing.map((d: any) => d.assetId));
    const drawnIds = new Set(ref.assets.filter((a: any) => drawnTags.slice(1).includes(a.tag)).map((a: any) => a.id));
    expect(missingIds).toEqual(drawnIds);

    const report = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report`)).body;
    expect(report.run.sample).toEqual(run.sample);
    expect(report.items.map((i: any) => i.tag).sort()).toEqual([...drawnTags, notDrawn].sort());
    const csv = (await api.call('GET', `/api/v1/audit-runs/${run.id}/report.csv`)).body as string;
    expect(csv).toContain(`${notDrawn},Sampled`);
    expect(csv.split('\r\n').find((l) => l.startsWith(notDrawn))).toContain(',no (recorded anyway),');
  });

  it('a percentage rounds up to whole assets; each run draws anew; bad rules answer 422 and write nothing', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'A quarter', scopeLocationId: ref.room.id, sample: { percent: 20 } });
    const first = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    expect(first.sample).toMatchObject({ population: 12, size: 3 });
    expect(first.counts).toMatchObject({ expected: 3, notSampled: 9 });
    await ok(api, 'POST', `/api/v1/audit-runs/${first.id}/close`, {}, { 'if-match': `"${first.version}"` });
    const second = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    expect(second.sample.seed).not.toBe(first.sample.seed);

    for (const sample of [{ percent: 100 }, { percent: 0 }, { count: 0 }, { count: 2.5 }, { count: 2, percent: 5 }, { share: 3 }]) {
      await refusedPlan(() => api.call('POST', '/api/v1/audit-plans', { name: 'Bad sample', scopeLocationId: ref.room.id, sample }));
    }
    // Back to the whole scope: the next run checks every asset.
    await ok(api, 'POST', `/api/v1/audit-runs/${second.id}/close`, {}, { 'if-match': `"${second.version}"` });
    const current = (await ok(api, 'GET', `/api/v1/audit-plans/${plan.id}`)).body;
    expect((await api.call('PATCH', `/api/v1/audit-plans/${plan.id}`, { sample: null }, { 'if-match': `"${current.version}"` })).body.sample).toBeNull();
    const whole = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    expect(whole).toMatchObject({ sample: null, counts: { expected: 12, notSampled: 0 } });
  });
});
