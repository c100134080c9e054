import { describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { openDatabase, verifyEventChain } from '@custodia/data';
import { ENGINES } from '../../../test/support/databases.js';
import { create, expectProblem, ok, uniq } from './support/http.js';
import { serverForBlock } from './support/server.js';

/** Writes whose checks read other rows: racing them must not let both pass (the races show on PostgreSQL). */
describe.each(ENGINES)('write races ($name)', (engine) => {
  const { api, types } = serverForBlock(engine);

  for (const path of ['locations', 'org-units']) {
    const kind = path === 'locations' ? 'site' : 'country';
    it(`${path}: two crossed moves (A under B, B under A) at once never make a cycle; one is refused TREE_CYCLE`, async () => {
      for (let i = 0; i < 6; i++) {
        const a = await create(api, `/api/v1/${path}`, { name: uniq('A'), kind });
        const b = await create(api, `/api/v1/${path}`, { name: uniq('B'), kind });
        const r = await Promise.all([
          api.call('PATCH', `/api/v1/${path}/${a.id}`, { parentId: b.id }, { 'if-match': '"1"' }),
          api.call('PATCH', `/api/v1/${path}/${b.id}`, { parentId: a.id }, { 'if-match': '"1"' }),
        ]);
        const shown = JSON.stringify(r.map((x) => [x.status, x.body?.code]));
        expect(r.filter((x) => x.status === 200), shown).toHaveLength(1);
        expectProblem(r.find((x) => x.status !== 200)!, 422, 'VALIDATION_FAILED');
        expect(r.find((x) => x.status !== 200)!.body.errors[0].code).toBe('TREE_CYCLE');
        const A = (await ok(api, 'GET', `/api/v1/${path}/${a.id}`)).body;
        const B = (await ok(api, 'GET', `/api/v1/${path}/${b.id}`)).body;
        expect(A.parentId === b.id && B.parentId === a.id, shown).toBe(false);
        const [child, parent] = A.parentId === b.id ? [A, B] : [B, A];
        expect(child.path).toBe(`${parent.path}${child.id}/`);
      }
    });

    it(`${path}: a child created while its parent moves gets the parent's new path, and so do its own children`, async () => {
      for (let i = 0; i < 6; i++) {
        const root = await create(api, `/api/v1/${path}`, { name: uniq('R'), kind });
        const n = await create(api, `/api/v1/${path}`, { name: uniq('N'), kind });
        const [mv, ch] = await Promise.all([
          api.call('PATCH', `/api/v1/${path}/${n.id}`, { parentId: root.id }, { 'if-match': '"1"' }),
          api.call('POST', `/api/v1/${path}`, { name: uniq('C'), kind, parentId: n.id }),
        ]);
        expect([mv.status, ch.status]).toEqual([200, 201]);
        const moved = (await ok(api, 'GET', `/api/v1/${path}/${n.id}`)).body;
        const c = (await ok(api, 'GET', `/api/v1/${path}/${ch.body.id}`)).body;
        expect(moved.path.startsWith(root.path)).toBe(true);
        expect(c.path).toBe(`${moved.path}${c.id}/`);
      }
    });
  }
  it('an attribute made unique while an asset with the same value is created: never both (one refused, nothing duplicated)', async () => {
    for (let i = 0; i < 6; i++) {
      const t = await create(api, '/api/v1/asset-types', { key: uniq('dock_'), name: 'Dock', category: 'hardware', lifecycleModelId: types['laptop'].lifecycleModelId, tagPattern: `${uniq('D').toUpperCase()}-{seq:4}`,
        attributeSchema: [{ key: 'mac_addr', label: 'MAC', type: 'text' }] });
      await create(api, '/api/v1/assets', { name: 'first', assetTypeId: t.id, tag: uniq('T'), attributes: { mac_addr: 'AA' } });
      const [u, c] = await Promise.all([
        api.call('PATCH', `/api/v1/asset-types/${t.id}`, { attributeSchema: [{ key: 'mac_addr', label: 'MAC', type: 'text', unique: true }] }, { 'if-match': '"1"' }),
        api.call('POST', '/api/v1/assets', { name: 'second', assetTypeId: t.id, tag: uniq('T'), attributes: { mac_addr: 'AA' } }),
      ]);
      const shown = JSON.stringify([[u.status, u.body?.code], [c.status, c.body?.code]]);
      expect(u.status === 200 && c.status === 201, shown).toBe(false);
      expect([u.status, c.status].filter((s) => s >= 400), shown).toHaveLength(1);
    }
  });

  it('a person deleted while an asset attribute starts naming them: either the delete is refused IN_USE or the edit REFERENCE_NOT_FOUND', async () => {
    const t = await create(api, '/api/v1/asset-types', { key: uniq('kit_'), name: 'Kit', category: 'hardware', lifecycleModelId: types['laptop'].lifecycleModelId, tagPattern: `${uniq('K').toUpperCase()}-{seq:4}`,
      attributeSchema: [{ key: 'owner_ref', label: 'Owner', type: 'person_ref' }, { key: 'place_ref', label: 'Place', type: 'location_ref' }] });
    for (let i = 0; i < 6; i++) {
      const p = await create(api, '/api/v1/people', { name: uniq('P ') });
      const l = await create(api, '/api/v1/locations', { name: uniq('L '), kind: 'site' });
      const a = await create(api, '/api/v1/assets', { name: 'kit', assetTypeId: t.id });
      const [d, dl, u] = await Promise.all([
        api.call('DELETE', `/api/v1/people/${p.id}`, { reason: 'erroneous' }, { 'if-match': '"1"' }),
        api.call('DELETE', `/api/v1/locations/${l.id}`, { reason: 'erroneous' }, { 'if-match': '"1"' }),
        api.call('PATCH', `/api/v1/assets/${a.id}`, { attributes: { owner_ref: p.id, place_ref: l.id } }, { 'if-match': '"1"' }),
      ]);
      const shown = JSON.stringify([d, dl, u].map((x) => [x.status, x.body?.code]));
      if (u.status === 200) {
        expect([d.status, dl.status], shown).toEqual([409, 409]);
        expect([d.body.code, dl.body.code], shown).toEqual(['IN_USE', 'IN_USE']);
      } else {
        expectProblem(u, 422, 'REFERENCE_NOT_FOUND');
        expect((await api.call('GET', `/api/v1/assets/${a.id}`)).body.attributes.owner_ref ?? null, shown).toBeNull();
      }
    }
  });
  it('the chain verifies intact while the server keeps writing (the head is read first, later events left to the next run)', async () => {
    const p = await create(api, '/api/v1/people', { name: uniq('Writer ') });
    // An event is appended right after the verification reads its last page: exactly the moment a late head read saw
    // more events in the head than it had verified.
    let armed = true;
    const writeOnLastPage: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (armed && args.result.rows.length === 0) {
          armed = false;
          await ok(api, 'PATCH', `/api/v1/people/${p.id}`, { name: uniq('Writer ') }, { 'if-match': `"${p.version}"` });
        }
        return args.result;
      },
    };
    // Its own connection: the server's pool serves the write meanwhile.
    const reader = await openDatabase(api.db.target, { migrate: false });
    const report = await verifyEventChain(reader.db.withPlugin(writeOnLastPage)).finally(() => reader.close());
    expect(armed, 'the write happened during the verification').toBe(false);
    expect(report, JSON.stringify(report)).toMatchObject({ ok: true });
    expect(await verifyEventChain(api.db.db)).toMatchObject({ ok: true, events: (report as { events: number }).events + 1 });
    // An event no head accounts for (inserted behind the application's back) is still found.
    const last = await api.db.db.selectFrom('events').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await api.db.db.insertInto('events').values({ ...last, seq: Number(last.seq) + 1 } as never).execute();
    expect(await verifyEventChain(api.db.db)).toMatchObject({ ok: false, break: { seq: Number(last.seq) + 1 } });
  });
});
