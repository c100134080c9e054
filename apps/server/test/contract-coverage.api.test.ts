import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, expectProblem, ok, refuse, uniq, walk } from './support/http.js';

/**
 * Coverage of assets by support, maintenance and warranty contracts (ITIL ITAM Table 2.2, Acquire: "maintenance,
 * warranty and support contracts with activation information"): what a contract covers, which contracts cover an
 * asset and until when, each change recorded on both assets; refusals write nothing.
 */
describe.each(ENGINES)('contract coverage ($name)', (engine) => {
  let api: TestApi;
  let laptopType: any;
  let contractType: any;
  let plainContractType: any;

  beforeAll(async () => {
    api = await startApi(engine);
    const types = await assetTypes(api);
    laptopType = types['laptop'];
    const saasModel = types['saas_subscription'].lifecycleModelId;
    // Types a register defines for its contracts besides the shipped support contract, one with the contract's own term.
    contractType = await create(api, '/api/v1/asset-types', {
      key: uniq('support_'), name: uniq('Support contract '), category: 'service_contract', lifecycleModelId: saasModel, tagPattern: `${uniq('SC').toUpperCase()}-{seq:4}`,
      attributeSchema: [{ key: 'starts_on', label: 'Starts on', type: 'date' }, { key: 'ends_on', label: 'Ends on', type: 'date' }, { key: 'hotline', label: 'Support line', type: 'text' }],
    });
    plainContractType = await create(api, '/api/v1/asset-types', {
      key: uniq('care_'), name: uniq('Care pack '), category: 'service_contract', lifecycleModelId: saasModel, tagPattern: `${uniq('CP').toUpperCase()}-{seq:4}`,
    });
  });
  afterAll(async () => { await api.close(); });

  const laptop = (extra: Record<string, unknown> = {}) => create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: laptopType.id, ...extra });
  const contract = (extra: Record<string, unknown> = {}) => create(api, '/api/v1/assets', {
    name: uniq('Support '), assetTypeId: contractType.id, stage: 'active', attributes: { starts_on: '2026-01-01', ends_on: '2030-12-31', hotline: '+49 30 1234' }, ...extra,
  });
  const coverage = async (id: string, headers?: Record<string, string>, q = '') => (await ok(api, 'GET', `/api/v1/assets/${id}/coverage${q}`, undefined, headers)).body;
  const add = (contractId: string, body: Record<string, unknown>, headers?: Record<string, string>) => api.call('POST', `/api/v1/assets/${contractId}/coverage`, body, headers);
  const events = async (id: string) => (await ok(api, 'GET', `/api/v1/assets/${id}/history?limit=50`)).body.items as any[];

  it('a contract covers assets for its own term by default; each side lists the other and records the change', async () => {
    const c = await contract();
    const [a, b] = [await laptop(), await laptop()];
    const res = await add(c.id, { assetIds: [b.id, a.id], note: 'Next business day on site; quote contract 4711' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({ contract: { id: c.id, tag: c.tag }, asset: { id: b.id, tag: b.tag }, startsOn: '2026-01-01', endsOn: '2030-12-31', active: true, note: 'Next business day on site; quote contract 4711' });

    const covers = await coverage(c.id);
    expect(covers).toMatchObject({ role: 'contract', coveredUntil: null, nextCursor: null });
    expect(covers.items.map((i: any) => i.asset.id)).toEqual([a, b].sort((x, y) => (x.tag < y.tag ? -1 : 1)).map((x) => x.id));

    const coveredBy = await coverage(a.id);
    expect(coveredBy).toMatchObject({ role: 'covered', coveredUntil: { covered: true, until: '2030-12-31' } });
    expect(coveredBy.items).toEqual([expect.objectContaining({ contract: expect.objectContaining({ id: c.id, stage: 'active' }), endsOn: '2030-12-31', active: true })]);

    // The history of both sides, from the same change.
    const onContract = (await events(c.id)).filter((e) => e.action === 'cover');
    expect(onContract.map((e) => e.changes.covers.after.assetId).sort()).toEqual([a.id, b.id].sort());
    const onAsset = (await events(a.id))[0];
    expect(onAsset).toMatchObject({ action: 'cover', changes: { coveredBy: { before: null, after: { contractId: c.id, tag: c.tag, startsOn: '2026-01-01', endsOn: '2030-12-31' } } } });
    expect(onAsset.requestId).toBe(onContract[0].requestId);
    // The asset read itself carries none of it, nor did its version move.
    const read = await ok(api, 'GET', `/api/v1/assets/${a.id}`);
    expect(read.body).not.toHaveProperty('coverage');
    expect(etag(read)).toBe('"1"');
  });

  it('dates given replace the contract\'s; a contract without term dates covers with open ends; the latest active end is the asset\'s', async () => {
    const a = await laptop();
    const short = await contract();
    expect((await add(short.id, { assetIds: [a.id], startsOn: '2026-03-01', endsOn: '2027-02-28' })).body.items[0]).toMatchObject({ startsOn: '2026-03-01', endsOn: '2027-02-28' });
    const expired = await contract();
    await add(expired.id, { assetIds: [a.id], startsOn: '2020-01-01', endsOn: '2031-12-31' });
    await add((await contract()).id, { assetIds: [a.id], startsOn: '2020-01-01', endsOn: '2021-12-31' });
    let seen = await coverage(a.id);
    expect(seen.coveredUntil).toEqual({ covered: true, until: '2031-12-31' });
    expect(seen.items.filter((i: any) => !i.active)).toHaveLength(1);

    // The contract is cancelled: its coverage stays, inactive, and no longer counts.
    const cancel = await ok(api, 'POST', `/api/v1/assets/${expired.id}/transitions`, { transition: 'cancel', evidence: { cancelled_on: seen.today, data_handling: 'no_data_held' } }, { 'if-match': '"1"' });
    expect(cancel.body.stage).toBe('cancelled');
    seen = await coverage(a.id);
    expect(seen.items.find((i: any) => i.contract.id === expired.id)).toMatchObject({ active: false, endsOn: '2031-12-31' });
    expect(seen.coveredUntil).toEqual({ covered: true, until: '2027-02-28' });

    const open = await create(api, '/api/v1/assets', { name: uniq('Care '), assetTypeId: plainContractType.id, stage: 'active' });
    expect((await add(open.id, { assetIds: [a.id] })).body.items[0]).toMatchObject({ startsOn: null, endsOn: null, active: true });
    expect((await coverage(a.id)).coveredUntil).toEqual({ covered: true, until: null });
  });

  it('refusals carry a stable code and write nothing', async () => {
    const c = await contract();
    const [a, other] = [await laptop(), await contract()];
    // The "contract" is a laptop.
    await refuse(api, 422, 'NOT_A_CONTRACT', 'POST', `/api/v1/assets/${a.id}/coverage`, { assetIds: [(await laptop()).id] });
    // A contract covered by a contract, even beside an asset that could be covered: nothing is added; the item is named.
    let res = await refuse(api, 422, 'CONTRACT_CANNOT_BE_COVERED', 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [a.id, other.id] });
    expect(res.body.results).toEqual([{ assetId: a.id, ok: true, errors: [] }, { assetId: other.id, ok: false, errors: [expect.objectContaining({ code: 'CONTRACT_CANNOT_BE_COVERED' })] }]);
    await refuse(api, 422, 'CONTRACT_CANNOT_BE_COVERED', 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [c.id] });
    // Ending before it starts: given so, or against the contract's own start.
    await refuse(api, 422, 'COVERAGE_ENDS_BEFORE_START', 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [a.id], startsOn: '2026-05-02', endsOn: '2026-05-01' });
    res = await refuse(api, 422, 'COVERAGE_ENDS_BEFORE_START', 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [a.id], endsOn: '2025-12-31' });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'endsOn', code: 'COVERAGE_ENDS_BEFORE_START' }));
    // Malformed input.
    await refuse(api, 422, 'VALIDATION_FAILED', 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [a.id, a.id] });
    await refuse(api, 422, undefined, 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [] });
    await refuse(api, 422, undefined, 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [a.id], endsOn: '2026-02-30' });
    // A duplicate is refused (409), not ignored, and the batch it came in adds nothing.
    expect((await add(c.id, { assetIds: [a.id] })).status).toBe(201);
    const fresh = await laptop();
    res = await refuse(api, 409, 'ALREADY_COVERED', 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [fresh.id, a.id] });
    expect(res.body.results[1]).toMatchObject({ assetId: a.id, ok: false, errors: [{ code: 'ALREADY_COVERED' }] });
    // Unknown ids: 404, whichever side.
    await refuse(api, 404, 'NOT_FOUND', 'POST', `/api/v1/assets/${c.id}/coverage`, { assetIds: [fresh.id, '00000000-0000-7000-8000-000000000000'] });
    await refuse(api, 404, 'NOT_FOUND', 'POST', '/api/v1/assets/00000000-0000-7000-8000-000000000000/coverage', { assetIds: [fresh.id] });
    expect((await coverage(fresh.id)).items).toEqual([]);
  });

  it('removing a coverage deletes it and records it on both sides; removing it again is 404', async () => {
    const c = await contract();
    const a = await laptop();
    await add(c.id, { assetIds: [a.id] });
    const res = await api.call('DELETE', `/api/v1/assets/${c.id}/coverage/${a.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect((await coverage(c.id)).items).toEqual([]);
    expect((await coverage(a.id)).coveredUntil).toEqual({ covered: false, until: null });
    expect((await events(c.id))[0]).toMatchObject({ action: 'uncover', changes: { covers: { before: { assetId: a.id, tag: a.tag, endsOn: '2030-12-31' }, after: null } } });
    expect((await events(a.id))[0]).toMatchObject({ action: 'uncover', changes: { coveredBy: { before: { contractId: c.id }, after: null } } });
    await refuse(api, 404, 'NOT_FOUND', 'DELETE', `/api/v1/assets/${c.id}/coverage/${a.id}`);
  });

  it('an asset deleted as registered in error takes its coverage with it, recorded on the contract', async () => {
    const c = await contract();
    const a = await laptop();
    await add(c.id, { assetIds: [a.id] });
    expect((await api.call('DELETE', `/api/v1/assets/${a.id}`, { reason: 'registered twice' }, { 'if-match': '"1"' })).status).toBe(204);
    expect((await coverage(c.id)).items).toEqual([]);
    expect((await events(c.id))[0]).toMatchObject({ action: 'uncover', reason: 'registered twice', changes: { covers: { before: { assetId: a.id } } } });
  });

  it('outside the caller\'s scope the contract and each covered asset answer 404; lists show only what lies inside', async () => {
    const [inside, outside] = [await create(api, '/api/v1/org-units', { name: uniq('In '), kind: 'country' }), await create(api, '/api/v1/org-units', { name: uniq('Out '), kind: 'country' })];
    const myContract = await contract({ ownerOrgUnitId: inside.id });
    const theirContract = await contract({ ownerOrgUnitId: outside.id });
    const [mine, theirs] = [await laptop({ ownerOrgUnitId: inside.id }), await laptop({ ownerOrgUnitId: outside.id })];
    await add(myContract.id, { assetIds: [mine.id, theirs.id] });
    await add(theirContract.id, { assetIds: [mine.id] });
    const custodian = (await api.user(uniq('custodian'), [{ role: 'custodian', orgUnitId: inside.id }])).auth;

    expect((await coverage(myContract.id, custodian)).items.map((i: any) => i.asset.id)).toEqual([mine.id]);
    const seen = await coverage(mine.id, custodian);
    expect(seen.items.map((i: any) => i.contract.id)).toEqual([myContract.id]);
    expect(seen.coveredUntil).toEqual({ covered: true, until: '2030-12-31' });
    expectProblem(await api.call('GET', `/api/v1/assets/${theirContract.id}/coverage`, undefined, custodian), 404, 'NOT_FOUND');
    expectProblem(await api.call('GET', `/api/v1/assets/${theirs.id}/coverage`, undefined, custodian), 404, 'NOT_FOUND');

    const another = await laptop({ ownerOrgUnitId: inside.id });
    await refuse(api, 404, 'NOT_FOUND', 'POST', `/api/v1/assets/${theirContract.id}/coverage`, { assetIds: [another.id] }, custodian);
    await refuse(api, 404, 'NOT_FOUND', 'POST', `/api/v1/assets/${myContract.id}/coverage`, { assetIds: [another.id, (await laptop({ ownerOrgUnitId: outside.id })).id] }, custodian);
    await refuse(api, 404, 'NOT_FOUND', 'DELETE', `/api/v1/assets/${myContract.id}/coverage/${theirs.id}`, undefined, custodian);
    await refuse(api, 404, 'NOT_FOUND', 'DELETE', `/api/v1/assets/${theirContract.id}/coverage/${mine.id}`, undefined, custodian);
    // Inside, the custodian adds and removes (asset edits are theirs to make).
    expect((await add(myContract.id, { assetIds: [another.id] }, custodian)).status).toBe(201);
    expect((await api.call('DELETE', `/api/v1/assets/${myContract.id}/coverage/${another.id}`, undefined, custodian)).status).toBe(204);
    // Reading without assets.write: listed, not changed.
    const analyst = (await api.user(uniq('analyst'), [{ role: 'it_asset_analyst' }])).auth;
    expect((await coverage(mine.id, analyst)).items).toHaveLength(2);
    await refuse(api, 403, undefined, 'POST', `/api/v1/assets/${myContract.id}/coverage`, { assetIds: [another.id] }, analyst);
  });

  it('a contract\'s covered assets come a page at a time, in tag order, each once; a bad cursor is 400', async () => {
    const c = await contract();
    const assets = [];
    for (let i = 0; i < 5; i++) assets.push(await laptop());
    await add(c.id, { assetIds: assets.map((a) => a.id) });
    const { pages, items } = await walk(api, `/api/v1/assets/${c.id}/coverage?limit=2`);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(items.map((i) => i.asset.tag)).toEqual(assets.map((a) => a.tag).sort());
    expectProblem(await api.call('GET', `/api/v1/assets/${c.id}/coverage?cursor=nonsense`), 400, 'INVALID_CURSOR');
    // The covered side pages the same way, and "covered until" counts every page.
    const a = assets[0];
    for (let i = 0; i < 3; i++) await add((await contract()).id, { assetIds: [a.id], endsOn: `203${i + 1}-06-30` });
    const first = await coverage(a.id, undefined, '?limit=1');
    expect(first.nextCursor).not.toBeNull();
    expect(first.coveredUntil).toEqual({ covered: true, until: '2033-06-30' });
    expect((await walk(api, `/api/v1/assets/${a.id}/coverage?limit=1`)).items).toHaveLength(4);
  });
});
