import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceIdentity, hostnameKeyOf, serialKey } from '@custodia/domain';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { openImportDb } from '../../../../test/support/import.js';
import { capturingQueries, sqlitePlan } from '../../../../test/support/query-plan.js';
import type { Context } from '../shared/context.js';
import { createAsset } from '../assets/create-asset.js';
import { createReference } from '../reference/crud.js';
import { catalogueModels, manufacturers } from '../reference/resources.js';
import { assetCandidateQueries, candidateAssets, candidateDevices, deviceCandidatesQuery } from './register-candidates.js';
import { latestOfSubject } from './discrepancy-store.js';
import { queuePageQuery } from './discrepancies.js';
import { listDevices } from './devices.js';
import { encodeCursor } from '../shared/pagination.js';
import { SCOPE_ALL } from '@custodia/domain';

/** What a report carrying these identifiers normalises to. */
function identityOf(reported: { serial?: string; uuid?: string; hostname?: string; agentDeviceId?: string }): DeviceIdentity {
  return {
    serial: reported.serial ?? null, serialKey: reported.serial ? serialKey(reported.serial) : null, uuid: reported.uuid ?? null, macs: [],
    hostname: reported.hostname ?? null, hostnameKey: reported.hostname ? hostnameKeyOf(reported.hostname) : null, fqdn: null,
    manufacturer: null, model: null, agentDeviceId: reported.agentDeviceId ?? null, virtual: false, ignored: [],
  };
}

