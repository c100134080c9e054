import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { assetTypes, create, expectProblem, ok, refuse, uniq } from './support/http.js';

/**
 * Usage policies (ITIL ITAM Table 2.2, "Allocate/assign": model-specific policies such as cloud options, security,
 * BYOD): written on catalogue models and asset types, read for one asset, and whether the holder was told recorded
 * with each hand-over of an asset that has some.
 */
describe.each(ENGINES)('usage policies ($name)', (engine) => {
  let api: TestApi;
  let laptopType: any;
  let maker: any;
  const ENCRYPTION = 'Full-disk encryption must be on before hand-over; no personal use abroad without approval.';

  beforeAll(async () => {
    api = await startApi(engine);
    laptopType = (await assetTypes(api))['laptop'];
    maker = await create(api, '/api/v1/manufacturers', { name: uniq('Maker ') });
  });
  afterAll(async () => { await api.close(); });

  /** A type of its own (the bootstrapped ones are shared by every test of the file). */
  const newType = (usagePolicy?: string) => create(api, '/api/v1/asset-types', {
    key: uniq('pol_'), name: uniq('Policy laptop '), category: 'hardware', lifecycleModelId: laptopType.lifecycleModelId, tagPattern: `${uniq('P').toUpperCase()}-{seq:5}`,
    ...(usagePolicy !== undefined ? { usagePolicy } : {}),
  });
  const newModel = (assetTypeId: string, usagePolicy?: string) => create(api, '/api/v1/models', { name: uniq('Model '), manufacturerId: maker.id, assetTypeId, ...(usagePolicy !== undefined ? { usagePolicy } : {}) });
  const newAsset = (assetTypeId: string, modelId: string | null, extra: Record<string, unknown> = {}) => create(api, '/api/v1/assets', { name: uniq('Asset '), assetTypeId, modelId, ...extra });
  const policies = async (id: string, headers?: Record<string, string>) => (await ok(api, 'GET', `/api/v1/assets/${id}/policies`, undefined, headers)).body.items;
  const assetEvents = async (id: string) => (await ok(api, 'GET', `/api/v1/assets/${id}/history?limit=50`)).body.items;

  it('a policy set on a catalogue model and on an asset type is read back and recorded in each record\'s history', async () => {
    const type = await newType();
    expect(type.usagePolicy).toBeNull();
    const model = await newModel(type.id, 'BYOD: not allowed for this licence');
    expect(model.usagePolicy).toBe('BYOD: not allowed for this licence');

    const patchedModel = (await ok(api, 'PATCH', `/api/v1/models/${model.id}`, { usagePolicy: ENCRYPTION }, { 'if-match': '"1"' })).body;
    expect(patchedModel.usagePolicy).toBe(ENCRYPTION);
    const modelHistory = (await ok(api, 'GET', `/api/v1/models/${model.id}/history`)).body.items;
    expect(modelHistory[0].changes.usagePolicy).toEqual({ before: 'BYOD: not allowed for this licence', after: ENCRYPTION });
    expect(modelHistory[1].changes.usagePolicy).toEqual({ before: null, after: 'BYOD: not allowed for this licence' });

    const patchedType = (await ok(api, 'PATCH', `/api/v1/asset-types/${type.id}`, { usagePolicy: '  Keep it locked in the office at night.  ' }, { 'if-match': '"1"' })).body;
    expect(patchedType.usagePolicy).toBe('Keep it locked in the office at night.');
    expect((await ok(api, 'GET', `/api/v1/asset-types/${type.id}`)).body.usagePolicy).toBe('Keep it locked in the office at night.');
    const typeHistory = (await ok(api, 'GET', `/api/v1/asset-types/${type.id}/history`)).body.items;
    expect(typeHistory[0]).toMatchObject({ action: 'update', changes: { usagePolicy: { before: null, after: 'Keep it locked in the office at night.' } } });

    // Empty text clears the policy: stored as none, not as an empty one.
    const cleared = (await ok(api, 'PATCH', `/api/v1/asset-types/${type.id}`, { usagePolicy: '   ' }, { 'if-match': '"2"' })).body;
    expect(cleared.usagePolicy).toBeNull();
  });

  it('an asset\'s policies are its type\'s and its model\'s, each labelled; none answers an empty list', async () => {
    const type = await newType('Laptops: screen lock after 5 minutes.');
    const model = await newModel(type.id, ENCRYPTION);
    const both = await newAsset(type.id, model.id);
    expect(await policies(both.id)).toEqual([
      { source: 'type', id: type.id, name: type.name, text: 'Laptops: screen lock after 5 minutes.' },
      { source: 'model', id: model.id, name: model.name, text: ENCRYPTION },
    ]);
    // Without a model, the type's alone; a type and a model without text give nothing.
    expect(await policies((await newAsset(type.id, null)).id)).toEqual([{ source: 'type', id: type.id, name: type.name, text: 'Laptops: screen lock after 5 minutes.' }]);
    const plain = await newType();
    expect(await policies((await newAsset(plain.id, (await newModel(plain.id)).id)).id)).toEqual([]);
    // The asset read itself is unchanged: the policies are read apart.
    expect((await ok(api, 'GET', `/api/v1/assets/${both.id}`)).body).not.toHaveProperty('policies');
    expectProblem(await api.call('GET', '/api/v1/assets/00000000-0000-7000-8000-000000000000/policies'), 404, 'NOT_FOUND');
  });

  it('the holder reads the policies again on My assets (self-service), as they were told at hand-over', async () => {
    const type = await newType('Laptops: screen lock after 5 minutes.');
    const model = await newModel(type.id, ENCRYPTION);
    const person = await create(api, '/api/v1/people', { name: uniq('Holder '), email: `${uniq('holder')}@example.test` });
    const withPolicies = await newAsset(type.id, model.id, { stage: 'in_use', assignedPersonId: person.id });
    const plain = await newType();
    const without = await newAsset(plain.id, null, { stage: 'in_use', assignedPersonId: person.id });
    const holder = await api.user(uniq('holder'), [{ role: 'asset_consumer' }], { personId: person.id });
    const mine = (await ok(api, 'GET', '/api/v1/me/assets', undefined, holder.auth)).body.items as any[];
    expect(mine.find((a) => a.id === withPolicies.id).policies).toEqual([
      { source: 'type', id: type.id, name: type.name, text: 'Laptops: screen lock after 5 minutes.' },
      { source: 'model', id: model.id, name: model.name, text: ENCRYPTION },
    ]);
    expect(mine.find((a) => a.id === without.id).policies).toEqual([]);
  });

  it('outside the caller\'s scope the policies answer 404, like the asset; inside they are read', async () => {
    const type = await newType('Scoped policy.');
    const [inside, outside] = [await create(api, '/api/v1/org-units', { name: uniq('In '), kind: 'country' }), await create(api, '/api/v1/org-units', { name: uniq('Out '), kind: 'country' })];
    const mine = await newAsset(type.id, null, { ownerOrgUnitId: inside.id });
    const theirs = await newAsset(type.id, null, { ownerOrgUnitId: outside.id });
    const custodian = await api.user(uniq('custodian'), [{ role: 'custodian', orgUnitId: inside.id }]);
    expect(await policies(mine.id, custodian.auth)).toHaveLength(1);
    expectProblem(await api.call('GET', `/api/v1/assets/${theirs.id}/policies`, undefined, custodian.auth), 404, 'NOT_FOUND');
    expectProblem(await api.call('GET', `/api/v1/assets/${theirs.id}`, undefined, custodian.auth), 404, 'NOT_FOUND');
    // Without assets.read: 403.
    const consumer = await api.user(uniq('consumer'), [{ role: 'asset_consumer' }]);
    expectProblem(await api.call('GET', `/api/v1/assets/${mine.id}/policies`, undefined, consumer.auth), 403);
  });

  it('a policy longer than the long-text cap is refused (422) on create and edit, nothing written', async () => {
    const type = await newType();
    const model = await newModel(type.id, 'Short policy.');
    const long = 'p'.repeat(20_001);
    let res = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/models', { name: uniq('Model '), manufacturerId: maker.id, assetTypeId: type.id, usagePolicy: long });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'usagePolicy', code: 'TEXT_TOO_LONG' }));
    res = await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/models/${model.id}`, { usagePolicy: long }, { 'if-match': '"1"' });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'usagePolicy', code: 'TEXT_TOO_LONG' }));
    res = await refuse(api, 422, 'VALIDATION_FAILED', 'PATCH', `/api/v1/asset-types/${type.id}`, { usagePolicy: long }, { 'if-match': '"1"' });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'usagePolicy', code: 'TEXT_TOO_LONG' }));
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/asset-types', {
      key: uniq('pol_'), name: 'Too long', category: 'hardware', lifecycleModelId: laptopType.lifecycleModelId, tagPattern: 'TLG-{seq:4}', usagePolicy: long,
    });
    expect((await ok(api, 'GET', `/api/v1/models/${model.id}`)).body).toMatchObject({ version: 1, usagePolicy: 'Short policy.' });
    expect((await ok(api, 'GET', `/api/v1/asset-types/${type.id}`)).body).toMatchObject({ version: 1, usagePolicy: null });
    // At the cap it is accepted.
    expect((await ok(api, 'PATCH', `/api/v1/asset-types/${type.id}`, { usagePolicy: 'p'.repeat(20_000) }, { 'if-match': '"1"' })).body.usagePolicy).toHaveLength(20_000);
  });

  it('a hand-over of an asset with policies records whether the holder was told; one without policies records nothing of it', async () => {
    const type = await newType('Type policy.');
    const model = await newModel(type.id, ENCRYPTION);
    const person = await create(api, '/api/v1/people', { name: uniq('Ada ') });
    const other = await create(api, '/api/v1/people', { name: uniq('Bob ') });
    const today = new Date().toISOString().slice(0, 10);
    const told = (events: any[]) => events.filter((e: any) => e.action === 'transition').map((e: any) => [e.changes.transition.after, e.changes.policiesAcknowledged?.after]);

    // Assign, told; then reassigned through a transition without the flag: recorded as not told.
    const a = await newAsset(type.id, model.id);
    const before = await snapshotCounts(api.db);
    let r = await ok(api, 'POST', `/api/v1/assets/${a.id}/assign`, { personId: person.id, policiesAcknowledged: true }, { 'if-match': '"1"' });
    expect(r.body.assignedPersonId).toBe(person.id);
    expect((await snapshotCounts(api.db)).assignments).toBe(before.assignments + 1);
    r = await ok(api, 'POST', `/api/v1/assets/${a.id}/transitions`, { transition: 'reassign', evidence: { assigned_person_id: other.id } }, { 'if-match': `"${r.body.version}"` });
    expect(told(await assetEvents(a.id))).toEqual([['reassign', false], ['assign', true]]);
    // A transition that assigns no one records nothing of it, even when the flag is sent.
    await ok(api, 'POST', `/api/v1/assets/${a.id}/transitions`, { transition: 'check_in', evidence: { returned_on: today, condition: 'good' }, policiesAcknowledged: true }, { 'if-match': `"${r.body.version}"` });
    expect((await assetEvents(a.id)).filter((e: any) => e.changes.policiesAcknowledged)).toHaveLength(2);

    // An IMAC install hands it over: recorded with the install's transition, not in the IMAC record.
    const b = await newAsset(type.id, model.id);
    await ok(api, 'POST', `/api/v1/assets/${b.id}/imac`, { action: 'install', performedOn: today, personId: person.id, policiesAcknowledged: true }, { 'if-match': '"1"' });
    const bEvents = await assetEvents(b.id);
    expect(told(bEvents)).toEqual([['assign', true]]);
    expect(bEvents.find((e: any) => e.action === 'imac').changes.imac.after).not.toHaveProperty('policiesAcknowledged');

    // A lifecycle transition sent with the flag.
    const c = await newAsset(type.id, null);
    await ok(api, 'POST', `/api/v1/assets/${c.id}/transitions`, { transition: 'assign', evidence: { assigned_person_id: person.id }, policiesAcknowledged: true }, { 'if-match': '"1"' });
    expect(told(await assetEvents(c.id))).toEqual([['assign', true]]);

    // A bulk change carries the flag per item, like the transition it sends: each asset with policies records it (its
    // type's and model's, or its type's alone); one without policies records nothing of it.
    const plain = await newType();
    const bulked = [await newAsset(type.id, model.id), await newAsset(type.id, null), await newAsset(plain.id, null)];
    const bulk = await ok(api, 'POST', '/api/v1/assets/bulk', {
      items: bulked.map((x) => ({ id: x.id, version: 1, transition: { transition: 'assign', evidence: { assigned_person_id: person.id }, policiesAcknowledged: true } })),
    });
    expect(bulk.body.applied).toBe(true);
    expect(await Promise.all(bulked.map(async (x) => told(await assetEvents(x.id))))).toEqual([[['assign', true]], [['assign', true]], [['assign', undefined]]]);

    // Nothing to tell: nothing recorded about it.
    const d = await newAsset(plain.id, null);
    await ok(api, 'POST', `/api/v1/assets/${d.id}/assign`, { personId: person.id, policiesAcknowledged: true }, { 'if-match': '"1"' });
    expect(told(await assetEvents(d.id))).toEqual([['assign', undefined]]);
  });

  it('the flag is a boolean: anything else is refused (422), nothing written', async () => {
    const type = await newType('Type policy.');
    const a = await newAsset(type.id, null);
    const person = await create(api, '/api/v1/people', { name: uniq('Eve ') });
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${a.id}/assign`, { personId: person.id, policiesAcknowledged: 'yes' }, { 'if-match': '"1"' });
    expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body).toMatchObject({ version: 1, assignedPersonId: null });
  });
});
