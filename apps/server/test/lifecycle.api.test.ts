import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, ok, refuse, refused, uniq } from './support/http.js';

const TODAY = '2026-11-28';
const TOMORROW = '2026-11-29';
/** Not yet begun anywhere at noon UTC on TODAY (time zones reach UTC+14). */
const DAY_AFTER = '2026-11-30';
const decommission = { decommissioned_on: TODAY, decommission_decision: 'dispose', data_handling: 'wiped_per_policy', handling_proof_reference: 'WIPE-1' };
const disposal = { disposed_on: TODAY, disposal_reason: 'obsolete', disposal_method: 'destruction', proof_reference: 'CERT-0042' };

describe.each(ENGINES)('lifecycle ($name)', (engine) => {
  let api: TestApi;
  let types: Record<string, any>;
  let ada: any;
  let bob: any;
  let store: any;
  const laptop = (stage = 'in_stock') => create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: types['laptop'].id, stage });
  /** Runs a transition against the asset's current version and expects success. */
  const step = async (a: { id: string; version: number }, transition: string, evidence: Record<string, unknown> = {}, headers: Record<string, string> = {}, reason?: string) =>
    (await ok(api, 'POST', `/api/v1/assets/${a.id}/transitions`, { transition, evidence, ...(reason ? { reason } : {}) }, { 'if-match': `"${a.version}"`, ...headers })).body;
  const tryStep = (a: { id: string; version: number }, transition: string, evidence: Record<string, unknown>, status: number, code: string) =>
    refuse(api, status, code, 'POST', `/api/v1/assets/${a.id}/transitions`, { transition, evidence }, { 'if-match': `"${a.version}"` });

  beforeAll(async () => {
    api = await startApi(engine, { clock: () => new Date(`${TODAY}T12:00:00.000Z`) });
    types = await assetTypes(api);
    ada = await create(api, '/api/v1/people', { name: 'Ada Lovelace' });
    bob = await create(api, '/api/v1/people', { name: 'Bob Babbage' });
    store = await create(api, '/api/v1/locations', { name: 'Stores', kind: 'room' });
  });
  afterAll(async () => { await api.close(); });

  it('lists the transitions allowed from the current stage, with their fields and what blocks them', async () => {
    const a = await laptop();
    const list = (await ok(api, 'GET', `/api/v1/assets/${a.id}/transitions`)).body.items;
    expect(list.map((t: any) => t.key).sort()).toEqual(['assign', 'decommission', 'place_on_legal_hold', 'report_missing', 'report_stolen', 'send_to_maintenance']);
    const assign = list.find((t: any) => t.key === 'assign');
    expect(assign).toMatchObject({ to: 'in_use', blockedBy: [] });
    expect(assign.fields).toContainEqual(expect.objectContaining({ key: 'assigned_person_id', type: 'person_ref', required: true }));
    const inMaintenance = await step(a, 'send_to_maintenance', { maintenance_reason: 'Broken hinge' });
    const fromMaintenance = (await ok(api, 'GET', `/api/v1/assets/${a.id}/transitions`)).body.items;
    expect(fromMaintenance.find((t: any) => t.key === 'return_to_user').blockedBy).toEqual([{ code: 'LIFECYCLE_GUARD_IS_ASSIGNED', message: expect.any(String) }]);
    expect(fromMaintenance.find((t: any) => t.key === 'return_to_stock').blockedBy).toEqual([]);
    expect(inMaintenance).toMatchObject({ stage: 'maintenance', version: 2 });
    await refuse(api, 404, 'NOT_FOUND', 'GET', '/api/v1/assets/00000000-0000-7000-8000-000000000000/transitions');
  });

  it('performs a transition with evidence and records it in history with actor, source, reason and request id', async () => {
    const a = await laptop();
    const res = await api.call('POST', `/api/v1/assets/${a.id}/transitions`, { transition: 'send_to_maintenance', evidence: { maintenance_reason: 'Battery swelling', ticket_reference: 'RMA-7' }, reason: 'Safety' },
      { 'if-match': '"1"', 'x-request-id': 'req-maint-0001' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ stage: 'maintenance', version: 2 });
    expect(etag(res)).toBe('"2"');
    expect(res.headers['x-request-id']).toBe('req-maint-0001');
    const [event] = (await ok(api, 'GET', `/api/v1/assets/${a.id}/history?limit=1`)).body.items;
    expect(event).toMatchObject({ action: 'transition', actor: 'admin', source: 'api', reason: 'Safety', requestId: 'req-maint-0001', occurredAt: `${TODAY}T12:00:00.000Z` });
    expect(event.changes.transition).toEqual({ before: null, after: 'send_to_maintenance' });
    expect(event.changes.evidence).toEqual({ before: null, after: { maintenance_reason: 'Battery swelling', ticket_reference: 'RMA-7' } });
    expect(event.changes.stage).toEqual({ before: 'in_stock', after: 'maintenance' });
  });

  it('refuses missing, invalid and future-dated evidence with 422 naming the field', async () => {
    const a = await laptop();
    let res = await tryStep(a, 'decommission', { decommissioned_on: TODAY, data_handling: 'wiped_per_policy' }, 422, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'evidence.decommission_decision', code: 'ATTRIBUTE_REQUIRED' }));
    res = await tryStep(a, 'decommission', { ...decommission, decommission_decision: 'transfer' }, 422, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'evidence.transfer_to', code: 'ATTRIBUTE_REQUIRED' }));
    res = await tryStep(a, 'decommission', { ...decommission, handling_proof_reference: undefined }, 422, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'evidence.handling_proof_reference', code: 'ATTRIBUTE_REQUIRED' }));
    res = await tryStep(a, 'decommission', { ...decommission, decommissioned_on: DAY_AFTER }, 422, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'evidence.decommissioned_on', code: 'EVIDENCE_DATE_IN_FUTURE' }));
    res = await tryStep(a, 'decommission', { ...decommission, data_handling: 'shrugged' }, 422, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'evidence.data_handling', code: 'ATTRIBUTE_NOT_IN_OPTIONS' }));
    res = await tryStep(a, 'decommission', { ...decommission, approved_by_ceo: true }, 422, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'evidence.approved_by_ceo', code: 'ATTRIBUTE_UNKNOWN' }));
    res = await tryStep(a, 'assign', { assigned_person_id: '00000000-0000-7000-8000-000000000000' }, 422, 'REFERENCE_NOT_FOUND');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'evidence.assigned_person_id' }));
    await tryStep(a, 'teleport', {}, 422, 'VALIDATION_FAILED');
    await refuse(api, 428, 'PRECONDITION_REQUIRED', 'POST', `/api/v1/assets/${a.id}/transitions`, { transition: 'decommission', evidence: decommission });
  });

  it('refuses a transition not allowed from the current stage (409), including disposal of an assigned asset', async () => {
    const a = await laptop();
    let res = await tryStep(a, 'dispose', disposal, 409, 'LIFECYCLE_TRANSITION_NOT_ALLOWED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ code: 'LIFECYCLE_TRANSITION_NOT_ALLOWED' }));
    const assigned = (await ok(api, 'POST', `/api/v1/assets/${a.id}/assign`, { personId: ada.id }, { 'if-match': '"1"' })).body;
    res = await tryStep(assigned, 'dispose', disposal, 409, 'LIFECYCLE_TRANSITION_NOT_ALLOWED');
    await tryStep(assigned, 'place_on_legal_hold', { hold_reference: 'LH-1' }, 409, 'LIFECYCLE_TRANSITION_NOT_ALLOWED');
  });

  it('refuses a transition whose guard fails (409 LIFECYCLE_GUARD_FAILED)', async () => {
    const key = uniq('guarded_').toLowerCase();
    const model = await create(api, '/api/v1/lifecycle-models', {
      key, name: 'Guarded kit', initialStages: ['stock'],
      stages: [{ key: 'stock', name: 'Stock', kind: 'available' }, { key: 'active', name: 'Active', kind: 'in_use' }, { key: 'gone', name: 'Gone', kind: 'disposed' }],
      transitions: [
        { key: 'hand_out', name: 'Hand out', from: ['stock'], to: 'active', effects: ['start_assignment'], fields: [{ key: 'assigned_person_id', label: 'Person', type: 'person_ref', required: true }] },
        { key: 'dispose', name: 'Dispose', from: ['stock', 'active'], to: 'gone', guards: ['not_assigned'] },
      ],
    });
    const type = await create(api, '/api/v1/asset-types', { key, name: 'Guarded kit', category: 'hardware', lifecycleModelId: model.id, tagPattern: 'GK-{seq:4}' });
    const a = await create(api, '/api/v1/assets', { name: 'Kit', assetTypeId: type.id });
    expect(a).toMatchObject({ tag: 'GK-0001', stage: 'stock', lifecycleModelId: model.id });
    const out = (await ok(api, 'POST', `/api/v1/assets/${a.id}/assign`, { personId: ada.id }, { 'if-match': '"1"' })).body;
    expect(out).toMatchObject({ stage: 'active', assignedPersonId: ada.id });
    const res = await tryStep(out, 'dispose', {}, 409, 'LIFECYCLE_GUARD_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ code: 'LIFECYCLE_GUARD_NOT_ASSIGNED' }));
    const list = (await ok(api, 'GET', `/api/v1/assets/${a.id}/transitions`)).body.items;
    expect(list).toEqual([expect.objectContaining({ key: 'dispose', blockedBy: [expect.objectContaining({ code: 'LIFECYCLE_GUARD_NOT_ASSIGNED' })] })]);
  });

  it('follows in_stock → assign → check-in → decommission → legal hold → reassign from hold, keeping assignment periods', async () => {
    let a = await laptop();
    a = (await ok(api, 'POST', `/api/v1/assets/${a.id}/assign`, { personId: ada.id, expectedReturnDate: '2027-06-30', locationId: store.id }, { 'if-match': '"1"' })).body;
    expect(a).toMatchObject({ stage: 'in_use', assignedPersonId: ada.id, expectedReturnDate: '2027-06-30', locationId: store.id, version: 2 });
    a = (await ok(api, 'POST', `/api/v1/assets/${a.id}/check-in`, { returnedOn: TODAY, condition: 'worn' }, { 'if-match': '"2"' })).body;
    expect(a).toMatchObject({ stage: 'in_stock', assignedPersonId: null, expectedReturnDate: null, version: 3 });
    a = await step(a, 'decommission', { ...decommission, decommission_decision: 'return_to_stock' });
    expect(a.stage).toBe('decommissioned');
    a = await step(a, 'place_on_legal_hold', { hold_reference: 'LIT-2026-17', hold_until: '2027-12-31' });
    expect(a.stage).toBe('legal_hold');
    a = await step(a, 'reassign_from_hold', { release_authority: 'General Counsel', assigned_person_id: bob.id });
    expect(a).toMatchObject({ stage: 'in_use', assignedPersonId: bob.id, version: 6 });
    const periods = (await ok(api, 'GET', `/api/v1/assets/${a.id}/assignments`)).body.items;
    expect(periods).toEqual([
      expect.objectContaining({ personId: bob.id, startedOn: TODAY, endedOn: null, operator: 'admin' }),
      expect.objectContaining({ personId: ada.id, startedOn: TODAY, endedOn: TODAY, expectedReturnDate: '2027-06-30' }),
    ]);
    const history = (await ok(api, 'GET', `/api/v1/assets/${a.id}/history`)).body.items;
    expect(history.map((e: any) => e.changes.transition?.after ?? e.action)).toEqual(['reassign_from_hold', 'place_on_legal_hold', 'decommission', 'check_in', 'assign', 'create']);
    expect(history[3].changes.evidence.after).toMatchObject({ returned_on: TODAY, condition: 'worn' });
  });

  it('disposes with complete evidence; a disposed asset has no way out', async () => {
    let a = await laptop();
    a = await step(a, 'decommission', decommission);
    const res = await tryStep(a, 'dispose', { ...disposal, proof_reference: undefined }, 422, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'evidence.proof_reference', code: 'ATTRIBUTE_REQUIRED' }));
    a = await step(a, 'dispose', disposal);
    expect(a.stage).toBe('disposed');
    expect((await ok(api, 'GET', `/api/v1/assets/${a.id}/transitions`)).body.items).toEqual([]);
    await tryStep(a, 'restock', {}, 409, 'LIFECYCLE_TRANSITION_NOT_ALLOWED');
    await refuse(api, 409, 'ASSET_NOT_AVAILABLE', 'POST', `/api/v1/assets/${a.id}/assign`, { personId: ada.id }, { 'if-match': `"${a.version}"` });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Born disposed', assetTypeId: types['laptop'].id, stage: 'disposed' });
  });

  it('assign and check-in refuse assets that are not available or not assigned', async () => {
    const a = await laptop();
    await refuse(api, 409, 'ASSET_NOT_ASSIGNED', 'POST', `/api/v1/assets/${a.id}/check-in`, { returnedOn: TODAY }, { 'if-match': '"1"' });
    const inactive = await create(api, '/api/v1/people', { name: 'Gone Person', active: false });
    const res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/assign`, { personId: inactive.id }, { 'if-match': '"1"' });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ code: 'PERSON_INACTIVE' }));
    // Registered already assigned to them, one or a batch: refused the same way.
    const born = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Leaver laptop', assetTypeId: types['laptop'].id, stage: 'in_use', assignedPersonId: inactive.id });
    expect(born.body.errors).toEqual([expect.objectContaining({ field: 'assignedPersonId', code: 'PERSON_INACTIVE' })]);
    const batch = await refuse(api, 422, undefined, 'POST', '/api/v1/assets/batch', { template: { name: 'Leaver laptop', assetTypeId: types['laptop'].id, stage: 'in_use', assignedPersonId: inactive.id }, items: [{ serial: 'LEAVER-1' }] });
    expect(JSON.stringify(batch.body)).toContain('PERSON_INACTIVE');
    await refuse(api, 428, 'PRECONDITION_REQUIRED', 'POST', `/api/v1/assets/${a.id}/assign`, { personId: ada.id });
    await ok(api, 'POST', `/api/v1/assets/${a.id}/assign`, { personId: ada.id }, { 'if-match': '"1"' });
    await refuse(api, 409, 'ASSET_NOT_AVAILABLE', 'POST', `/api/v1/assets/${a.id}/assign`, { personId: bob.id }, { 'if-match': '"2"' });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/check-in`, { returnedOn: DAY_AFTER }, { 'if-match': '"2"' });
    // Returned before it was handed out: refused, nothing written.
    const early = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/check-in`, { returnedOn: '2026-11-01' }, { 'if-match': '"2"' });
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'evidence.returned_on', code: 'BEFORE_ASSIGNMENT_START' })]);
    // At noon UTC it is already TOMORROW east of UTC+12: that person's today is accepted. The assignment ends on the
    // return date given.
    const back = await ok(api, 'POST', `/api/v1/assets/${a.id}/check-in`, { returnedOn: TOMORROW, locationId: store.id }, { 'if-match': '"2"' });
    expect(back.body).toMatchObject({ stage: 'in_stock', assignedPersonId: null, locationId: store.id });
    expect((await ok(api, 'GET', `/api/v1/assets/${a.id}/assignments`)).body.items).toEqual([expect.objectContaining({ personId: ada.id, startedOn: TODAY, endedOn: TOMORROW })]);
  });

  it('an expected return date comes with an assignee and not before the assignment starts', async () => {
    // Registering a loan that began earlier keeps a date already passed (the loan is overdue); without an assignee it means nothing.
    const lent = await create(api, '/api/v1/assets', { name: uniq('Loaner '), assetTypeId: types['laptop'].id, stage: 'in_use', assignedPersonId: ada.id, expectedReturnDate: '2026-11-01' });
    expect(lent.expectedReturnDate).toBe('2026-11-01');
    const lone = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets', { name: 'Loaner', assetTypeId: types['laptop'].id, stage: 'in_stock', expectedReturnDate: '2027-01-01' });
    expect(lone.body.errors).toEqual([expect.objectContaining({ field: 'expectedReturnDate', code: 'RETURN_DATE_WITHOUT_ASSIGNEE' })]);
    // Assigned now: back before today is refused, nothing written; today where the person is (UTC-12 at noon UTC) is accepted.
    const a = await laptop();
    const early = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/assign`, { personId: ada.id, expectedReturnDate: '2026-11-27' }, { 'if-match': '"1"' });
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'evidence.expected_return_date', code: 'RETURN_BEFORE_ASSIGNMENT_START' })]);
    expect(early.body.detail).toContain('2026-11-28');
    const held = (await ok(api, 'POST', `/api/v1/assets/${a.id}/assign`, { personId: ada.id, expectedReturnDate: TODAY }, { 'if-match': '"1"' })).body;
    expect(held).toMatchObject({ assignedPersonId: ada.id, expectedReturnDate: TODAY });
    // An install recorded afterwards starts on its date: the return is compared with that day, not today.
    const b = await laptop();
    const imac = (expectedReturnDate: string) => api.call('POST', `/api/v1/assets/${b.id}/imac`, { action: 'install', performedOn: '2026-11-10', personId: bob.id, expectedReturnDate }, { 'if-match': '"1"' });
    const before = await refused(api, () => imac('2026-11-09'), 422, 'VALIDATION_FAILED');
    expect(before.body.errors).toEqual([expect.objectContaining({ code: 'RETURN_BEFORE_ASSIGNMENT_START' })]);
    const installed = await imac('2026-11-20');
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    expect((await ok(api, 'GET', `/api/v1/assets/${b.id}/assignments`)).body.items).toEqual([expect.objectContaining({ startedOn: '2026-11-10', expectedReturnDate: '2026-11-20' })]);
  });

  it('records install, move, add and change with date and operator', async () => {
    const desk = await create(api, '/api/v1/locations', { name: 'Desk 4.12', kind: 'room' });
    const a = await laptop();
    const imac = (body: Record<string, unknown>, version: number) => ok(api, 'POST', `/api/v1/assets/${a.id}/imac`, body, { 'if-match': `"${version}"` });
    let r = await imac({ action: 'install', performedOn: '2026-11-20', personId: ada.id, locationId: store.id }, 1);
    expect(r.body).toMatchObject({ stage: 'in_use', assignedPersonId: ada.id, locationId: store.id });
    r = await imac({ action: 'move', performedOn: '2026-11-21', locationId: desk.id }, r.body.version);
    expect(r.body.locationId).toBe(desk.id);
    // The assignment period starts on the day of the install, not the day it was recorded.
    expect((await ok(api, 'GET', `/api/v1/assets/${a.id}/assignments`)).body.items).toEqual([expect.objectContaining({ personId: ada.id, startedOn: '2026-11-20', endedOn: null })]);
    const future = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/imac`, { action: 'add', performedOn: DAY_AFTER, details: 'Docking station' }, { 'if-match': `"${r.body.version}"` });
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'performedOn', code: 'DATE_IN_FUTURE' })]);
    r = await imac({ action: 'add', performedOn: '2026-11-22', details: 'Docking station' }, r.body.version);
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/imac`, { action: 'change', performedOn: TODAY }, { 'if-match': `"${r.body.version}"` });
    r = await imac({ action: 'change', performedOn: '2026-11-23', details: 'RAM 16 → 32 GB' }, r.body.version);
    const records = (await ok(api, 'GET', `/api/v1/assets/${a.id}/imac`)).body.items;
    expect(records.map((x: any) => [x.action, x.performedOn, x.operator])).toEqual([
      ['change', '2026-11-23', 'admin'], ['add', '2026-11-22', 'admin'], ['move', '2026-11-21', 'admin'], ['install', '2026-11-20', 'admin'],
    ]);
    expect(records[2]).toMatchObject({ fromLocationId: store.id, toLocationId: desk.id });
    expect(records[0].details).toBe('RAM 16 → 32 GB');
    const history = (await ok(api, 'GET', `/api/v1/assets/${a.id}/history?limit=1`)).body.items;
    expect(history[0]).toMatchObject({ action: 'imac', changes: { imac: { after: expect.objectContaining({ action: 'change', performedOn: '2026-11-23' }) } } });
  });

  it('a custom model cannot dispose of an asset that is still assigned: refused MODEL_KEEPS_ASSIGNEE, nothing stored', async () => {
    const key = uniq('simple_');
    const model = {
      key, name: 'Simple', initialStages: ['stock'],
      stages: [{ key: 'stock', name: 'Stock', kind: 'available' }, { key: 'used', name: 'Used', kind: 'in_use' }, { key: 'gone', name: 'Gone', kind: 'disposed' }],
      transitions: [
        { key: 'assign', name: 'Assign', from: ['stock'], to: 'used', guards: ['not_assigned'], effects: ['start_assignment'], fields: [{ key: 'assigned_person_id', label: 'Person', type: 'person_ref', required: true }] },
        { key: 'scrap', name: 'Scrap', from: ['used'], to: 'gone', guards: [], effects: [], fields: [] },
      ],
    };
    const res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/lifecycle-models', model);
    expect(res.body.errors).toEqual([expect.objectContaining({ code: 'MODEL_KEEPS_ASSIGNEE', field: 'transitions[1]' })]);
    model.transitions[1]!.effects = ['end_assignment'];
    await create(api, '/api/v1/lifecycle-models', model);
  });

  it('versions lifecycle models: existing assets keep their version until migrated; a type change affects only new assets', async () => {
    const [v1] = (await ok(api, 'GET', '/api/v1/lifecycle-models?key=hardware')).body.items;
    expect(v1.version).toBe(1);
    const old = await create(api, '/api/v1/assets', { name: 'Old monitor', assetTypeId: types['monitor'].id, stage: 'in_stock' });
    expect(old.lifecycleModelId).toBe(v1.id);
    const def = structuredClone(v1.definition);
    def.stages.push({ key: 'refurbishing', name: 'Refurbishing', kind: 'maintenance' });
    def.transitions.push({ key: 'refurbish', name: 'Refurbish', from: ['in_stock'], to: 'refurbishing', guards: [], effects: [], fields: [] });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/lifecycle-models', { ...def, transitions: [...def.transitions, { key: 'nowhere', name: 'Nowhere', from: ['in_stock'], to: 'atlantis' }] });
    const res = await api.call('POST', '/api/v1/lifecycle-models', def);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const v2 = res.body;
    expect(v2).toMatchObject({ key: 'hardware', version: 2 });
    expect(res.headers['location']).toBe(`/api/v1/lifecycle-models/${v2.id}`);
    expect((await ok(api, 'GET', `/api/v1/assets/${old.id}`)).body.lifecycleModelId).toBe(v1.id);
    await tryStep(old, 'refurbish', {}, 422, 'VALIDATION_FAILED');

    const monitorType = (await ok(api, 'GET', `/api/v1/asset-types/${types['monitor'].id}`));
    await refuse(api, 428, 'PRECONDITION_REQUIRED', 'PATCH', `/api/v1/asset-types/${types['monitor'].id}`, { lifecycleModelId: v2.id });
    const patched = await ok(api, 'PATCH', `/api/v1/asset-types/${types['monitor'].id}`, { lifecycleModelId: v2.id }, { 'if-match': etag(monitorType) });
    expect(patched.body).toMatchObject({ lifecycleModelId: v2.id, version: monitorType.body.version + 1 });
    const fresh = await create(api, '/api/v1/assets', { name: 'New monitor', assetTypeId: types['monitor'].id });
    expect(fresh.lifecycleModelId).toBe(v2.id);
    expect((await laptop()).lifecycleModelId).toBe(v1.id);
    expect((await ok(api, 'GET', `/api/v1/assets/${old.id}`)).body).toMatchObject({ lifecycleModelId: v1.id, version: 1 });

    const other = (await ok(api, 'GET', '/api/v1/lifecycle-models?key=software_licence')).body.items[0];
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${old.id}/migrate-model`, { lifecycleModelId: other.id }, { 'if-match': '"1"' });
    // A migration is not a way round transitions: the version it follows already, or a stage the new version has
    // mapped elsewhere, are refused with nothing written.
    const same = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${old.id}/migrate-model`, { lifecycleModelId: v1.id }, { 'if-match': '"1"' });
    expect(same.body.errors).toEqual([expect.objectContaining({ code: 'SAME_MODEL_VERSION' })]);
    const remapped = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${old.id}/migrate-model`, { lifecycleModelId: v2.id, stageMap: { in_stock: 'disposed' } }, { 'if-match': '"1"' });
    expect(remapped.body.errors).toEqual([expect.objectContaining({ field: 'stageMap', code: 'STAGE_NOT_MAPPABLE' })]);
    const migrated = await ok(api, 'POST', `/api/v1/assets/${old.id}/migrate-model`, { lifecycleModelId: v2.id, reason: 'Adopt v2' }, { 'if-match': '"1"' });
    expect(migrated.body).toMatchObject({ lifecycleModelId: v2.id, stage: 'in_stock', version: 2 });
    const [event] = (await ok(api, 'GET', `/api/v1/assets/${old.id}/history?limit=1`)).body.items;
    expect(event).toMatchObject({ action: 'migrate_model', reason: 'Adopt v2', changes: { modelVersion: { before: 1, after: 2 } } });
    expect((await step(migrated.body, 'refurbish')).stage).toBe('refurbishing');
  });
});
