import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, systemContext, takeDataQualitySnapshot } from '@custodia/core';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, expectProblem, ok, refuse, uniq } from './support/http.js';
import { franceAndGermany } from './support/places.js';

/** The trend's figures, in the dashboard's order, as the dashboard names them. */
const FIGURES = {
  in_use_without_assignee: 'inUseWithoutAssignee', assigned_to_inactive: 'assignedToInactive', no_location: 'withoutLocation', never_verified: 'neverVerified',
  verification_overdue: 'verificationOverdue', missing_required: 'missingRequired', no_proof_of_purchase: 'noProofOfPurchase',
} as const;

/**
 * The dashboard's data-quality figures over time (practice guide: quality continually reviewed and improved): the
 * snapshot the server takes hourly records, per owner org unit, what the dashboard shows at that moment; taken again
 * the same day it replaces that day's figures; GET /api/v1/reports/data-quality/trend sums the units of the reader's
 * scope. The organisation is in Sydney: its day starts at 13:00 UTC in December.
 */
describe.each(ENGINES)('data-quality trend ($name)', (engine) => {
  let api: TestApi;
  let job: Context;
  const ref: Record<string, any> = {};
  let now = new Date('2026-12-01T01:00:00Z');
  const at = (instant: string) => { now = new Date(instant); };
  const trend = async (query = '', auth?: Record<string, string>) => (await ok(api, 'GET', `/api/v1/reports/data-quality/trend${query}`, undefined, auth)).body;
  const rows = async () => Number((await api.db.db.selectFrom('data_quality_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  /** The dashboard's figures for a reader, named as the trend names them, with the assets they count. */
  const dashboard = async (auth?: Record<string, string>) => {
    const d = (await ok(api, 'GET', '/api/v1/reports/dashboard', undefined, auth)).body;
    const shown: Record<string, number> = { ...d, missingRequired: d.missingRequiredAttributes.total };
    return Object.fromEntries(Object.entries(FIGURES).map(([key, field]) => [key, { count: shown[field], assets: d.total }]));
  };
  const dayOf = (t: any, day: string) => t.days.find((d: any) => d.day === day);
  const figuresOf = (t: any, day: string) => Object.fromEntries(dayOf(t, day).figures.map((f: any) => [f.key, { count: f.count, assets: f.assets }]));
  const edit = async (url: string, body: unknown) => {
    const current = await ok(api, 'GET', url);
    return ok(api, 'PATCH', url, body, { 'if-match': etag(current) });
  };

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => now, timeZone: 'Australia/Sydney' });
    job = systemContext(api.db, 'job', 'job:data-quality', () => now, 'Australia/Sydney');
    const types = await assetTypes(api);
    Object.assign(ref, await franceAndGermany(api));
    const laptop = types['laptop'];
    await edit(`/api/v1/asset-types/${laptop.id}`, { attributeSchema: [...laptop.attributeSchema, { key: 'cost_centre', label: 'Cost centre', type: 'text', required: false }] });
    ref.amelie = await create(api, '/api/v1/people', { name: 'Amélie', orgUnitId: ref.fr.id });
    ref.leaver = await create(api, '/api/v1/people', { name: 'Bruno', orgUnitId: ref.fr.id });
    const asset = (body: Record<string, unknown>) => create(api, '/api/v1/assets', { assetTypeId: laptop.id, ...body });
    ref.a1 = await asset({ name: 'FR assigned', ownerOrgUnitId: ref.fr.id, stage: 'in_use', assignedPersonId: ref.amelie.id, locationId: ref.paris.id, lastVerifiedOn: '2026-06-01', attributes: { cost_centre: 'CC-1' } });
    ref.a2 = await asset({ name: 'FR unassigned', ownerOrgUnitId: ref.fr.id, stage: 'in_use', locationId: ref.paris.id, lastVerifiedOn: '2025-11-01' });
    ref.a3 = await asset({ name: 'FR leaver\'s', ownerOrgUnitId: ref.fr.id, stage: 'in_use', assignedPersonId: ref.leaver.id, invoiceReference: 'INV-7' });
    ref.s1 = await asset({ name: 'Ventes spare', ownerOrgUnitId: ref.frSales.id, stage: 'in_stock', locationId: ref.parisFloor.id });
    ref.b1 = await asset({ name: 'DE spare', ownerOrgUnitId: ref.de.id, stage: 'in_stock', locationId: ref.berlin.id, lastVerifiedOn: '2026-11-20' });
    ref.b2 = await asset({ name: 'DE unassigned', ownerOrgUnitId: ref.de.id, stage: 'in_use' });
    ref.c1 = await asset({ name: 'Unowned', stage: 'in_stock' });
    // The cost centre becomes required (a1 alone has one), and Bruno leaves with his laptop.
    const current = await ok(api, 'GET', `/api/v1/asset-types/${laptop.id}`);
    await ok(api, 'PATCH', `/api/v1/asset-types/${laptop.id}`, { attributeSchema: current.body.attributeSchema.map((f: any) => (f.key === 'cost_centre' ? { ...f, required: true } : f)) }, { 'if-match': etag(current) });
    await edit(`/api/v1/people/${ref.leaver.id}`, { active: false });
    ref.fra = await api.user(uniq('owner-fr'), [{ role: 'asset_owner', orgUnitId: ref.fr.id }]);
    ref.deu = await api.user(uniq('owner-de'), [{ role: 'asset_owner', orgUnitId: ref.de.id }]);
  }, 120_000);
  afterAll(async () => api?.close());

  it('records per owner unit what the dashboard shows at that moment, and nothing before the first snapshot', async () => {
    // Before any snapshot: no day, whatever the window.
    expect(await trend()).toMatchObject({ today: '2026-12-01', timeZone: 'Australia/Sydney', from: '2026-09-03', days: [] });
    expect(await takeDataQualitySnapshot(job)).toEqual({ day: '2026-12-01', units: 4, assets: 7 });
    // Seven figures for each of France, Ventes, Germany and the assets of no unit.
    expect(await rows()).toBe(4 * 7);
    const t = await trend();
    expect(t.figures.map((f: any) => f.key)).toEqual(Object.keys(FIGURES));
    expect(t.days.map((d: any) => d.day)).toEqual(['2026-12-01']);
    expect(figuresOf(t, '2026-12-01')).toEqual(await dashboard());
    // The figures are the ones this register holds, not only equal ones.
    expect(figuresOf(t, '2026-12-01')).toMatchObject({
      in_use_without_assignee: { count: 2, assets: 7 }, assigned_to_inactive: { count: 1 }, no_location: { count: 3 }, never_verified: { count: 4 },
      verification_overdue: { count: 1 }, missing_required: { count: 6 }, no_proof_of_purchase: { count: 6 },
    });
  });

  it('sums only the units of a scoped reader\'s subtree, as their dashboard does; the assets of no unit only organisation-wide', async () => {
    const fr = await trend('', ref.fra.auth);
    expect(figuresOf(fr, '2026-12-01')).toEqual(await dashboard(ref.fra.auth));
    // France with Ventes below it: four assets, a3 its leaver's, a2 unassigned.
    expect(figuresOf(fr, '2026-12-01')).toMatchObject({ in_use_without_assignee: { count: 1, assets: 4 }, assigned_to_inactive: { count: 1, assets: 4 }, no_location: { count: 1 } });
    const de = await trend('', ref.deu.auth);
    expect(figuresOf(de, '2026-12-01')).toEqual(await dashboard(ref.deu.auth));
    expect(figuresOf(de, '2026-12-01')).toMatchObject({ in_use_without_assignee: { count: 1, assets: 2 }, assigned_to_inactive: { count: 0, assets: 2 }, no_location: { count: 1 } });
    // Neither sees the unowned asset; the whole organisation does.
    const all = figuresOf(await trend(), '2026-12-01');
    expect(all['no_location']).toEqual({ count: 3, assets: 7 });
    expect(figuresOf(fr, '2026-12-01')['no_location']!.count + figuresOf(de, '2026-12-01')['no_location']!.count).toBe(2);
  });

  it('taken again the same day replaces that day\'s figures, never adds to them', async () => {
    // Later the same day in Sydney (still 1 December there): the unowned asset goes to Germany and gets a location.
    at('2026-12-01T12:59:00Z');
    await edit(`/api/v1/assets/${ref.c1.id}`, { ownerOrgUnitId: ref.de.id, locationId: ref.berlin.id });
    expect(await takeDataQualitySnapshot(job)).toEqual({ day: '2026-12-01', units: 3, assets: 7 });
    // Two servers taking it at the same moment.
    await Promise.all([takeDataQualitySnapshot(job), takeDataQualitySnapshot(job)]);
    // One row per unit and figure of the day: the rows of no unit went with the last asset that had none.
    expect(await rows()).toBe(3 * 7);
    const t = await trend();
    expect(t.days).toHaveLength(1);
    expect(figuresOf(t, '2026-12-01')).toEqual(await dashboard());
    expect(figuresOf(t, '2026-12-01')['no_location']).toEqual({ count: 2, assets: 7 });
    expect(figuresOf(await trend('', ref.deu.auth), '2026-12-01')['no_location']).toEqual({ count: 1, assets: 3 });
    // The database holds one row per day, unit and figure, the assets of no unit included.
    const row = (orgUnitId: string | null) => ({ day: '2026-11-30', org_unit_id: orgUnitId, figure: 'no_location', flagged: 1, assets: 1, taken_at: now.toISOString() });
    await api.db.db.insertInto('data_quality_snapshots').values([row(null), row(ref.de.id)]).execute();
    await expect(api.db.db.insertInto('data_quality_snapshots').values(row(null)).execute()).rejects.toThrow();
    await expect(api.db.db.insertInto('data_quality_snapshots').values(row(ref.de.id)).execute()).rejects.toThrow();
    await api.db.db.deleteFrom('data_quality_snapshots').where('day', '=', '2026-11-30').execute();
  });

  it('records each day of the organisation\'s zone apart, oldest first, within the window asked', async () => {
    // 13:00 UTC is midnight in Sydney: 2 December there.
    at('2026-12-01T13:00:00Z');
    await edit(`/api/v1/assets/${ref.b2.id}`, { locationId: ref.berlin.id });
    expect((await takeDataQualitySnapshot(job)).day).toBe('2026-12-02');
    at('2026-12-09T02:00:00Z');
    await takeDataQualitySnapshot(job);
    expect(await rows()).toBe(3 * 3 * 7);
    const t = await trend();
    expect(t.days.map((d: any) => d.day)).toEqual(['2026-12-01', '2026-12-02', '2026-12-09']);
    expect(t.days.map((d: any) => d.figures.find((f: any) => f.key === 'no_location').count)).toEqual([2, 1, 1]);
    expect(figuresOf(t, '2026-12-09')).toEqual(await dashboard());
    // Seven days, today last: 3 to 9 December.
    const week = await trend('?days=7');
    expect(week).toMatchObject({ today: '2026-12-09', from: '2026-12-03' });
    expect(week.days.map((d: any) => d.day)).toEqual(['2026-12-09']);
    expect((await trend('?days=366')).from).toBe('2025-12-09');
    // A reader whose units had no assets on a day still reads that day, as zeros.
    const ventes = await api.user(uniq('owner-ventes'), [{ role: 'asset_owner', orgUnitId: ref.frSales.id }]);
    await api.db.db.deleteFrom('data_quality_snapshots').where('day', '=', '2026-12-02').where('org_unit_id', '=', ref.frSales.id).execute();
    const v = await trend('', ventes.auth);
    expect(v.days.map((d: any) => d.day)).toEqual(['2026-12-01', '2026-12-02', '2026-12-09']);
    expect(figuresOf(v, '2026-12-02')['no_location']).toEqual({ count: 0, assets: 0 });
    expect(figuresOf(v, '2026-12-09')['no_location']).toEqual({ count: 0, assets: 1 });
  });

  it('refuses a number of days outside 7–366, or an unknown parameter, with 400 and writes nothing; reading takes no snapshot', async () => {
    const before = await rows();
    for (const query of ['days=6', 'days=367', 'days=0', 'days=-7', 'days=7.5', 'days=week', 'days=']) {
      await refuse(api, 400, 'INVALID_QUERY', 'GET', `/api/v1/reports/data-quality/trend?${query}`);
    }
    await refuse(api, 400, 'FILTER_FIELD_NOT_ALLOWED', 'GET', '/api/v1/reports/data-quality/trend?months=3');
    at('2026-12-10T02:00:00Z');
    expect((await trend()).days.map((d: any) => d.day)).not.toContain('2026-12-10');
    expect(await rows()).toBe(before);
  });

  it('needs assets.read, as the dashboard does', async () => {
    const consumer = await api.user(uniq('consumer'), [{ role: 'asset_consumer', orgUnitId: null }]);
    expectProblem(await api.call('GET', '/api/v1/reports/data-quality/trend', undefined, consumer.auth), 403, 'FORBIDDEN');
  });
});
