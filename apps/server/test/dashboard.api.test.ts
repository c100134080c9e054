import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, expectProblem, ok, uniq, walk } from './support/http.js';
import { franceAndGermany } from './support/places.js';

/**
 * GET /api/v1/reports/dashboard on a small register whose every figure is known: counts by stage, type and root
 * location, the data-quality counts, the recent changes; a scoped grant sees only its subtree; no assets.read → 403.
 */
describe.each(ENGINES)('dashboard ($name)', (engine) => {
  let api: TestApi;
  const ref: Record<string, any> = {};
  // Each reading of the clock is one second later, so "recently changed" has a definite order. Today: 2026-12-01.
  let t = Date.parse('2026-12-01T08:00:00Z');
  const clock = () => new Date((t += 1000));

  const byKey = <T extends Record<string, any>>(items: T[], key: keyof T) => Object.fromEntries(items.map((i) => [i[key] ?? 'none', i.count]));

  beforeAll(async () => {
    api = await startApi(engine, { clock });
    const types = await assetTypes(api);
    ref.types = types;
    Object.assign(ref, await franceAndGermany(api));
    ref.person = await create(api, '/api/v1/people', { name: 'Amélie', orgUnitId: ref.fr.id });

    // The laptop type gains an optional cost centre; one laptop has it; later it becomes required.
    const laptop = types['laptop'];
    const schema = [...laptop.attributeSchema, { key: 'cost_centre', label: 'Cost centre', type: 'text' }];
    const patched = await api.call('PATCH', `/api/v1/asset-types/${laptop.id}`, { attributeSchema: schema }, { 'if-match': `"${laptop.version}"` });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);

    const asset = (body: Record<string, unknown>) => create(api, '/api/v1/assets', body);
    const L = laptop.id;
    const LIC = types['software_licence'].id;
    ref.a1 = await asset({ name: 'FR laptop assigned', assetTypeId: L, ownerOrgUnitId: ref.fr.id, stage: 'in_use', assignedPersonId: ref.person.id, locationId: ref.parisFloor.id, lastVerifiedOn: '2026-06-01', attributes: { cost_centre: 'CC-1' } });
    ref.a2 = await asset({ name: 'FR laptop unassigned', assetTypeId: L, ownerOrgUnitId: ref.fr.id, stage: 'in_use', locationId: ref.paris.id, lastVerifiedOn: '2025-11-30' });
    ref.a3 = await asset({ name: 'FR sales spare', assetTypeId: L, ownerOrgUnitId: ref.frSales.id, stage: 'in_stock' });
    ref.a4 = await asset({ name: 'FR licence', assetTypeId: LIC, ownerOrgUnitId: ref.fr.id, stage: 'allocated', lastVerifiedOn: '2025-12-01', attributes: { product: 'Office' } });
    ref.b1 = await asset({ name: 'DE laptop', assetTypeId: L, ownerOrgUnitId: ref.de.id, stage: 'in_stock', locationId: ref.berlin.id });
    ref.b2 = await asset({ name: 'DE phone', assetTypeId: types['phone'].id, ownerOrgUnitId: ref.de.id, stage: 'in_use', locationId: ref.berlin.id, lastVerifiedOn: '2026-11-01' });
    ref.b3 = await asset({ name: 'DE licence', assetTypeId: LIC, ownerOrgUnitId: ref.de.id, stage: 'available', lastVerifiedOn: '2026-01-01', attributes: { product: 'Visio' } });
    ref.c1 = await asset({ name: 'Unowned laptop', assetTypeId: L, stage: 'planning' });

    const current = await ok(api, 'GET', `/api/v1/asset-types/${laptop.id}`);
    const required = current.body.attributeSchema.map((f: any) => (f.key === 'cost_centre' ? { ...f, required: true } : f));
    const again = await api.call('PATCH', `/api/v1/asset-types/${laptop.id}`, { attributeSchema: required }, { 'if-match': etag(current) });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    // Data from before a rule, or from elsewhere: a licence whose product is stored as null.
    await api.db.db.updateTable('assets').set({ attributes: JSON.stringify({ product: null }) }).where('id', '=', ref.b3.id).execute();
    // The last change: a1 is edited.
    const edited = await api.call('PATCH', `/api/v1/assets/${ref.a1.id}`, { notes: 'Checked' }, { 'if-match': `"${ref.a1.version}"` });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  });
  afterAll(async () => { await api.close(); });

  it('counts the whole register for an organisation-wide reader', async () => {
    const d = (await ok(api, 'GET', '/api/v1/reports/dashboard')).body;
    expect(d.today).toBe('2026-12-01');
    expect(d.total).toBe(8);
    expect(byKey(d.byStage, 'stage')).toEqual({ in_use: 3, in_stock: 2, allocated: 1, available: 1, planning: 1 });
    expect(d.byStage[0]).toEqual({ stage: 'in_use', name: 'Assigned / in use', kind: 'in_use', count: 3 });
    expect(d.byStage.find((s: any) => s.stage === 'allocated')).toMatchObject({ name: 'Allocated', kind: 'in_use' });
    expect(d.byType).toEqual([
      { assetTypeId: ref.types['laptop'].id, name: 'Laptop', count: 5 },
      { assetTypeId: ref.types['software_licence'].id, name: 'Software licence', count: 2 },
      { assetTypeId: ref.types['phone'].id, name: 'Mobile phone', count: 1 },
    ]);
    expect(d.byLocation).toEqual([
      { locationId: null, name: null, count: 4 },
      { locationId: ref.berlin.id, name: 'Berlin', count: 2 },
      { locationId: ref.paris.id, name: 'Paris', count: 2 },
    ]);
    expect(d.inUseStages).toEqual(expect.arrayContaining(['in_use', 'allocated']));
    expect(d).toMatchObject({ inUseWithoutAssignee: 3, withoutLocation: 4, neverVerified: 3, verificationOverdue: 1, verificationMaxAgeDays: 365 });
    // Acquired (every asset but the one in planning), none with an invoice reference or an invoice attached.
    expect(d.noProofOfPurchase).toBe(7);
    // The figure's links (one per in-use stage, assigned to nobody) list exactly what it counts.
    let listed = 0;
    for (const stage of d.inUseStages) listed += (await ok(api, 'GET', `/api/v1/assets?stage=${stage}&assignee=none&includeTotal=true&limit=1`)).body.total;
    expect(listed).toBe(3);
    expect(d.missingRequiredAttributes).toEqual({
      total: 5,
      byType: [
        { assetTypeId: ref.types['laptop'].id, name: 'Laptop', count: 4, fields: [{ key: 'cost_centre', label: 'Cost centre', count: 4 }] },
        { assetTypeId: ref.types['software_licence'].id, name: 'Software licence', count: 1, fields: [{ key: 'product', label: 'Product', count: 1 }] },
      ],
    });
    expect(d.recentlyChanged.map((a: any) => a.id)).toEqual([ref.a1, ref.c1, ref.b3, ref.b2, ref.b1, ref.a4, ref.a3, ref.a2].map((a) => a.id));
    expect(d.recentlyChanged[0]).toEqual({ id: ref.a1.id, tag: ref.a1.tag, name: 'FR laptop assigned', stage: 'in_use', updatedAt: expect.any(String) });
  });

  it('a grant on one org-unit subtree sees only the figures of that subtree', async () => {
    const france = await api.user(uniq('custodian-fr'), [{ role: 'custodian', orgUnitId: ref.fr.id }]);
    const d = (await ok(api, 'GET', '/api/v1/reports/dashboard', undefined, france.auth)).body;
    expect(d.total).toBe(4);
    expect(byKey(d.byStage, 'stage')).toEqual({ in_use: 2, in_stock: 1, allocated: 1 });
    expect(byKey(d.byType, 'name')).toEqual({ Laptop: 3, 'Software licence': 1 });
    expect(d.byLocation).toEqual([{ locationId: null, name: null, count: 2 }, { locationId: ref.paris.id, name: 'Paris', count: 2 }]);
    expect(d).toMatchObject({ inUseWithoutAssignee: 2, withoutLocation: 2, neverVerified: 1, verificationOverdue: 1 });
    expect(d.missingRequiredAttributes).toEqual({ total: 2, byType: [{ assetTypeId: ref.types['laptop'].id, name: 'Laptop', count: 2, fields: [{ key: 'cost_centre', label: 'Cost centre', count: 2 }] }] });
    expect(d.recentlyChanged.map((a: any) => a.id)).toEqual([ref.a1, ref.a4, ref.a3, ref.a2].map((a) => a.id));

    const sales = await api.user(uniq('owner-sales'), [{ role: 'asset_owner', orgUnitId: ref.frSales.id }]);
    const s = (await ok(api, 'GET', '/api/v1/reports/dashboard', undefined, sales.auth)).body;
    expect(s).toMatchObject({ total: 1, inUseWithoutAssignee: 0, withoutLocation: 1, neverVerified: 1, verificationOverdue: 0 });
    expect(s.recentlyChanged.map((a: any) => a.id)).toEqual([ref.a3.id]);
  });

  it('each data-quality figure leads to exactly the assets it counts (register quality=…), within the reader\'s scope', async () => {
    const france = await api.user(uniq('custodian-fr-q'), [{ role: 'custodian', orgUnitId: ref.fr.id }]);
    for (const auth of [undefined, france.auth]) {
      const d = (await ok(api, 'GET', '/api/v1/reports/dashboard', undefined, auth)).body;
      const listed = async (query: string) => (await walk(api, `/api/v1/assets?${query}&limit=2`, auth)).items.map((a: any) => a.id).sort();
      const figures: [string, number][] = [
        ['no_location', d.withoutLocation], ['never_verified', d.neverVerified], ['verification_overdue', d.verificationOverdue], ['missing_required', d.missingRequiredAttributes.total],
        ['no_proof_of_purchase', d.noProofOfPurchase],
      ];
      for (const [check, count] of figures) expect((await listed(`quality=${check}`)).length, check).toBe(count);
      for (const t of d.missingRequiredAttributes.byType) expect((await listed(`quality=missing_required&typeId=${t.assetTypeId}`)).length).toBe(t.count);
    }
    // Organisation-wide, asset by asset: the laptops without a cost centre and the licence whose product is null.
    expect((await walk(api, '/api/v1/assets?quality=missing_required&limit=50')).items.map((a: any) => a.name).sort())
      .toEqual(['DE laptop', 'DE licence', 'FR laptop unassigned', 'FR sales spare', 'Unowned laptop']);
    expect((await walk(api, '/api/v1/assets?quality=verification_overdue&limit=50')).items.map((a: any) => a.name)).toEqual(['FR laptop unassigned']);
    expectProblem(await api.call('GET', '/api/v1/assets?quality=perfect'), 400);
  });

  it('an empty scope gives zeros and empty lists', async () => {
    const empty = await create(api, '/api/v1/org-units', { name: uniq('Empty'), kind: 'country' });
    const user = await api.user(uniq('analyst-empty'), [{ role: 'it_asset_analyst', orgUnitId: empty.id }]);
    const d = (await ok(api, 'GET', '/api/v1/reports/dashboard', undefined, user.auth)).body;
    expect(d).toMatchObject({
      total: 0, byStage: [], byType: [], byLocation: [], inUseWithoutAssignee: 0, withoutLocation: 0, neverVerified: 0, verificationOverdue: 0,
      missingRequiredAttributes: { total: 0, byType: [] }, noProofOfPurchase: 0, recentlyChanged: [],
    });
  });

  it('is computed again only after a change: a row edited behind Custodia\'s back shows with the next recorded change', async () => {
    const first = (await ok(api, 'GET', '/api/v1/reports/dashboard')).body;
    // No history event: the figures already computed still stand (this is what makes repeated visits cheap).
    await api.db.db.updateTable('assets').set({ location_id: null }).where('id', '=', ref.b1.id).execute();
    const cached = (await ok(api, 'GET', '/api/v1/reports/dashboard')).body;
    expect(cached.withoutLocation).toBe(first.withoutLocation);
    // Any recorded change (here a person's) moves the chain head: the next look counts again, with the edit above too.
    await create(api, '/api/v1/people', { name: uniq('Newcomer'), orgUnitId: ref.de.id });
    const fresh = (await ok(api, 'GET', '/api/v1/reports/dashboard')).body;
    expect(fresh.withoutLocation).toBe(first.withoutLocation + 1);
    // Another scope is another computation, not the organisation's figures.
    const de = await api.user(uniq('analyst-de'), [{ role: 'it_asset_analyst', orgUnitId: ref.de.id }]);
    expect((await ok(api, 'GET', '/api/v1/reports/dashboard', undefined, de.auth)).body.total).toBe(3);
    await api.db.db.updateTable('assets').set({ location_id: ref.berlin.id }).where('id', '=', ref.b1.id).execute();
    await create(api, '/api/v1/people', { name: uniq('Restorer'), orgUnitId: ref.de.id });
  });

  it('counts assets still assigned to people who have left, and the register lists them (assignee=inactive), in scope', async () => {
    const before = (await ok(api, 'GET', '/api/v1/reports/dashboard')).body;
    expect(before.assignedToInactive).toBe(0);
    expect((await ok(api, 'GET', '/api/v1/assets?assignee=inactive')).body.items).toEqual([]);
    // Amélie leaves; the laptop assigned to her is now a leaver's asset to recover.
    const person = (await ok(api, 'GET', `/api/v1/people/${ref.person.id}`));
    expect((await api.call('PATCH', `/api/v1/people/${ref.person.id}`, { active: false }, { 'if-match': etag(person) })).status).toBe(200);
    expect((await ok(api, 'GET', '/api/v1/reports/dashboard')).body.assignedToInactive).toBe(1);
    expect((await ok(api, 'GET', '/api/v1/assets?assignee=inactive&includeTotal=true')).body).toMatchObject({ items: [expect.objectContaining({ id: ref.a1.id })], total: 1 });
    // Someone who sees only Germany sees none of them.
    const de = await api.user(uniq('analyst-de-leavers'), [{ role: 'it_asset_analyst', orgUnitId: ref.de.id }]);
    expect((await ok(api, 'GET', '/api/v1/reports/dashboard', undefined, de.auth)).body.assignedToInactive).toBe(0);
    expect((await ok(api, 'GET', '/api/v1/assets?assignee=inactive', undefined, de.auth)).body.items).toEqual([]);
    expectProblem(await api.call('GET', '/api/v1/assets?assignee=everyone'), 400);
  });

  it('a role without assets.read is refused with 403', async () => {
    for (const role of ['asset_consumer', 'system_administrator']) {
      const user = await api.user(uniq(role), [{ role, orgUnitId: role === 'asset_consumer' ? ref.fr.id : null }]);
      expectProblem(await api.call('GET', '/api/v1/reports/dashboard', undefined, user.auth), 403, 'FORBIDDEN');
    }
    expectProblem(await api.call('GET', '/api/v1/reports/dashboard', undefined, { authorization: '' }), 401);
  });
});