describe.each(ENGINES)('discovery look-ups ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  let laptopType = '';
  let dell = '';
  let dellModel = '';
  beforeAll(async () => {
    ({ db, ctx } = await openImportDb(engine));
    laptopType = (await db.db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id;
    dell = (await createReference<{ id: string }>(ctx, manufacturers, { name: 'Dell' })).id;
    // An asset's manufacturer is its catalogue model's, and its serial is unique within that manufacturer.
    dellModel = (await createReference<{ id: string }>(ctx, catalogueModels, { name: 'Latitude 5440', manufacturerId: dell, assetTypeId: laptopType, defaultSpecs: {} })).id;
  });
  afterAll(async () => { await db.dispose(); });

  it('finds assets by serial whatever their manufacturer, by host name and by linked id', async () => {
    const withMaker = await createAsset(ctx, { assetTypeId: laptopType, name: 'pc-1', serial: 'SER-ONE', modelId: dellModel });
    expect(withMaker.manufacturerId).toBe(dell);
    const without = await createAsset(ctx, { assetTypeId: laptopType, name: 'pc-2', serial: 'SER-TWO' });
    const named = await createAsset(ctx, { assetTypeId: laptopType, name: 'build-host-7' });
    await createAsset(ctx, { assetTypeId: laptopType, name: 'unrelated', serial: 'SER-THREE' });
    const found = (identity: ReturnType<typeof identityOf>, linked: string[] = []) =>
      db.db.transaction().execute(async (tx) => (await candidateAssets(tx, identity, linked.map((id) => ({ asset_id: id }) as never))).map((r) => r.id).sort());

    expect(await found(identityOf({ serial: 'ser-one' }))).toEqual([withMaker.id]);
    expect(await found(identityOf({ serial: 'SER-TWO' }))).toEqual([without.id]);
    expect(await found(identityOf({ hostname: 'BUILD-HOST-7' }))).toEqual([named.id]);
    expect(await found(identityOf({ serial: 'SER-ONE', hostname: 'build-host-7' }), [without.id])).toEqual([withMaker.id, without.id, named.id].sort());
    expect(await found(identityOf({ serial: 'NOPE', hostname: 'nowhere' }))).toEqual([]);
  });

  it('asks nothing of the database when the report carries no identifier', async () => {
    expect(deviceCandidatesQuery(db.db, identityOf({}), [])).toBeNull();
    expect(assetCandidateQueries(db.db, null, [], [])).toEqual([]);
    expect(await db.db.transaction().execute((tx) => candidateDevices(tx, identityOf({})))).toEqual([]);
  });

  // The plan is SQLite's: PostgreSQL's planner rightly prefers a sequential scan of tables this small.
  it.runIf(engine.name === 'sqlite')('looks candidates up through indexes, never by scanning devices or assets', async () => {
    const identity = identityOf({ serial: 'S-1', uuid: 'u-1', hostname: 'h-1', agentDeviceId: 'agent-1' });
    const queries = [deviceCandidatesQuery(db.db, identity, ['d-1'])!, ...assetCandidateQueries(db.db, 's-1', ['a-1'], ['h-1', 'H-1'])];
    expect(queries).toHaveLength(4);
    for (const query of queries) {
      const plan = await sqlitePlan(db, query);
      expect(plan, query.compile().sql).not.toMatch(/SCAN (assets|discovered_devices)\b/);
      expect(plan).toMatch(/USING (INDEX|PRIMARY KEY|COVERING INDEX)/);
    }
  });

  it.runIf(engine.name === 'sqlite')('reads the latest discrepancy of a subject through an index', async () => {
    const plan = await sqlitePlan(db, latestOfSubject(db.db, 'unregistered:device:x'));
    expect(plan).toMatch(/SEARCH discrepancies USING INDEX discrepancies_subject_latest/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it.runIf(engine.name === 'sqlite')('pages the discrepancy queue in index order, whatever the filter', async () => {
    const cursor = encodeCursor({ v: '2026-11-29T00:00:00.000Z', id: 'x' });
    for (const filter of [{}, { status: 'open' as const }, { status: 'open' as const, kind: 'unregistered' as const }, { auditRunId: 'r' }]) {
      for (const page of [{ limit: 50 }, { limit: 50, cursor }]) {
        const plan = await sqlitePlan(db, queuePageQuery(db.db, SCOPE_ALL, { ...filter, ...page }));
        expect(plan, JSON.stringify({ filter, page })).toMatch(/SEARCH discrepancies USING INDEX|SCAN discrepancies USING INDEX/);
        expect(plan, JSON.stringify({ filter, page })).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      }
    }
  });

  it.runIf(engine.name === 'sqlite')('pages the queue in raised order through an index, whatever the filter', async () => {
    const cursor = encodeCursor({ v: '2026-11-29T00:00:00.000Z', id: 'x', k: 'createdAt' });
    for (const filter of [{}, { status: 'open' as const }, { status: 'open' as const, kind: 'unregistered' as const }]) {
      for (const page of [{ limit: 50 }, { limit: 50, cursor }]) {
        const plan = await sqlitePlan(db, queuePageQuery(db.db, SCOPE_ALL, { ...filter, ...page, sort: '-createdAt' }));
        expect(plan, JSON.stringify({ filter, page })).toMatch(/SEARCH discrepancies USING INDEX|SCAN discrepancies USING INDEX/);
        expect(plan, JSON.stringify({ filter, page })).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      }
    }
  });

  it.runIf(engine.name === 'sqlite')('pages devices by host name through its index, named ones and then the others', async () => {
    const cursors = [undefined, encodeCursor({ v: 'host-1', id: 'x', k: 'hostname' }), encodeCursor({ v: '', id: 'x', k: 'hostname-none' })];
    for (const cursor of cursors) {
      const { queries } = await capturingQueries(db, (database) => listDevices({ ...ctx, database }, { sort: 'hostname', limit: 50, ...(cursor ? { cursor } : {}) }));
      expect(queries.length, String(cursor)).toBeGreaterThan(0);
      for (const query of queries) {
        const plan = await sqlitePlan(db, { compile: () => query });
        expect(plan, query.sql).toMatch(/(SEARCH|SCAN) discovered_devices USING (COVERING )?INDEX discovered_devices_hostname/);
        expect(plan, query.sql).not.toMatch(/TEMP B-TREE/);
      }
    }
  });
});
