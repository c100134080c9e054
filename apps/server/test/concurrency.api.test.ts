import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { snapshotCounts, startApi, type TestApi } from '../../../test/support/api.js';
import { assetTypes, create, etag, expectProblem, ok, refuse, refused, uniq, type Res } from './support/http.js';

const ROUNDS = 3;

describe.each(ENGINES)('concurrency and bulk changes ($name)', (engine) => {
  let api: TestApi;
  let types: Record<string, any>;
  let person: any;
  const laptop = (extra: Record<string, unknown> = {}) => create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: types['laptop'].id, stage: 'in_stock', ...extra });
  const history = async (id: string, path = 'assets') => (await ok(api, 'GET', `/api/v1/${path}/${id}/history?limit=100`)).body.items;

  /** Exactly one of two racing writers wins; the loser gets 412 naming the winner's version. */
  function expectOneWinner(results: Res[]) {
    const shown = JSON.stringify(results.map((r) => [r.status, r.body?.code]));
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status !== 200);
    expect(winners, shown).toHaveLength(1);
    expect(losers, shown).toHaveLength(1);
    expectProblem(losers[0]!, 412, 'VERSION_MISMATCH');
    expect(etag(losers[0]!), 'the 412 carries the current ETag').toBe(etag(winners[0]!));
    return winners[0]!;
  }

  beforeAll(async () => {
    api = await startApi(engine);
    types = await assetTypes(api);
    person = await create(api, '/api/v1/people', { name: 'Racer' });
  });
  afterAll(async () => { await api.close(); });

  it('two administrators changing the same account or role at once: one wins, the other gets 412 (nothing overwritten)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const account = await create(api, '/api/v1/accounts', { login: uniq('racer'), displayName: 'Racer' });
      const raced = await Promise.all([
        api.call('PATCH', `/api/v1/accounts/${account.id}`, { displayName: 'First' }, { 'if-match': `"${account.version}"` }),
        api.call('PATCH', `/api/v1/accounts/${account.id}`, { active: false }, { 'if-match': `"${account.version}"` }),
      ]);
      const winner = expectOneWinner(raced);
      expect((await ok(api, 'GET', `/api/v1/accounts/${account.id}`)).body).toMatchObject({ version: account.version + 1, displayName: winner.body.displayName, active: winner.body.active });

      const role = await create(api, '/api/v1/roles', { key: `racer_${round}_${Date.now() % 100000}`, name: 'Racer', permissions: ['assets.read'] });
      const roles = await Promise.all([
        api.call('PATCH', `/api/v1/roles/${role.key}`, { name: 'First' }, { 'if-match': `"${role.version}"` }),
        api.call('PATCH', `/api/v1/roles/${role.key}`, { permissions: ['assets.read', 'assets.export'] }, { 'if-match': `"${role.version}"` }),
      ]);
      const kept = expectOneWinner(roles);
      expect((await ok(api, 'GET', '/api/v1/roles')).body.items.find((r: any) => r.key === role.key)).toMatchObject({ version: role.version + 1, name: kept.body.name, permissions: kept.body.permissions });
    }
  });

  it('FT-06: requires If-Match (428) and refuses a stale one (412 with the current ETag)', async () => {
    const a = await laptop();
    await refuse(api, 428, 'PRECONDITION_REQUIRED', 'PATCH', `/api/v1/assets/${a.id}`, { name: 'No precondition' });
    await refuse(api, 428, 'PRECONDITION_REQUIRED', 'PATCH', `/api/v1/assets/${a.id}`, { name: 'Empty precondition' }, { 'if-match': '' });
    // If-Match compares strongly (RFC 9110): a weak tag of the right version matches nothing.
    await refuse(api, 412, 'VERSION_MISMATCH', 'PATCH', `/api/v1/assets/${a.id}`, { name: 'Weak' }, { 'if-match': 'W/"1"' });
    const v2 = await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { name: 'Second' }, { 'if-match': '"1"' });
    expect(etag(v2)).toBe('"2"');
    const stale = await refuse(api, 412, 'VERSION_MISMATCH', 'PATCH', `/api/v1/assets/${a.id}`, { name: 'Stale' }, { 'if-match': '"1"' });
    expect(etag(stale)).toBe('"2"');
    expect(stale.body.currentVersion).toBe(2);
    expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body.name).toBe('Second');
    await refuse(api, 412, 'VERSION_MISMATCH', 'POST', `/api/v1/assets/${a.id}/transitions`, { transition: 'report_missing', evidence: { noticed_on: '2026-01-01' } }, { 'if-match': '"1"' });
  });

  it('FT-06: lets exactly one of two concurrent PATCHes with the same ETag win, with one update event', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await laptop();
      const results = await Promise.all(['Alice edit', 'Bob edit'].map((name) => api.call('PATCH', `/api/v1/assets/${a.id}`, { name }, { 'if-match': '"1"' })));
      const winner = expectOneWinner(results);
      const stored = (await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body;
      expect(stored).toMatchObject({ name: winner.body.name, version: 2 });
      expect((await history(a.id)).map((e: any) => e.action)).toEqual(['update', 'create']);
    }
  });

  it('lets exactly one of two concurrent transitions win, with one transition recorded', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await laptop();
      const before = await snapshotCounts(api.db);
      const results = await Promise.all([
        api.call('POST', `/api/v1/assets/${a.id}/transitions`, { transition: 'send_to_maintenance', evidence: { maintenance_reason: 'Fan noise' } }, { 'if-match': '"1"' }),
        api.call('POST', `/api/v1/assets/${a.id}/transitions`, { transition: 'report_missing', evidence: { noticed_on: '2026-01-01' } }, { 'if-match': '"1"' }),
      ]);
      const winner = expectOneWinner(results);
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body).toMatchObject({ stage: winner.body.stage, version: 2 });
      const after = await snapshotCounts(api.db);
      expect(after['lifecycle_transitions']).toBe(before['lifecycle_transitions']! + 1);
      expect(after['events']).toBe(before['events']! + 1);
    }
  });

  it('lets exactly one of two concurrent assignments win, leaving one open assignment', async () => {
    const other = await create(api, '/api/v1/people', { name: 'Other racer' });
    for (let round = 0; round < ROUNDS; round++) {
      const a = await laptop();
      const results = await Promise.all([person, other].map((p) => api.call('POST', `/api/v1/assets/${a.id}/assign`, { personId: p.id }, { 'if-match': '"1"' })));
      const winner = expectOneWinner(results);
      const periods = (await ok(api, 'GET', `/api/v1/assets/${a.id}/assignments`)).body.items;
      expect(periods).toEqual([expect.objectContaining({ personId: winner.body.assignedPersonId, endedOn: null })]);
    }
  });

  it('lets exactly one of two concurrent IMAC records win', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await laptop();
      const results = await Promise.all(['Dock', 'Second screen'].map((details) =>
        api.call('POST', `/api/v1/assets/${a.id}/imac`, { action: 'add', performedOn: '2026-01-02', details }, { 'if-match': '"1"' })));
      expectOneWinner(results);
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}/imac`)).body.items).toHaveLength(1);
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body.version).toBe(2);
    }
  });

  it('never lets a DELETE and a PATCH racing on the same version both succeed', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await laptop();
      const [patch, del] = await Promise.all([
        api.call('PATCH', `/api/v1/assets/${a.id}`, { notes: 'edited' }, { 'if-match': '"1"' }),
        api.call('DELETE', `/api/v1/assets/${a.id}`, { reason: 'Created in error' }, { 'if-match': '"1"' }),
      ]);
      const outcome = [patch.status, del.status];
      expect([[200, 412], [404, 204]], JSON.stringify([patch.body, del.body])).toContainEqual(outcome);
      const actions = (await history(a.id)).map((e: any) => e.action);
      expect(actions).toEqual(outcome[0] === 200 ? ['update', 'create'] : ['delete', 'create']);
    }
  });

  it('lets exactly one of two concurrent reference-data PATCHes win', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const loc = await create(api, '/api/v1/locations', { name: uniq('Site '), kind: 'site' });
      const results = await Promise.all(['North', 'South'].map((address) => api.call('PATCH', `/api/v1/locations/${loc.id}`, { address }, { 'if-match': '"1"' })));
      expectOneWinner(results);
      expect((await history(loc.id, 'locations')).map((e: any) => e.action)).toEqual(['update', 'create']);
    }
  });

  describe('POST /assets/bulk', () => {
    it('applies every valid item atomically, reporting new versions', async () => {
      const [a, b, c] = [await laptop(), await laptop(), await laptop()];
      const before = await snapshotCounts(api.db);
      const res = await ok(api, 'POST', '/api/v1/assets/bulk', {
        reason: 'Quarterly clean-up',
        items: [
          { id: a.id, version: 1, set: { notes: 'Bulk note' } },
          { id: b.id, version: 1, transition: { transition: 'send_to_maintenance', evidence: { maintenance_reason: 'Keyboard' } } },
          { id: c.id, version: 1, set: { name: 'Renamed' }, transition: { transition: 'assign', evidence: { assigned_person_id: person.id } } },
        ],
      });
      expect(res.body).toEqual({ applied: true, results: [{ id: a.id, ok: true, version: 2, errors: [] }, { id: b.id, ok: true, version: 2, errors: [] }, { id: c.id, ok: true, version: 3, errors: [] }] });
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body).toMatchObject({ notes: 'Bulk note', version: 2 });
      expect((await ok(api, 'GET', `/api/v1/assets/${b.id}`)).body).toMatchObject({ stage: 'maintenance', version: 2 });
      expect((await ok(api, 'GET', `/api/v1/assets/${c.id}`)).body).toMatchObject({ name: 'Renamed', stage: 'in_use', assignedPersonId: person.id, version: 3 });
      const after = await snapshotCounts(api.db);
      expect(after['events']).toBe(before['events']! + 4);
      expect((await history(c.id))[0]).toMatchObject({ reason: 'Quarterly clean-up', source: 'api' });
    });

    it('applies nothing when one item is invalid (422 with per-item results)', async () => {
      const [a, b, c] = [await laptop(), await laptop(), await laptop({ tag: uniq('BULK-') })];
      const res = await refused(api, () => api.call('POST', '/api/v1/assets/bulk', {
        items: [
          { id: a.id, version: 1, set: { notes: 'Would be fine' } },
          { id: b.id, version: 1, set: { tag: c.tag.toLowerCase() } },
          { id: c.id, version: 1, transition: { transition: 'dispose', evidence: {} } },
        ],
      }), 422, 'VALIDATION_FAILED');
      expect(res.body.applied).toBe(false);
      expect(res.body.results).toEqual([
        { id: a.id, ok: true, version: 2, errors: [] },
        { id: b.id, ok: false, errors: [expect.objectContaining({ code: 'ASSET_TAG_TAKEN', field: 'tag' })] },
        { id: c.id, ok: false, errors: [expect.objectContaining({ code: 'LIFECYCLE_TRANSITION_NOT_ALLOWED' })] },
      ]);
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body).toMatchObject({ notes: null, version: 1 });
    });

    it('answers 404 for the whole request when an item does not exist, and applies nothing', async () => {
      const a = await laptop();
      await refused(api, () => api.call('POST', '/api/v1/assets/bulk', {
        items: [
          { id: a.id, version: 1, set: { notes: 'Would be fine' } },
          { id: '00000000-0000-7000-8000-000000000000', version: 1, set: { notes: 'ghost' } },
        ],
      }), 404, 'NOT_FOUND');
      expect((await ok(api, 'GET', `/api/v1/assets/${a.id}`)).body).toMatchObject({ notes: null, version: 1 });
    });

    it('refuses stale versions, duplicate and empty items without writing', async () => {
      const a = await laptop();
      await ok(api, 'PATCH', `/api/v1/assets/${a.id}`, { notes: 'moved on' }, { 'if-match': '"1"' });
      const stale = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets/bulk', { items: [{ id: a.id, version: 1, set: { notes: 'stale' } }] });
      expect(stale.body.results).toEqual([{ id: a.id, ok: false, errors: [expect.objectContaining({ code: 'VERSION_MISMATCH' })] }]);
      await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets/bulk', { items: [{ id: a.id, version: 2, set: { notes: 'x' } }, { id: a.id, version: 2, set: { notes: 'y' } }] });
      await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets/bulk', { items: [{ id: a.id, version: 2 }] });
      await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets/bulk', { items: [] });
      await refuse(api, 422, 'UNKNOWN_FIELD', 'POST', '/api/v1/assets/bulk', { items: [{ id: a.id, version: 2, set: { stage: 'disposed' } }] });
    });

    it('dryRun reports the verdicts and writes nothing', async () => {
      const [a, b] = [await laptop(), await laptop()];
      const items = [{ id: a.id, version: 1, set: { notes: 'dry' } }, { id: b.id, version: 1, transition: { transition: 'report_missing', evidence: { noticed_on: '2026-01-01' } } }];
      const before = await snapshotCounts(api.db);
      const res = await ok(api, 'POST', '/api/v1/assets/bulk', { dryRun: true, items });
      expect(res.body).toEqual({ applied: false, results: [{ id: a.id, ok: true, version: 2, errors: [] }, { id: b.id, ok: true, version: 2, errors: [] }] });
      expect(await snapshotCounts(api.db)).toEqual(before);
      expect((await ok(api, 'GET', `/api/v1/assets/${b.id}`)).body).toMatchObject({ stage: 'in_stock', version: 1 });
      const bad = await refuse(api, 422, 'VALIDATION_FAILED', 'POST', '/api/v1/assets/bulk', { dryRun: true, items: [items[0], { ...items[1], version: 5 }] });
      expect(bad.body.results.map((r: any) => r.ok)).toEqual([true, false]);
    });
  });
});
