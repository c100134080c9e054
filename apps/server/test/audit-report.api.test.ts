import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { create, ok } from './support/http.js';
import { auditChecks, auditClock, auditRegister, walkParisAudit } from './support/audit-fixture.js';

/**
 * The report of an audit run (ITAM practice guide Table 3.6, "Compose and communicate verification and audit
 * reports"): as JSON and as CSV, each item with where it was expected, where it was found and where the register places
 * the asset, places named with their site, text that looks like a formula escaped.
 */
describe.each(ENGINES)('audit report ($name)', (engine) => {
  let api: TestApi;
  let ref: Record<string, any> = {};
  let paris: { plan: any; run: any };
  const { refusedAudit } = auditChecks(() => api);
  const clock = auditClock();

  beforeAll(async () => {
    api = await startApi(engine, { clock });
    ref = await auditRegister(api);
    paris = await walkParisAudit(api, ref);
  });
  afterAll(async () => { await api.close(); });

  it('the report of a closed run, as JSON and as CSV: every result with where it was expected, found and is registered, notes that look like formulas escaped', async () => {
    const { plan, run } = paris;
    // The report, as JSON and as CSV (formula-looking text escaped).
    const report = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report`)).body;
    expect(report.plan.id).toBe(plan.id);
    expect(report.items.map((i: any) => i.result)).toEqual(['missing', 'wrong_location', 'unexpected', 'unexpected', 'found']);
    expect(report.items[0]).toMatchObject({ expectedLocation: 'Paris floor 1 · Paris', registeredLocationId: ref.parisFloor.id, registeredLocation: 'Paris floor 1 · Paris' });
    expect(report.items[1]).toMatchObject({ expectedLocation: 'Paris', foundLocation: 'Berlin', registeredLocation: 'Paris' });
    const csv = await api.app.inject({ method: 'GET', url: `/api/v1/audit-runs/${run.id}/report.csv`, headers: { authorization: `Bearer ${api.adminToken}` } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(String(csv.headers['content-disposition'])).toMatch(/^attachment; filename="custodia-audit-paris-laptops-q4-2026-12-01\.csv"$/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('Asset tag,Asset,Result,Expected,Expected location,Found location,Registered location,Method,Recorded by,Recorded at,Note,In the sample,Registered as');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe(`${ref.gone.tag},Never found,Missing,yes,Paris floor 1 · Paris,,Paris floor 1 · Paris,,,,,yes,`);
    expect(lines[2]).toContain(`${ref.moved.tag},Found in Berlin,Found at another location,yes,Paris,Berlin,Paris,scan,admin,`);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines.some((l) => l.startsWith('ZZ-UNKNOWN-42,,Not expected,no,,Paris,,typed,admin,'))).toBe(true);
    expect(lines[5]).toMatch(new RegExp(`^${ref.found.tag},Found where expected,Found,yes,Paris floor 1 · Paris,,Paris floor 1 · Paris,typed,admin,2026-12-01T`));
  });

  it('the JSON pages the items (findings first, then by tag) with the counts of every result on each page; the CSV holds them all', async () => {
    const { run } = paris;
    const whole = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report?limit=500`)).body;
    expect(whole).toMatchObject({ total: 5, nextCursor: null });
    const pages: any[] = [];
    let cursor: string | null = null;
    do {
      const res = await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.items.map((i: any) => i.result))).toEqual([['missing', 'wrong_location'], ['unexpected', 'unexpected'], ['found']]);
    expect(pages.flatMap((p) => p.items)).toEqual(whole.items);
    for (const p of pages) {
      expect(p.run.counts).toEqual(whole.run.counts);
      expect(p.total).toBe(5);
      expect(p.plan.id).toBe(paris.plan.id);
    }
    expect(whole.run.counts).toMatchObject({ found: 1, wrongLocation: 1, unexpected: 2, missing: 1 });
    // A page ending inside a result continues within it.
    const first = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report?limit=3`)).body;
    const rest = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report?limit=3&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...rest.items].map((i: any) => i.id)).toEqual(whole.items.map((i: any) => i.id));
    expect(rest.nextCursor).toBeNull();
  });

  it('a report cursor edited by hand, or a limit out of range, answers 400 and writes nothing', async () => {
    const { run } = paris;
    const url = `/api/v1/audit-runs/${run.id}/report`;
    const edited = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    for (const cursor of ['not-a-cursor', edited(['ZZ', 'x']), edited(['ZZ', 'x', 'lost']), edited([3, 'x', 'found']), edited(['ZZ', 'x', '-recordedAt'])]) {
      await refusedAudit(() => api.call('GET', `${url}?cursor=${cursor}`), 400, 'INVALID_CURSOR');
    }
    await refusedAudit(() => api.call('GET', `${url}?limit=501`), 400, 'INVALID_QUERY');
    await refusedAudit(() => api.call('GET', `${url}?sort=tag`), 400, 'FILTER_FIELD_NOT_ALLOWED');
  });

  it('a run over a large site: the JSON pages every item once, the CSV holds them all in one file', async () => {
    // 1,100 laptops in one hall: more items than the report reads from the database at a time (1,000).
    const hall = await create(api, '/api/v1/locations', { name: 'Warehouse hall', kind: 'site' });
    const template = { assetTypeId: ref.laptop.id, name: 'Pallet laptop', ownerOrgUnitId: ref.de.id, locationId: hall.id, stage: 'in_stock' };
    for (const [from, n] of [[0, 500], [500, 500], [1000, 100]] as const) {
      await ok(api, 'POST', '/api/v1/assets/batch', { template, items: Array.from({ length: n }, (_, i) => ({ serial: `HALL-${from + i}` })) });
    }
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Warehouse hall', method: 'manual', scopeLocationId: hall.id, dueOn: '2026-12-20' });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    const someTag = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}?limit=1`)).body.items[0].tag;
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: someTag, method: 'typed' });
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: 'HALL-UNKNOWN-1', method: 'typed' });

    const pages: any[] = [];
    let cursor: string | null = null;
    do {
      const res = await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.items.length)).toEqual([500, 500, 101]);
    const items = pages.flatMap((p) => p.items);
    expect(new Set(items.map((i: any) => i.id)).size).toBe(1101);
    expect(pages[0].run.counts).toMatchObject({ expected: 1100, found: 1, unexpected: 1, pending: 1099 });
    expect(pages[0].total).toBe(1101);
    expect(items[0].tag).toBe('HALL-UNKNOWN-1');
    expect(items[items.length - 1].tag).toBe(someTag);
    const csv = await api.app.inject({ method: 'GET', url: `/api/v1/audit-runs/${run.id}/report.csv`, headers: { authorization: `Bearer ${api.adminToken}` } });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    expect(lines.map((l) => l.split(',')[0])).toEqual(items.map((i: any) => i.tag));
  }, 60_000);
});
