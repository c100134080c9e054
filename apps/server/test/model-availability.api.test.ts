import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { assetTypes, create, ok, refuse, uniq } from './support/http.js';

/**
 * Substitution in case of shortage (ITIL ITAM Table 2.2, Acquire and Assign): a catalogue model's stock per location
 * and the models of its substitution group in stock, counted in the caller's scope, ranked and explained.
 */
describe.each(ENGINES)('model availability ($name)', (engine) => {
  let api: TestApi;
  let laptop: any;
  let maker: any;
  let inside: any;
  let below: any;
  let outside: any;
  let berlin: any;
  let paris: any;

  beforeAll(async () => {
    api = await startApi(engine);
    laptop = (await assetTypes(api))['laptop'];
    maker = await create(api, '/api/v1/manufacturers', { name: uniq('Maker ') });
    inside = await create(api, '/api/v1/org-units', { name: uniq('In '), kind: 'country' });
    below = await create(api, '/api/v1/org-units', { name: uniq('Below '), parentId: inside.id });
    outside = await create(api, '/api/v1/org-units', { name: uniq('Out '), kind: 'country' });
    const site = await create(api, '/api/v1/locations', { name: uniq('Berlin '), kind: 'site' });
    berlin = await create(api, '/api/v1/locations', { name: 'Stockroom', kind: 'room', parentId: site.id });
    paris = await create(api, '/api/v1/locations', { name: uniq('Paris '), kind: 'site' });
  });
  afterAll(async () => { await api.close(); });

  const newModel = (name: string, substitutionGroup: string | null, eolDate: string | null = null) =>
    create(api, '/api/v1/models', { name: uniq(name), manufacturerId: maker.id, assetTypeId: laptop.id, substitutionGroup, eolDate });
  /** `count` assets of the model, owned by `unit`, at `location`, registered in their type's in-stock stage unless told. */
  const stock = async (model: any, count: number, unit: any, location: any, extra: Record<string, unknown> = {}) => {
    for (let i = 0; i < count; i++) await create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: laptop.id, modelId: model.id, ownerOrgUnitId: unit?.id ?? null, locationId: location?.id ?? null, ...extra });
  };
  const availability = async (model: any, headers?: Record<string, string>) => (await ok(api, 'GET', `/api/v1/models/${model.id}/availability`, undefined, headers)).body;
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  it('none of the model in stock: its substitutes in stock, where, ranked; one past its end of life is not offered', async () => {
    const group = uniq('Laptop 14 ');
    const asked = await newModel('Asked ', group);
    const sub = await newModel('Sub ', ` ${group.toLowerCase()} `); // the same group, typed otherwise
    const ending = await newModel('Ending ', group, inDays(30));
    const past = await newModel('Past ', group, '2020-01-01');
    const empty = await newModel('Empty ', group);
    const other = await newModel('Other ', uniq('Phones '));
    const person = await create(api, '/api/v1/people', { name: uniq('Holder ') });
    // The model asked for: one on order, one in use — neither is in stock.
    await stock(asked, 1, inside, berlin, { stage: 'on_order' });
    await stock(asked, 1, inside, null, { stage: 'in_use', assignedPersonId: person.id });
    await stock(sub, 2, inside, berlin);
    await stock(sub, 1, below, berlin);
    await stock(sub, 2, outside, paris);
    await stock(sub, 1, null, null);
    await stock(sub, 1, inside, berlin, { stage: 'on_order' });
    await stock(ending, 9, inside, paris);
    await stock(past, 4, inside, berlin);
    await stock(other, 5, inside, berlin);

    const all = await availability(asked);
    expect(all.model).toEqual({ id: asked.id, name: asked.name, substitutionGroup: group, eolDate: null });
    expect(all.inStock).toBe(0);
    expect(all.proposals).toEqual([
      { modelId: sub.id, name: sub.name, eolDate: null, reason: 'substitute_in_stock', inStock: 6, stages: ['in_stock'],
        locations: [{ locationId: berlin.id, count: 3 }, { locationId: paris.id, count: 2 }, { locationId: null, count: 1 }] },
      // More in stock, but its end of life is near: after the others.
      { modelId: ending.id, name: ending.name, eolDate: inDays(30), reason: 'substitute_end_of_life_soon', inStock: 9, stages: ['in_stock'], locations: [{ locationId: paris.id, count: 9 }] },
    ]);
    expect(all.notProposed).toEqual([
      { modelId: asked.id, name: asked.name, eolDate: null, reason: 'requested_out_of_stock', inStock: 0 },
      ...[
        { modelId: empty.id, name: empty.name, eolDate: null, reason: 'substitute_out_of_stock', inStock: 0 },
        { modelId: past.id, name: past.name, eolDate: '2020-01-01', reason: 'substitute_past_end_of_life', inStock: 4 },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    ]);
    expect(JSON.stringify(all)).not.toContain(other.id);

    // The register filtered on a proposal's model and stage lists what it counted.
    const listed = (await ok(api, 'GET', `/api/v1/assets?modelId=${sub.id}&stage=in_stock&includeTotal=true`)).body;
    expect(listed.total).toBe(6);
  });

  it('a reader of one org unit counts only the assets of its subtree; stock outside it is not told', async () => {
    const group = uniq('Laptop 13 ');
    const asked = await newModel('Asked ', group);
    const sub = await newModel('Sub ', group);
    const theirs = await newModel('Theirs ', group);
    await stock(asked, 1, outside, paris);
    await stock(sub, 2, inside, berlin);
    await stock(sub, 1, below, paris);
    await stock(sub, 3, outside, paris);
    await stock(sub, 1, null, berlin);
    await stock(theirs, 5, outside, paris);
    const custodian = await api.user(uniq('stockroom'), [{ role: 'custodian', orgUnitId: inside.id }]);
    const analyst = await api.user(uniq('analyst'), [{ role: 'it_asset_analyst', orgUnitId: outside.id }], { access: 'read' });

    const mine = await availability(asked, custodian.auth);
    expect(mine.inStock).toBe(0);
    expect(mine.proposals).toEqual([
      { modelId: sub.id, name: sub.name, eolDate: null, reason: 'substitute_in_stock', inStock: 3, stages: ['in_stock'], locations: [{ locationId: berlin.id, count: 2 }, { locationId: paris.id, count: 1 }] },
    ]);
    expect(mine.notProposed.map((n: any) => [n.modelId, n.reason, n.inStock])).toEqual([[asked.id, 'requested_out_of_stock', 0], [theirs.id, 'substitute_out_of_stock', 0]]);

    const there = await availability(asked, analyst.auth);
    expect(there.inStock).toBe(1);
    expect(there.proposals.map((p: any) => [p.modelId, p.reason, p.inStock])).toEqual([[asked.id, 'requested_in_stock', 1], [theirs.id, 'substitute_in_stock', 5], [sub.id, 'substitute_in_stock', 3]]);

    const everything = await availability(asked);
    expect(everything.proposals.map((p: any) => [p.modelId, p.inStock])).toEqual([[asked.id, 1], [sub.id, 7], [theirs.id, 5]]);
  });

  it('a model without a substitution group tells its own stock only; one past its end of life, asked for itself, is offered flagged', async () => {
    const lone = await newModel('Lone ', null);
    await stock(lone, 2, inside, berlin);
    await stock(await newModel('Also lone ', null), 3, inside, berlin);
    const alone = await availability(lone);
    expect(alone.proposals).toEqual([{ modelId: lone.id, name: lone.name, eolDate: null, reason: 'requested_in_stock', inStock: 2, stages: ['in_stock'], locations: [{ locationId: berlin.id, count: 2 }] }]);
    expect(alone.notProposed).toEqual([]);

    const group = uniq('Old ');
    const old = await newModel('Old ', group, '2021-06-30');
    await stock(old, 1, inside, berlin);
    expect((await availability(old)).proposals.map((p: any) => p.reason)).toEqual(['requested_past_end_of_life']);
  });

  it('an unknown or malformed model id is 404; a role without assets.read is refused; nothing is written', async () => {
    await refuse(api, 404, 'NOT_FOUND', 'GET', '/api/v1/models/00000000-0000-7000-8000-000000000000/availability');
    await refuse(api, 404, 'NOT_FOUND', 'GET', '/api/v1/models/not-an-id/availability');
    const model = await newModel('Any ', null);
    const admin = await api.user(uniq('sysadmin'), [{ role: 'system_administrator' }]);
    await refuse(api, 403, undefined, 'GET', `/api/v1/models/${model.id}/availability`, undefined, admin.auth);
    // The same administrator reads the model itself (register.read): only its stock needs assets.read.
    await ok(api, 'GET', `/api/v1/models/${model.id}`, undefined, admin.auth);
  });
});
