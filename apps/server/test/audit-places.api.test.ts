import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, refuse } from './support/http.js';

/**
 * Every site has a room called "Stockroom": what the server writes for people — the audit report, its CSV, and the
 * findings queued when a run closes — names a place with its site ("Stockroom · Berlin Mitte"), and an asset the run
 * did not expect says where the register places it. Two rooms of one name in one site also name the building that
 * tells them apart.
 */
describe.each(ENGINES)('places in audit reports and findings ($name)', (engine) => {
  let api: TestApi;
  const ref: Record<string, any> = {};
  let t = Date.parse('2026-12-01T08:00:00Z');

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date((t += 1000)) });
    ref.laptop = (await assetTypes(api))['laptop'];
    const place = (name: string, kind: string, parentId?: string) => create(api, '/api/v1/locations', { name, kind, ...(parentId ? { parentId } : {}) });
    ref.de = await place('Germany', 'country');
    ref.berlin = await place('Berlin Mitte', 'site', ref.de.id);
    ref.buildingA = await place('Building A', 'building', ref.berlin.id);
    ref.berlinStock = await place('Stockroom', 'room', (await place('Floor 2', 'floor', ref.buildingA.id)).id);
    // Two rooms of one name in one site.
    ref.roomA = await place('Room 101', 'room', ref.buildingA.id);
    ref.roomB = await place('Room 101', 'room', (await place('Building B', 'building', ref.berlin.id)).id);
    ref.paris = await place('Paris La Défense', 'site');
    ref.parisStock = await place('Stockroom', 'room', ref.paris.id);
    const laptop = (name: string, locationId: string | null) => create(api, '/api/v1/assets', { name, assetTypeId: ref.laptop.id, stage: 'in_stock', locationId });
    ref.expectedHere = await laptop('Stays in Paris', ref.parisStock.id);
    ref.wandered = await laptop('Wandered to Berlin', ref.parisStock.id);
    ref.gone = await laptop('Never found', ref.parisStock.id);
    ref.visitor = await laptop('Belongs in Berlin', ref.berlinStock.id);
    ref.homeless = await laptop('Has no location', null);
    ref.inRoomA = await laptop('Lives in room 101 of A', ref.roomA.id);
  }, 60_000);
  afterAll(async () => api?.close());

  it('the report and its CSV name each place with its site; an asset not expected says where the register places it', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Paris stockroom', scopeLocationId: ref.parisStock.id });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    const record = async (tag: string, locationId?: string) => (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag, method: 'scan', ...(locationId ? { locationId } : {}) })).body;
    await record(ref.expectedHere.tag);
    await record(ref.wandered.tag, ref.berlinStock.id);
    await record(ref.visitor.tag);
    await record(ref.homeless.tag);
    const last = await record('ZZ-NOBODY-1', ref.parisStock.id);
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${last.run.version}"` });

    const report = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report`)).body;
    const item = (tag: string) => report.items.find((i: any) => i.tag === tag);
    expect(item(ref.gone.tag)).toMatchObject({ result: 'missing', expectedLocation: 'Stockroom · Paris La Défense', registeredLocation: 'Stockroom · Paris La Défense' });
    expect(item(ref.wandered.tag)).toMatchObject({ result: 'wrong_location', expectedLocation: 'Stockroom · Paris La Défense', foundLocation: 'Stockroom · Berlin Mitte' });
    // Scanned here, registered at the other Stockroom: the report says which.
    expect(item(ref.visitor.tag)).toMatchObject({
      result: 'unexpected', expected: false, expectedLocation: null, registeredLocationId: ref.berlinStock.id, registeredLocation: 'Stockroom · Berlin Mitte',
    });
    expect(item(ref.homeless.tag)).toMatchObject({ result: 'unexpected', registeredLocationId: null, registeredLocation: null });
    expect(item('ZZ-NOBODY-1')).toMatchObject({ assetId: null, foundLocation: 'Stockroom · Paris La Défense', registeredLocationId: null, registeredLocation: null });

    const csv = await api.app.inject({ method: 'GET', url: `/api/v1/audit-runs/${run.id}/report.csv`, headers: { authorization: `Bearer ${api.adminToken}` } });
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Asset tag,Asset,Result,Expected,Expected location,Found location,Registered location,Method,Recorded by,Recorded at,Note,In the sample,Registered as');
    const row = (tag: string) => lines.find((l) => l.startsWith(`${tag},`));
    expect(row(ref.gone.tag)).toBe(`${ref.gone.tag},Never found,Missing,yes,Stockroom · Paris La Défense,,Stockroom · Paris La Défense,,,,,yes,`);
    expect(row(ref.wandered.tag)).toMatch(new RegExp(`^${ref.wandered.tag},Wandered to Berlin,Found at another location,yes,Stockroom · Paris La Défense,Stockroom · Berlin Mitte,Stockroom · Paris La Défense,scan,`));
    expect(row(ref.visitor.tag)).toMatch(new RegExp(`^${ref.visitor.tag},Belongs in Berlin,Not expected,no,,,Stockroom · Berlin Mitte,scan,`));
    expect(row('ZZ-NOBODY-1')).toMatch(/^ZZ-NOBODY-1,,Not expected,no,,Stockroom · Paris La Défense,,scan,/);

    // The findings queued at the close name the same places.
    const findings = (await ok(api, 'GET', `/api/v1/discrepancies?auditRunId=${run.id}&limit=50`)).body.items;
    const summary = (kind: string, assetId: string | null) => findings.find((d: any) => d.kind === kind && d.assetId === assetId)?.summary;
    expect(summary('audit_missing', ref.gone.id)).toBe(`${ref.gone.tag} (Never found) was not found in the audit “Paris stockroom” (expected at Stockroom · Paris La Défense)`);
    expect(summary('audit_wrong_location', ref.wandered.id))
      .toBe(`${ref.wandered.tag} (Wandered to Berlin) was found at Stockroom · Berlin Mitte; the register places it at Stockroom · Paris La Défense`);
    expect(summary('audit_unexpected', ref.visitor.id))
      .toBe(`${ref.visitor.tag} (Belongs in Berlin) was found in the audit “Paris stockroom” but was not expected there (the register places it at Stockroom · Berlin Mitte)`);
    expect(summary('audit_unexpected', ref.homeless.id)).toMatch(/\(the register places it at no location\)$/);
    expect(summary('audit_unexpected', null)).toBe('Tag ZZ-NOBODY-1 was found in the audit “Paris stockroom” at Stockroom · Paris La Défense but is not in the register');
  });

  it('two rooms of one name in one site read apart by their buildings in the report, its CSV and the findings', async () => {
    const plan = await create(api, '/api/v1/audit-plans', { name: 'Room 101 of B', scopeLocationId: ref.roomB.id });
    const run = await create(api, `/api/v1/audit-plans/${plan.id}/runs`, undefined);
    const last = (await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/items`, { tag: ref.inRoomA.tag, method: 'scan', locationId: ref.roomB.id })).body;
    await ok(api, 'POST', `/api/v1/audit-runs/${run.id}/close`, {}, { 'if-match': `"${last.run.version}"` });

    const report = (await ok(api, 'GET', `/api/v1/audit-runs/${run.id}/report`)).body;
    expect(report.items.find((i: any) => i.tag === ref.inRoomA.tag)).toMatchObject({
      result: 'unexpected', foundLocation: 'Room 101 · Building B · Berlin Mitte', registeredLocation: 'Room 101 · Building A · Berlin Mitte',
    });
    const csv = await api.app.inject({ method: 'GET', url: `/api/v1/audit-runs/${run.id}/report.csv`, headers: { authorization: `Bearer ${api.adminToken}` } });
    expect(csv.body).toContain(`${ref.inRoomA.tag},Lives in room 101 of A,Not expected,no,,Room 101 · Building B · Berlin Mitte,Room 101 · Building A · Berlin Mitte,scan,`);
    const findings = (await ok(api, 'GET', `/api/v1/discrepancies?auditRunId=${run.id}&limit=50`)).body.items;
    expect(findings.find((d: any) => d.kind === 'audit_unexpected' && d.assetId === ref.inRoomA.id)?.summary)
      .toBe(`${ref.inRoomA.tag} (Lives in room 101 of A) was found in the audit “Room 101 of B” at Room 101 · Building B · Berlin Mitte but was not expected there (the register places it at Room 101 · Building A · Berlin Mitte)`);
  });

  it('lists the places bearing the names of given ones, for pages that name a few places (namesakesOf)', async () => {
    const list = async (query: string) => (await ok(api, 'GET', `/api/v1/locations?limit=100&${query}`)).body.items.map((l: any) => l.id).sort();
    expect(await list(`namesakesOf=${ref.roomA.id}`)).toEqual([ref.roomA.id, ref.roomB.id].sort());
    expect(await list(`namesakesOf=${ref.roomB.id},${ref.berlinStock.id}`)).toEqual([ref.roomA.id, ref.roomB.id, ref.berlinStock.id, ref.parisStock.id].sort());
    expect(await list('namesakesOf=00000000-0000-7000-8000-000000000000')).toEqual([]);
    await refuse(api, 400, 'INVALID_QUERY', 'GET', `/api/v1/locations?namesakesOf=${ref.roomA.id},not-an-id`);
  });
});
