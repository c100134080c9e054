import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, ok, uniq } from './support/http.js';

/**
 * GET /api/v1/audit-plans/{id}/trend (Table 3.6 "Review and analyse verification and audit findings"): how accurate
 * the register was at each closed run of a plan — found where expected over expected, a sample judged on its drawn
 * assets — and the change from the run before; the last closed first, runs in progress left out.
 */
describe.each(ENGINES)('audit accuracy over runs ($name)', (engine) => {
  let api: TestApi;
  let now = new Date('2026-12-01T08:00:00Z');
  const at = (instant: string) => { now = new Date(instant); };
  const ref: Record<string, any> = {};
  const trend = async (planId: string, auth?: Record<string, string>) => (await ok(api, 'GET', `/api/v1/audit-plans/${planId}/trend`, undefined, auth)).body;
  const start = (planId: string) => create(api, `/api/v1/audit-plans/${planId}/runs`, undefined);
  /** Records each tag (at a location when given as [tag, locationId]) and closes the run. */
  const runAndClose = async (planId: string, seen: (string | [string, string])[]) => {
    const run = await start(planId);
    let v = run.version;
    for (const s of seen) {
      const [tag, locationId] = Array.isArray(s) ? s : [s, undefined];
      v = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag, method: 'scan', ...(locationId ? { locationId } : {}) })).body.run.version;
    }
    return (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${v}"` })).body;
  };

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => now, timeZone: 'Australia/Sydney' });
    await api.db.db.updateTable('api_tokens').set({ expires_at: '2030-01-01T00:00:00.000Z' }).execute();
    const laptop = (await assetTypes(api))['laptop'];
    ref.fr = await create(api, '/api/v1/org-units', { name: 'France', kind: 'country' });
    ref.store = await create(api, '/api/v1/locations', { name: 'Trend store', kind: 'site' });
    ref.elsewhere = await create(api, '/api/v1/locations', { name: 'Trend workshop', kind: 'site' });
    ref.empty = await create(api, '/api/v1/locations', { name: 'Empty room', kind: 'site' });
    ref.assets = [];
    for (let i = 0; i < 4; i++) ref.assets.push(await create(api, '/api/v1/assets', { name: `Counted ${i}`, tag: `TRD-${i}`, assetTypeId: laptop.id, stage: 'in_stock', locationId: ref.store.id, ownerOrgUnitId: ref.fr.id }));
  }, 60_000);
  afterAll(async () => api?.close());

  it('a recurring plan: each closed run\'s accuracy, the last first, and its change from the run before; a run in progress is left out', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Monthly store count', scopeLocationId: ref.store.id, scopeOrgUnitId: ref.fr.id, dueOn: '2026-12-31', recurrence: { every: 1, unit: 'months' } });
    expect((await trend(plan.id)).runs).toEqual([]);

    // December: two where expected, one in the workshop, one not found, and an unknown tag — 2 of 4.
    at('2026-12-20T01:00:00Z');
    const first = await runAndClose(plan.id, ['TRD-0', 'TRD-1', ['TRD-2', ref.elsewhere.id], 'ZZ-STRANGER']);
    // January, closed at 23:30 UTC on the 19th: the 20th in Sydney. Three where expected — 3 of 4.
    at('2027-01-19T23:30:00Z');
    const second = await runAndClose(plan.id, ['TRD-0', 'TRD-1', 'TRD-2']);

    const t = await trend(plan.id);
    expect(t.planId).toBe(plan.id);
    expect(t.runs).toEqual([
      {
        runId: second.id, startedAt: second.startedAt, closedAt: '2027-01-19T23:30:00.000Z', closedOn: '2027-01-20', sample: null,
        expected: 4, foundWhereExpected: 3, foundElsewhere: 0, missing: 1, unexpected: 0, accuracy: 0.75, change: 0.25,
      },
      {
        runId: first.id, startedAt: first.startedAt, closedAt: '2026-12-20T01:00:00.000Z', closedOn: '2026-12-20', sample: null,
        expected: 4, foundWhereExpected: 2, foundElsewhere: 1, missing: 1, unexpected: 1, accuracy: 0.5, change: null,
      },
    ]);

    // A third run, still open, is not a result yet.
    await start(plan.id);
    expect((await trend(plan.id)).runs.map((r: any) => r.runId)).toEqual([second.id, first.id]);
  });

  it('a sample is judged on the assets drawn: one recorded anyway does not count', async () => {
    at('2027-02-01T00:00:00Z');
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Spot check', scopeLocationId: ref.store.id, sample: { count: 2 } });
    const run = await start(plan.id);
    const items = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}?limit=50`)).body.items;
    const drawn = items.map((i: any) => i.tag);
    expect(drawn).toHaveLength(2);
    const notDrawn = ref.assets.map((a: any) => a.tag).find((tag: string) => !drawn.includes(tag));
    let v = run.version;
    for (const tag of [drawn[0], notDrawn]) v = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag, method: 'scan' })).body.run.version;
    const closed = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${v}"` })).body;
    // The run's own counts include the asset found anyway; its accuracy does not.
    expect(closed.counts).toMatchObject({ expected: 3, found: 2, missing: 1 });
    const [only] = (await trend(plan.id)).runs;
    expect(only).toMatchObject({ runId: run.id, sample: { population: 4, size: 2 }, expected: 2, foundWhereExpected: 1, missing: 1, unexpected: 0, accuracy: 0.5, change: null });
  });

  it('a run that expected nothing has no accuracy (null), and neither has the change after it', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Empty room check', scopeLocationId: ref.empty.id });
    at('2027-02-02T00:00:00Z');
    await runAndClose(plan.id, ['TRD-3']);
    at('2027-02-03T00:00:00Z');
    await runAndClose(plan.id, []);
    const runs = (await trend(plan.id)).runs;
    expect(runs.map((r: any) => [r.expected, r.unexpected, r.accuracy, r.change])).toEqual([[0, 0, null, null], [0, 1, null, null]]);
  });

  it('outside the caller\'s scope the plan answers 404, like an unknown one; no audits.read is refused', async () => {
    const plan = (await ok(api, 'GET', '/api/v1/audit-plans?q=Monthly%20store')).body.items[0];
    const other = await create(api, '/api/v1/org-units', { name: uniq('Elsewhere'), kind: 'country' });
    const outside = await api.user(uniq('analyst-out'), [{ role: 'it_asset_analyst', orgUnitId: other.id }]);
    expectProblem(await api.call('GET', `/api/v1/audit-plans/${plan.id}/trend`, undefined, outside.auth), 404, 'NOT_FOUND');
    const inside = await api.user(uniq('analyst-fr'), [{ role: 'it_asset_analyst', orgUnitId: ref.fr.id }]);
    expect((await trend(plan.id, inside.auth)).runs).toHaveLength(2);
    expectProblem(await api.call('GET', '/api/v1/audit-plans/00000000-0000-7000-8000-000000000000/trend'), 404, 'NOT_FOUND');
    const licences = await api.user(uniq('licences'), [{ role: 'licence_manager', orgUnitId: null }]);
    expectProblem(await api.call('GET', `/api/v1/audit-plans/${plan.id}/trend`, undefined, licences.auth), 403, 'FORBIDDEN');
  });
});
