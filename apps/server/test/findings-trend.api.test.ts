import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, ok, refuse, uniq } from './support/http.js';

const ZERO_BY = { link_asset: 0, register_asset: 0, accept_discovered: 0, corrected: 0, keep_register: 0, mark_missing: 0, ignore_until: 0, dismiss: 0, settled: 0 };
const by = (counts: Partial<typeof ZERO_BY>) => ({ ...ZERO_BY, ...counts });

/**
 * GET /api/v1/reports/findings/trend (Table 3.6 "Review and analyse verification and audit findings": trends): per
 * calendar month of the organisation's zone — here Sydney, eleven hours ahead of UTC in its summer — the findings
 * raised, resolved (by resolution) and open at the month's end, in all and per kind, within the caller's scope. The
 * findings are raised and resolved through the API (audit closes, resolutions) with the clock moved between them.
 */
describe.each(ENGINES)('findings trend ($name)', (engine) => {
  let api: TestApi;
  const ref: Record<string, any> = {};
  let now = new Date('2026-10-31T12:00:00Z');
  const at = (instant: string) => { now = new Date(instant); };
  const trend = async (query = '', auth?: Record<string, string>) => (await ok(api, 'GET', `/api/v1/reports/findings/trend${query}`, undefined, auth)).body;
  const open = async (query: string) => (await ok(api, 'GET', `/api/v1/discrepancies?status=open&${query}`)).body.items;
  const resolve = (d: { id: string; version: number }, body: unknown) => ok(api, 'POST', `/api/v1/discrepancies/${d.id}/resolve`, body, { 'if-match': `"${d.version}"` });
  /** Runs the plan: records the tags, closes. */
  const audit = async (planId: string, tags: string[]) => {
    const run = await create(api, `/api/v1/audit-plans/${planId}/runs`, undefined);
    let v = run.version;
    for (const tag of tags) v = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag, method: 'scan' })).body.run.version;
    return (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${v}"` })).body;
  };
  const month = (t: any, m: string) => t.months.find((x: any) => x.month === m);
  const kind = (t: any, m: string, k: string) => month(t, m).byKind.find((x: any) => x.kind === k);

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => now, timeZone: 'Australia/Sydney' });
    // The test travels months ahead: the administrator's API token (30 days) is made to outlast it.
    await api.db.db.updateTable('api_tokens').set({ expires_at: '2030-01-01T00:00:00.000Z' }).execute();
    const laptop = (await assetTypes(api))['laptop'];
    ref.fr = await create(api, '/api/v1/org-units', { name: 'France', kind: 'country' });
    ref.de = await create(api, '/api/v1/org-units', { name: 'Germany', kind: 'country' });
    ref.store = await create(api, '/api/v1/locations', { name: 'Sydney store', kind: 'site' });
    ref.annex = await create(api, '/api/v1/locations', { name: 'Sydney annex', kind: 'site' });
    const asset = (name: string, ownerOrgUnitId: string, locationId: string) => create(api, '/api/v1/assets', { name, assetTypeId: laptop.id, stage: 'in_stock', locationId, ownerOrgUnitId });
    ref.a1 = await asset('FR always found', ref.fr.id, ref.store.id);
    ref.a2 = await asset('FR dismissed then lost', ref.fr.id, ref.store.id);
    ref.a3 = await asset('DE set aside', ref.de.id, ref.store.id);
    ref.a4 = await asset('FR found later', ref.fr.id, ref.store.id);
    ref.a5 = await asset('FR annex', ref.fr.id, ref.annex.id);
    ref.store_plan = await create(api, '/api/v1/audit-plans', { name: 'Store count', scopeLocationId: ref.store.id });
    ref.annex_plan = await create(api, '/api/v1/audit-plans', { name: 'Annex count', scopeLocationId: ref.annex.id });

    // 31 October, 23:59:59.999 in Sydney: A2, A3, A4 not found and an unknown tag — October's.
    at('2026-10-31T12:59:59.999Z');
    await audit(ref.store_plan.id, [ref.a1.tag, 'ZZ-UNKNOWN-7']);
    // Midnight in Sydney, still 31 October in UTC: A5 not found — November's.
    at('2026-10-31T13:00:00.000Z');
    await audit(ref.annex_plan.id, []);

    // November: the unknown tag and A2 dismissed, A3 set aside until March.
    at('2026-11-15T00:00:00Z');
    const [unknown] = await open('kind=audit_unexpected');
    await resolve(unknown, { resolution: 'dismiss', note: 'a visitor\'s label' });
    await resolve((await open(`assetId=${ref.a2.id}`))[0], { resolution: 'dismiss', note: 'in a locked cupboard' });
    await resolve((await open(`assetId=${ref.a3.id}`))[0], { resolution: 'ignore_until', ignoreUntil: '2027-03-01', note: 'on loan to Berlin' });

    // December: A4 found (its finding settled by Custodia), A2 not found again (a new finding), A3 still set aside.
    at('2026-12-10T00:00:00Z');
    await audit(ref.store_plan.id, [ref.a1.tag, ref.a4.tag]);

    // January: A2 reported missing.
    at('2027-01-20T00:00:00Z');
    await resolve((await open(`assetId=${ref.a2.id}`))[0], { resolution: 'mark_missing' });
  }, 120_000);
  afterAll(async () => api?.close());

  it('counts per month of the organisation\'s zone what was raised, resolved by resolution, and the backlog at each end', async () => {
    const t = await trend('?months=5');
    expect(t).toMatchObject({ today: '2027-01-20', timeZone: 'Australia/Sydney' });
    expect(t.months.map((m: any) => m.month)).toEqual(['2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    const totals = t.months.map(({ month: m, raised, resolved, resolvedBy, openAtEnd }: any) => ({ m, raised, resolved, resolvedBy, openAtEnd }));
    expect(totals).toEqual([
      { m: '2026-09', raised: 0, resolved: 0, resolvedBy: ZERO_BY, openAtEnd: 0 },
      { m: '2026-10', raised: 4, resolved: 0, resolvedBy: ZERO_BY, openAtEnd: 4 },
      { m: '2026-11', raised: 1, resolved: 3, resolvedBy: by({ dismiss: 2, ignore_until: 1 }), openAtEnd: 2 },
      { m: '2026-12', raised: 1, resolved: 1, resolvedBy: by({ settled: 1 }), openAtEnd: 2 },
      { m: '2027-01', raised: 0, resolved: 1, resolvedBy: by({ mark_missing: 1 }), openAtEnd: 1 },
    ]);
    // Per kind: every kind is listed, in the kinds' order, with zeros where nothing happened.
    expect(month(t, '2026-10').byKind.map((k: any) => k.kind)).toEqual([
      'unregistered', 'not_seen', 'attribute_mismatch', 'unauthorised_software', 'duplicate_candidate', 'audit_missing', 'audit_unexpected', 'audit_wrong_location', 'reported_again', 'reported_by_holder', 'location_mismatch',
    ]);
    expect(kind(t, '2026-10', 'audit_missing')).toEqual({ kind: 'audit_missing', title: 'Not found in the audit', raised: 3, resolved: 0, resolvedBy: ZERO_BY, openAtEnd: 3 });
    expect(kind(t, '2026-10', 'audit_unexpected')).toMatchObject({ raised: 1, resolved: 0, openAtEnd: 1 });
    expect(kind(t, '2026-11', 'audit_missing')).toMatchObject({ raised: 1, resolved: 2, resolvedBy: by({ dismiss: 1, ignore_until: 1 }), openAtEnd: 2 });
    expect(kind(t, '2026-11', 'audit_unexpected')).toMatchObject({ raised: 0, resolved: 1, resolvedBy: by({ dismiss: 1 }), openAtEnd: 0 });
    expect(kind(t, '2027-01', 'unregistered')).toEqual({ kind: 'unregistered', title: 'Device not in the register', raised: 0, resolved: 0, resolvedBy: ZERO_BY, openAtEnd: 0 });
    // The backlog is what the queue holds open now.
    expect(month(t, '2027-01').openAtEnd).toBe((await open('limit=100')).length);
  });

  it('cuts the months at midnight in Sydney, not in UTC', async () => {
    const t = await trend('?months=4');
    expect(month(t, '2026-11')).toMatchObject({ from: '2026-10-31T13:00:00.000Z', to: '2026-11-30T13:00:00.000Z' });
    // October's first instant is an hour later in UTC terms: Sydney's daylight saving began on 4 October.
    expect(month(t, '2026-10')).toMatchObject({ from: '2026-09-30T14:00:00.000Z', to: '2026-10-31T13:00:00.000Z' });
    // Raised a millisecond apart, either side of midnight in Sydney (both 31 October in UTC).
    expect(kind(t, '2026-10', 'audit_missing').raised).toBe(3);
    expect(kind(t, '2026-11', 'audit_missing').raised).toBe(1);
  });

  it('starts a shorter window from the backlog open before it; 12 months by default, up to 36', async () => {
    const two = await trend('?months=2');
    expect(two.months.map((m: any) => [m.month, m.raised, m.resolved, m.openAtEnd])).toEqual([['2026-12', 1, 1, 2], ['2027-01', 0, 1, 1]]);
    const byDefault = await trend();
    expect(byDefault.months).toHaveLength(12);
    expect(byDefault.months[0].month).toBe('2026-02');
    expect(byDefault.months[11].month).toBe('2027-01');
    const most = await trend('?months=36');
    expect(most.months).toHaveLength(36);
    expect(most.months[0]).toMatchObject({ month: '2024-02', raised: 0, openAtEnd: 0 });
    // Months follow each other without a gap.
    for (let i = 1; i < most.months.length; i++) expect(most.months[i].from).toBe(most.months[i - 1].to);
  });

  it('counts only the findings in a scoped caller\'s org units; no discovery.read is refused', async () => {
    const france = await api.user(uniq('analyst-fr'), [{ role: 'it_asset_analyst', orgUnitId: ref.fr.id }]);
    const t = await trend('?months=4', france.auth);
    // A3 (Germany) and the unknown tag (filed under the plan, which has no org unit) are outside France.
    expect(t.months.map((m: any) => [m.month, m.raised, m.resolved, m.openAtEnd])).toEqual([
      ['2026-10', 2, 0, 2], ['2026-11', 1, 1, 2], ['2026-12', 1, 1, 2], ['2027-01', 0, 1, 1],
    ]);
    expect(kind(t, '2026-11', 'audit_missing').resolvedBy).toEqual(by({ dismiss: 1 }));
    expect(kind(t, '2026-11', 'audit_unexpected')).toMatchObject({ raised: 0, resolved: 0, openAtEnd: 0 });
    const germany = await api.user(uniq('analyst-de'), [{ role: 'it_asset_analyst', orgUnitId: ref.de.id }]);
    expect((await trend('?months=4', germany.auth)).months.map((m: any) => [m.raised, m.resolved, m.openAtEnd])).toEqual([[1, 0, 1], [0, 1, 0], [0, 0, 0], [0, 0, 0]]);
    const owner = await api.user(uniq('owner'), [{ role: 'asset_owner', orgUnitId: null }]);
    expectProblem(await api.call('GET', '/api/v1/reports/findings/trend', undefined, owner.auth), 403, 'FORBIDDEN');
  });

  it('refuses a number of months outside 1–36, or an unknown parameter, with 400 and writes nothing', async () => {
    for (const query of ['months=0', 'months=37', 'months=-1', 'months=1.5', 'months=twelve', 'months=']) {
      await refuse(api, 400, 'INVALID_QUERY', 'GET', `/api/v1/reports/findings/trend?${query}`);
    }
    await refuse(api, 400, 'FILTER_FIELD_NOT_ALLOWED', 'GET', '/api/v1/reports/findings/trend?month=3');
  });
});
