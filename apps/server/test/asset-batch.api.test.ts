import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, refused, uniq } from './support/http.js';

/**
 * Receiving a delivery: one asset per serial on a shared template (type, model, purchase, supplier, warranty), all
 * registered in one transaction or none, with every failing item named by its position.
 */
describe.each(ENGINES)('registering a batch of assets ($name)', (engine) => {
  let api: TestApi;
  const ref: Record<string, any> = {};
  const batch = (body: unknown, headers?: Record<string, string>) => api.call('POST', '/api/v1/assets/batch', body, headers);

  beforeAll(async () => {
    api = await startApi(engine);
    const types = await assetTypes(api);
    ref.laptop = types['laptop'];
    ref.inside = await create(api, '/api/v1/org-units', { name: uniq('Inside'), kind: 'country' });
    ref.outside = await create(api, '/api/v1/org-units', { name: uniq('Outside'), kind: 'country' });
    ref.supplier = await create(api, '/api/v1/suppliers', { name: uniq('Delivery supplier') });
    ref.template = {
      assetTypeId: ref.laptop.id, name: 'ThinkPad T14 Gen 5', supplierId: ref.supplier.id, ownerOrgUnitId: ref.inside.id, purchaseDate: '2026-11-20',
      purchaseCostMinor: 134900, purchaseCurrency: 'EUR', orderReference: 'PO-9001', warrantyEnd: '2029-11-19', attributes: { cpu: 'Ultra 7 155U', ram_gb: 32 },
    };
    ref.scoped = (await api.user(uniq('clerk-in'), [{ role: 'custodian', orgUnitId: ref.inside.id }])).auth;
    ref.reader = (await api.user(uniq('reader'), [{ role: 'it_asset_analyst' }])).auth;
  });
  afterAll(async () => { await api.close(); });

  it('a dry run shows the tags the delivery would take and writes nothing; the real run registers every asset with its history', async () => {
    const items = [{ serial: 'PF-B-0001' }, { serial: 'PF-B-0002', attributes: { ram_gb: 64 } }, { serial: 'PF-B-0003', tag: 'LAP-SPECIAL-1', name: 'ThinkPad T14 (loan pool)' }];
    const before = await api.db.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const preview = await ok(api, 'POST', '/api/v1/assets/batch', { template: ref.template, items, dryRun: true });
    expect(preview.body.applied).toBe(false);
    expect(preview.body.results.map((r: any) => r.ok)).toEqual([true, true, true]);
    const previewTags = preview.body.results.map((r: any) => r.tag);
    expect(previewTags[0]).toMatch(/^LAP-\d{6}$/);
    expect(previewTags[2]).toBe('LAP-SPECIAL-1');
    expect(await api.db.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before);

    const done = await ok(api, 'POST', '/api/v1/assets/batch', { template: ref.template, items, reason: 'Delivery note DN-77' });
    expect(done.body.applied).toBe(true);
    // The dry run took no number from the tag counter: the delivery gets the tags it previewed.
    expect(done.body.results.map((r: any) => r.tag)).toEqual(previewTags);
    const rows = await api.db.db.selectFrom('assets').selectAll().where('id', 'in', done.body.results.map((r: any) => r.id)).orderBy('serial').execute();
    expect(rows.map((r) => [r.serial, r.name, r.supplier_id, r.order_reference, Number(r.purchase_cost_minor), r.warranty_end, r.stage])).toEqual([
      ['PF-B-0001', 'ThinkPad T14 Gen 5', ref.supplier.id, 'PO-9001', 134900, '2029-11-19', 'in_stock'],
      ['PF-B-0002', 'ThinkPad T14 Gen 5', ref.supplier.id, 'PO-9001', 134900, '2029-11-19', 'in_stock'],
      ['PF-B-0003', 'ThinkPad T14 (loan pool)', ref.supplier.id, 'PO-9001', 134900, '2029-11-19', 'in_stock'],
    ]);
    const second = (await ok(api, 'GET', `/api/v1/assets/${done.body.results[1].id}`)).body;
    expect(second.attributes).toMatchObject({ cpu: 'Ultra 7 155U', ram_gb: 64 });
    const history = (await ok(api, 'GET', `/api/v1/assets/${done.body.results[0].id}/history`)).body.items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', reason: 'Delivery note DN-77' });
  });

  it('one bad item and nothing is registered: the report names each failing item by position', async () => {
    const items = [
      { serial: 'PF-C-0001' },
      { serial: 'PF-B-0001' },                      // registered by the previous delivery
      { serial: 'PF-C-0003', attributes: { ram_gb: 'lots' } },
      { serial: 'PF-C-0001' },                      // twice in this batch
      { serial: 'PF-C-0005' },
    ];
    const res = await refused(api, () => batch({ template: ref.template, items }), 422, 'VALIDATION_FAILED');
    expect(res.body.detail).toBe('No asset was registered: 3 of 5 items failed');
    const results = res.body.results;
    expect(results.map((r: any) => r.ok)).toEqual([true, false, false, false, true]);
    expect(results[1].errors[0]).toMatchObject({ field: 'serial' });
    expect(results[2].errors[0]).toMatchObject({ field: 'attributes.ram_gb' });
    expect(results[3].errors[0]).toMatchObject({ field: 'serial' });
    expect(await api.db.db.selectFrom('assets').select('id').where('serial', '=', 'PF-C-0005').executeTakeFirst()).toBeUndefined();
  });

  it('refuses malformed batches before any work, writing nothing', async () => {
    await refused(api, () => batch({ template: ref.template, items: [] }), 422);
    await refused(api, () => batch({ template: ref.template, items: Array.from({ length: 501 }, (_, i) => ({ serial: `X-${i}` })) }), 422);
    await refused(api, () => batch({ template: ref.template, items: [{ serial: 'Y-1', stage: 'disposed' }] }), 422, 'UNKNOWN_FIELD');
    await refused(api, () => batch({ template: { ...ref.template, tag: 'LAP-ONE-FOR-ALL' }, items: [{ serial: 'Y-2' }] }), 422, 'UNKNOWN_FIELD');
    await refused(api, () => batch({ template: { ...ref.template, stage: 'disposed' }, items: [{ serial: 'Y-3' }] }), 422, 'VALIDATION_FAILED');
  });

  it('scope and permission: an org unit outside the caller\'s grant is refused as an unknown one (as for one asset), a reader gets 403; nothing is written', async () => {
    const mine = await ok(api, 'POST', '/api/v1/assets/batch', { template: ref.template, items: [{ serial: 'PF-D-0001' }] }, ref.scoped);
    expect(mine.body.applied).toBe(true);
    const outside = await refused(api, () => batch({ template: { ...ref.template, ownerOrgUnitId: ref.outside.id }, items: [{ serial: 'PF-D-0002' }] }, ref.scoped), 422, 'VALIDATION_FAILED');
    expect(outside.body.results[0].errors[0]).toEqual({ field: 'ownerOrgUnitId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown org unit' });
    const single = await api.call('POST', '/api/v1/assets', { ...ref.template, ownerOrgUnitId: ref.outside.id, serial: 'PF-D-0002' }, ref.scoped);
    expect(single.body.errors[0]).toEqual(outside.body.results[0].errors[0]);
    await refused(api, () => batch({ template: ref.template, items: [{ serial: 'PF-D-0003' }] }, ref.reader), 403, 'FORBIDDEN');
  });
});
