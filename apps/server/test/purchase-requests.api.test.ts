import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, expectProblem, ok, refuse, uniq, walk } from './support/http.js';

/**
 * Purchase requests with approval (ITIL ITAM Table 2.2, Acquire: "approved requests for procurement"): a requester
 * drafts and submits, someone else approves or rejects, an approved request is ordered (registering its assets on
 * order, linked to it) or cancelled; every change is versioned and recorded; refusals write nothing.
 */
describe.each(ENGINES)('purchase requests ($name)', (engine) => {
  let api: TestApi;
  let unit: any;
  let outside: any;
  let model: any;
  let supplier: any;
  let requester: { accountId: string; auth: Record<string, string> };
  let approver: { accountId: string; auth: Record<string, string> };

  beforeAll(async () => {
    api = await startApi(engine);
    const types = await assetTypes(api);
    unit = await create(api, '/api/v1/org-units', { name: uniq('Finance '), kind: 'department' });
    outside = await create(api, '/api/v1/org-units', { name: uniq('Sales '), kind: 'department' });
    const maker = await create(api, '/api/v1/manufacturers', { name: uniq('Maker ') });
    model = await create(api, '/api/v1/models', { name: uniq('Laptop 14 '), manufacturerId: maker.id, assetTypeId: types['laptop'].id });
    supplier = await create(api, '/api/v1/suppliers', { name: uniq('Reseller ') });
    requester = await api.user(uniq('custodian'), [{ role: 'custodian', orgUnitId: unit.id }]);
    approver = await api.user(uniq('manager'), [{ role: 'it_asset_manager', orgUnitId: unit.id }]);
  });
  afterAll(async () => { await api.close(); });

  const draft = async (extra: Record<string, unknown> = {}, auth = requester.auth) => {
    const res = await api.call('POST', '/api/v1/purchase-requests', {
      orgUnitId: unit.id, modelId: model.id, quantity: 3, unitCostMinor: 129900, currency: 'EUR', justification: 'Three new hires in March', ...extra,
    }, auth);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const act = (id: string, action: string, version: number, body: unknown, auth: Record<string, string>) =>
    api.call('POST', `/api/v1/purchase-requests/${id}/${action}`, body, { ...auth, 'if-match': `"${version}"` });
  const acted = async (id: string, action: string, version: number, body: unknown, auth: Record<string, string>) => {
    const res = await act(id, action, version, body, auth);
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const submitted = async (extra: Record<string, unknown> = {}) => { const d = await draft(extra); return acted(d.id, 'submit', d.version, {}, requester.auth); };
  const approved = async (extra: Record<string, unknown> = {}) => { const s = await submitted(extra); return acted(s.id, 'approve', s.version, { reason: 'Budgeted' }, approver.auth); };
  const history = async (id: string) => (await ok(api, 'GET', `/api/v1/purchase-requests/${id}/history?limit=50`)).body.items as any[];

  it('the whole flow: draft, edit, submit, approve, order registers the assets on order, linked, with their history', async () => {
    const d = await draft();
    expect(d).toMatchObject({ status: 'draft', quantity: 3, estimatedTotalMinor: 389700, requester: { id: requester.accountId }, orgUnit: { id: unit.id }, model: { id: model.id }, actions: ['submit', 'withdraw'], version: 1 });
    const edited = await api.call('PATCH', `/api/v1/purchase-requests/${d.id}`, { quantity: 2, supplierId: supplier.id, neededBy: '2099-03-01' }, { ...requester.auth, 'if-match': '"1"' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ quantity: 2, supplier: { id: supplier.id }, neededBy: '2099-03-01', version: 2 });
    expect(etag(edited)).toBe('"2"');

    const s = await acted(d.id, 'submit', 2, {}, requester.auth);
    expect(s).toMatchObject({ status: 'submitted', submittedAt: expect.any(String), actions: ['withdraw'] });
    // The approver sees it with the decisions open to them.
    const seen = await ok(api, 'GET', `/api/v1/purchase-requests/${d.id}`, undefined, approver.auth);
    expect(seen.body.actions).toEqual(['approve', 'reject']);
    expect(etag(seen)).toBe('"3"');
    const a = await acted(d.id, 'approve', 3, { reason: 'Within the Q1 budget' }, approver.auth);
    expect(a).toMatchObject({ status: 'approved', decidedBy: { id: approver.accountId }, decisionNote: 'Within the Q1 budget', actions: ['order', 'cancel'] });

    const o = await acted(d.id, 'order', 4, { orderReference: 'PO-2026-0042', purchaseDate: '2026-11-30', unitCostMinor: 124900 }, approver.auth);
    expect(o).toMatchObject({ status: 'ordered', orderReference: 'PO-2026-0042', supplier: { id: supplier.id }, orderedAt: expect.any(String), actions: [] });
    expect(o.assets).toHaveLength(2);
    for (const link of o.assets) {
      const asset = (await ok(api, 'GET', `/api/v1/assets/${link.id}`)).body;
      expect(asset).toMatchObject({ tag: link.tag, stage: 'on_order', modelId: model.id, ownerOrgUnitId: unit.id, orderReference: 'PO-2026-0042', supplierId: supplier.id, purchaseCostMinor: 124900, purchaseCurrency: 'EUR', purchaseDate: '2026-11-30' });
      const created = (await ok(api, 'GET', `/api/v1/assets/${link.id}/history`)).body.items.at(-1);
      expect(created).toMatchObject({ action: 'create', reason: `Ordered on purchase order PO-2026-0042 (purchase request ${d.id})` });
    }
    // The request's history: every step, the order naming its assets, in the order's request.
    const events = await history(d.id);
    expect(events.map((e) => [e.action, e.changes.status?.after ?? null])).toEqual([
      ['transition', 'ordered'], ['transition', 'approved'], ['transition', 'submitted'], ['update', null], ['create', 'draft'],
    ]);
    expect(events[0].changes.assets.after).toEqual(o.assets);
    expect(events[1]).toMatchObject({ changes: { decisionNote: { after: 'Within the Q1 budget' } } });
    // Listed by status and by requester.
    const mine = (await ok(api, 'GET', '/api/v1/purchase-requests?requester=me&status=ordered', undefined, requester.auth)).body.items;
    expect(mine.map((i: any) => i.id)).toContain(d.id);
    expect((await ok(api, 'GET', '/api/v1/purchase-requests?requester=me', undefined, approver.auth)).body.items).toEqual([]);
  });

  it('a rejection needs a reason, and tells it; a requester withdraws; an approver cancels', async () => {
    const s = await submitted();
    await refuse(api, 422, 'REJECTION_NEEDS_REASON', 'POST', `/api/v1/purchase-requests/${s.id}/reject`, { reason: '  ' }, { ...approver.auth, 'if-match': `"${s.version}"` });
    await refuse(api, 422, 'REJECTION_NEEDS_REASON', 'POST', `/api/v1/purchase-requests/${s.id}/reject`, {}, { ...approver.auth, 'if-match': `"${s.version}"` });
    const rejected = await acted(s.id, 'reject', s.version, { reason: 'Reuse the returned laptops in stock' }, approver.auth);
    expect(rejected).toMatchObject({ status: 'rejected', decisionNote: 'Reuse the returned laptops in stock', actions: [] });

    const w = await submitted();
    expect(await acted(w.id, 'withdraw', w.version, { reason: 'No longer needed' }, requester.auth)).toMatchObject({ status: 'withdrawn' });
    const d = await draft({ modelId: null, description: 'A 34" curved monitor' });
    expect(await acted(d.id, 'withdraw', d.version, undefined, requester.auth)).toMatchObject({ status: 'withdrawn' });

    const a = await approved();
    expect(await acted(a.id, 'cancel', a.version, { reason: 'Supplier out of stock' }, approver.auth)).toMatchObject({ status: 'cancelled', actions: [] });
    expect((await history(a.id))[0]).toMatchObject({ reason: 'Supplier out of stock', changes: { status: { before: 'approved', after: 'cancelled' } } });
  });

  it('no one decides on their own request; only the requester edits, submits or withdraws; each refusal writes nothing', async () => {
    // The administrator (an IT asset manager too) requests, then tries to approve it.
    const own = await draft({}, {});
    const s = await acted(own.id, 'submit', 1, {}, {});
    expect(s.actions).toEqual(['withdraw']);
    await refuse(api, 403, 'SELF_APPROVAL_NOT_ALLOWED', 'POST', `/api/v1/purchase-requests/${s.id}/approve`, {}, { 'if-match': '"2"' });
    await refuse(api, 403, 'SELF_APPROVAL_NOT_ALLOWED', 'POST', `/api/v1/purchase-requests/${s.id}/reject`, { reason: 'x' }, { 'if-match': '"2"' });
    const a = await acted(s.id, 'approve', 2, {}, approver.auth);
    await refuse(api, 403, 'SELF_APPROVAL_NOT_ALLOWED', 'POST', `/api/v1/purchase-requests/${a.id}/order`, { orderReference: 'PO-1' }, { 'if-match': '"3"' });
    await refuse(api, 403, 'SELF_APPROVAL_NOT_ALLOWED', 'POST', `/api/v1/purchase-requests/${a.id}/cancel`, {}, { 'if-match': '"3"' });

    const d = await draft();
    await refuse(api, 403, 'NOT_REQUESTER', 'POST', `/api/v1/purchase-requests/${d.id}/submit`, {}, { 'if-match': '"1"' });
    await refuse(api, 403, 'NOT_REQUESTER', 'POST', `/api/v1/purchase-requests/${d.id}/withdraw`, {}, { 'if-match': '"1"' });
    await refuse(api, 403, 'NOT_REQUESTER', 'PATCH', `/api/v1/purchase-requests/${d.id}`, { quantity: 9 }, { 'if-match': '"1"' });
    // The custodian requests but does not approve: the permission is not theirs (403 before the request is read).
    const sub = await acted(d.id, 'submit', 1, {}, requester.auth);
    await refuse(api, 403, 'FORBIDDEN', 'POST', `/api/v1/purchase-requests/${sub.id}/approve`, {}, { ...requester.auth, 'if-match': '"2"' });
  });

  it('each status allows only its own moves (409), a stale If-Match is 412 and a missing one 428, and none writes', async () => {
    const s = await submitted();
    await refuse(api, 409, 'REQUEST_NOT_DRAFT', 'PATCH', `/api/v1/purchase-requests/${s.id}`, { quantity: 5 }, { ...requester.auth, 'if-match': `"${s.version}"` });
    await refuse(api, 409, 'REQUEST_NOT_DRAFT', 'POST', `/api/v1/purchase-requests/${s.id}/submit`, {}, { ...requester.auth, 'if-match': `"${s.version}"` });
    await refuse(api, 409, 'REQUEST_NOT_APPROVED', 'POST', `/api/v1/purchase-requests/${s.id}/order`, { orderReference: 'PO-9' }, { ...approver.auth, 'if-match': `"${s.version}"` });
    await refuse(api, 409, 'REQUEST_NOT_APPROVED', 'POST', `/api/v1/purchase-requests/${s.id}/cancel`, {}, { ...approver.auth, 'if-match': `"${s.version}"` });
    const a = await acted(s.id, 'approve', s.version, {}, approver.auth);
    await refuse(api, 409, 'REQUEST_NOT_SUBMITTED', 'POST', `/api/v1/purchase-requests/${a.id}/approve`, {}, { ...approver.auth, 'if-match': `"${a.version}"` });
    await refuse(api, 409, 'REQUEST_NOT_PENDING', 'POST', `/api/v1/purchase-requests/${a.id}/withdraw`, {}, { ...requester.auth, 'if-match': `"${a.version}"` });
    // Stale and missing versions.
    await refuse(api, 412, 'VERSION_MISMATCH', 'POST', `/api/v1/purchase-requests/${a.id}/order`, { orderReference: 'PO-9' }, { ...approver.auth, 'if-match': `"${a.version - 1}"` });
    await refuse(api, 428, 'PRECONDITION_REQUIRED', 'POST', `/api/v1/purchase-requests/${a.id}/cancel`, {}, approver.auth);
    const d = await draft();
    await refuse(api, 412, 'VERSION_MISMATCH', 'PATCH', `/api/v1/purchase-requests/${d.id}`, { quantity: 5 }, { ...requester.auth, 'if-match': '"7"' });
    // Bad input on create: no item, a cost without currency, a quantity out of range, a date gone by, an unknown model.
    const body = { orgUnitId: unit.id, quantity: 1, justification: 'x' };
    await refuse(api, 422, undefined, 'POST', '/api/v1/purchase-requests', body, requester.auth);
    await refuse(api, 422, undefined, 'POST', '/api/v1/purchase-requests', { ...body, modelId: model.id, unitCostMinor: 100 }, requester.auth);
    await refuse(api, 422, undefined, 'POST', '/api/v1/purchase-requests', { ...body, modelId: model.id, quantity: 1001 }, requester.auth);
    await refuse(api, 422, undefined, 'POST', '/api/v1/purchase-requests', { ...body, modelId: model.id, quantity: 0 }, requester.auth);
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/purchase-requests', { ...body, modelId: model.id, neededBy: '2020-01-01' }, requester.auth);
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/purchase-requests', { ...body, modelId: '00000000-0000-7000-8000-000000000000' }, requester.auth);
  });

  it('outside the caller\'s scope a request answers 404 to every route, is not listed, and cannot be written there', async () => {
    const theirs = await draft({ orgUnitId: outside.id }, {});
    const sub = await acted(theirs.id, 'submit', 1, {}, {});
    for (const [method, path, body] of [
      ['GET', '', undefined], ['GET', '/history', undefined], ['PATCH', '', { quantity: 2 }], ['POST', '/approve', {}], ['POST', '/reject', { reason: 'x' }], ['POST', '/cancel', {}], ['POST', '/order', { orderReference: 'PO-1' }],
    ] as const) {
      const auth = method === 'PATCH' ? requester.auth : approver.auth;
      await refuse(api, 404, 'NOT_FOUND', method, `/api/v1/purchase-requests/${sub.id}${path}`, body, { ...auth, 'if-match': `"${sub.version}"` });
    }
    expect((await ok(api, 'GET', '/api/v1/purchase-requests?limit=500', undefined, approver.auth)).body.items.map((i: any) => i.id)).not.toContain(sub.id);
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', '/api/v1/purchase-requests', { orgUnitId: outside.id, modelId: model.id, quantity: 1, justification: 'x' }, requester.auth);
    // The org-unit filter keeps a unit and what lies below it.
    const byUnit = (await ok(api, 'GET', `/api/v1/purchase-requests?orgUnitId=${outside.id}&limit=500`)).body.items;
    expect(byUnit.map((i: any) => i.id)).toEqual([sub.id]);
  });

  it('ordering is all or nothing: a refused asset, a missing model or an unknown supplier leaves every table as it was', async () => {
    // A words-only request cannot be ordered without a model; an unknown supplier refuses the order.
    const words = await approved({ modelId: null, description: 'Docking station, any brand' });
    await refuse(api, 422, 'ORDER_NEEDS_MODEL', 'POST', `/api/v1/purchase-requests/${words.id}/order`, { orderReference: 'PO-7' }, { ...approver.auth, 'if-match': `"${words.version}"` });
    const a = await approved();
    await refuse(api, 422, 'REFERENCE_NOT_FOUND', 'POST', `/api/v1/purchase-requests/${a.id}/order`, { orderReference: 'PO-8', supplierId: '00000000-0000-7000-8000-000000000000' }, { ...approver.auth, 'if-match': `"${a.version}"` });
    // The buyer names the model for a words-only request; a request naming its model keeps it.
    const other = await create(api, '/api/v1/models', { name: uniq('Dock '), manufacturerId: model.manufacturerId, assetTypeId: model.assetTypeId });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/purchase-requests/${a.id}/order`, { orderReference: 'PO-8', modelId: other.id }, { ...approver.auth, 'if-match': `"${a.version}"` });
    const o = await acted(words.id, 'order', words.version, { orderReference: 'PO-7', modelId: other.id }, approver.auth);
    expect(o).toMatchObject({ status: 'ordered', model: { id: other.id } });
    expect(o.assets).toHaveLength(3);

    // An asset the batch refuses (the asset type's attributes make one required) refuses the whole order.
    const types = await assetTypes(api);
    const strict = await create(api, '/api/v1/asset-types', {
      key: uniq('strict_'), name: uniq('Strict '), category: 'hardware', lifecycleModelId: types['laptop'].lifecycleModelId, tagPattern: `${uniq('ST').toUpperCase()}-{seq:4}`,
      attributeSchema: [{ key: 'asset_label', label: 'Asset label', type: 'text', required: true }],
    });
    const strictModel = await create(api, '/api/v1/models', { name: uniq('Strict model '), manufacturerId: model.manufacturerId, assetTypeId: strict.id });
    const s = await approved({ modelId: strictModel.id, quantity: 4 });
    const before = await snapshotCounts(api.db);
    const res = await act(s.id, 'order', s.version, { orderReference: 'PO-10' }, approver.auth);
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(res.body.results).toHaveLength(4);
    expect(res.body.results.every((r: any) => !r.ok)).toBe(true);
    expect(await snapshotCounts(api.db)).toEqual(before);
    expect((await ok(api, 'GET', `/api/v1/purchase-requests/${s.id}`)).body).toMatchObject({ status: 'approved', assets: [], orderReference: null });
  });

  it('an asset deleted as registered in error leaves the request, without its link', async () => {
    const a = await approved({ quantity: 1 });
    const o = await acted(a.id, 'order', a.version, { orderReference: 'PO-11' }, approver.auth);
    const res = await api.call('DELETE', `/api/v1/assets/${o.assets[0].id}`, { reason: 'typed twice' }, { 'if-match': '"1"' });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect((await ok(api, 'GET', `/api/v1/purchase-requests/${a.id}`)).body).toMatchObject({ status: 'ordered', assets: [] });
    expect((await history(a.id))[0].changes.assets.after).toEqual(o.assets);
  });

  it('lists page newest first, each request once; a bad cursor is 400', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await draft({}, approver.auth)).id);
    const { pages, items } = await walk(api, '/api/v1/purchase-requests?requester=me&limit=2', approver.auth);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(items.map((i) => i.id).sort()).toEqual([...ids].sort());
    const created = items.map((i) => i.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expectProblem(await api.call('GET', '/api/v1/purchase-requests?cursor=nonsense'), 400, 'INVALID_CURSOR');
  });
});
