import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { ok } from './support/http.js';
import { auditRegister, walkParisAudit } from './support/audit-fixture.js';

/**
 * The report of an audit run (ITAM practice guide Table 3.6, "Compose and communicate verification and audit
 * reports"): as JSON and as CSV, each item with where it was expected, where it was found and where the register places
 * the asset, places named with their site, text that looks like a formula escaped.
 */
describe.each(ENGINES)('audit report ($name)', (engine) => {
  let api: TestApi;
  let ref: Record<string, any> = {};
  // Every reading of the clock is one second later; today is 2026-12-01.
  let t = Date.parse('2026-12-01T08:00:00Z');
  const clock = () => new Date((t += 1000));

  beforeAll(async () => {
    api = await startApi(engine, { clock });
    ref = await auditRegister(api);
  });
  afterAll(async () => { await api.close(); });

  it('the report of a closed run, as JSON and as CSV: every result with where it was expected, found and is registered, notes that look like formulas escaped', async () => {
    const { plan, run } = await walkParisAudit(api, ref);
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
});
