import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { count, importEvents, openImportDb, opts, refused, rowsOf } from '../../../../test/support/import.js';
import type { Context } from '../shared/context.js';
import { createReference } from '../reference/crud.js';
import { locations } from '../reference/resources.js';
import { importLocations } from './import-locations.js';

describe.each(ENGINES)('importLocations ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  beforeAll(async () => {
    ({ db, ctx } = await openImportDb(engine));
    // Two existing sites share a code, and two floors share a name: both must be reported, never guessed.
    await createReference(ctx, locations, { name: 'Old Site A', code: 'OLD', kind: 'site' });
    await createReference(ctx, locations, { name: 'Old Site B', code: 'OLD', kind: 'site' });
    await createReference(ctx, locations, { name: 'Floor 1', code: 'F1-A', kind: 'floor' });
    await createReference(ctx, locations, { name: 'Floor 1', code: 'F1-B', kind: 'floor' });
  });
  afterAll(async () => { await db.dispose(); });

  const byCode = (code: string) => db.db.selectFrom('locations').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

  it('creates a tree with parents earlier in the file, one import event each and an import run', async () => {
    const eventsBefore = await count(db, 'events');
    const report = await importLocations(ctx, rowsOf([
      { name: 'Germany', code: 'DE', kind: 'Country' },
      { name: 'Berlin Office', code: 'BER', parent: 'de', address: 'Unter den Linden 1', latitude: '52.517', longitude: '13.389' },
      { name: 'Building A', kind: 'building', parent: 'Berlin Office' },
    ]), opts({ fileName: 'locations.csv' }));
    expect(report).toMatchObject({ applied: true, rows: 3, created: 3, updated: 0, skipped: 0, problems: [] });
    const de = await byCode('DE');
    const ber = await byCode('BER');
    expect(de.kind).toBe('country');
    expect(ber).toMatchObject({ parent_id: de.id, kind: 'site', address: 'Unter den Linden 1' });
    expect(Number(ber.latitude)).toBeCloseTo(52.517);
    const building = await db.db.selectFrom('locations').selectAll().where('name', '=', 'Building A').executeTakeFirstOrThrow();
    expect(building.parent_id).toBe(ber.id);
    expect(building.path.startsWith(ber.path)).toBe(true);
    expect(await count(db, 'events')).toBe(eventsBefore + 3);
    expect((await importEvents(db, 'location')).at(-1)).toMatchObject({ entity_id: building.id, action: 'import', source: 'import', reason: 'Import of locations.csv' });
    const run = await db.db.selectFrom('import_runs').selectAll().where('id', '=', report.importId!).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'locations', status: 'applied' });
  });

  it('refuses the whole file for one bad row and names its line and column', async () => {
    const report = await refused(db, ['locations'], () => importLocations(ctx, rowsOf([
      { name: 'Fine', code: 'FINE' },
      { name: 'Off the map', latitude: '200' },
      { name: 'Odd', kind: 'planet' },
      { name: '', code: 'NONAME' },
    ]), opts()));
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'latitude' }),
      expect.objectContaining({ line: 4, column: 'kind', code: 'INVALID_VALUE' }),
      expect.objectContaining({ line: 5, column: 'name' }),
    ]);
  });

  it('refuses duplicates within the file: same code, or same parent and name', async () => {
    const report = await refused(db, ['locations'], () => importLocations(ctx, rowsOf([
      { name: 'Lab', code: 'LAB', parent: 'BER' },
      { name: 'Lab 2', code: 'lab' },
      { name: 'LAB', parent: 'BER' },
    ]), opts()));
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'code', code: 'DUPLICATE_IN_FILE' }),
      expect.objectContaining({ line: 4, column: 'name', code: 'DUPLICATE_IN_FILE', message: 'Same parent and name as line 2' }),
    ]);
  });

  it('refuses unknown parents, parents on later lines, ambiguous parents and ambiguous matches', async () => {
    const report = await refused(db, ['locations'], () => importLocations(ctx, rowsOf([
      { name: 'Room 1', parent: 'Later Site' },
      { name: 'Later Site', code: 'LATER' },
      { name: 'Room 2', parent: 'Floor 1' },
      { name: 'Renamed', code: 'OLD' },
    ]), opts({ mode: 'upsert' })));
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 2, column: 'parent', code: 'REFERENCE_NOT_FOUND' }),
      expect.objectContaining({ line: 4, column: 'parent', code: 'REFERENCE_AMBIGUOUS' }),
      expect.objectContaining({ line: 5, column: 'code', code: 'MATCH_AMBIGUOUS' }),
    ]);
  });

  it('re-running a file creates no duplicates; upsert updates and moves', async () => {
    const rows: Record<string, string>[] = [
      { name: 'Germany', code: 'DE', kind: 'country' },
      { name: 'Berlin Office', code: 'BER', parent: 'DE' },
      { name: 'Building A', kind: 'building', parent: 'BER' },
    ];
    const locationsBefore = await count(db, 'locations');
    expect(await importLocations(ctx, rowsOf(rows), opts())).toMatchObject({ applied: true, created: 0, skipped: 3 });
    const events = await count(db, 'events');
    expect(await importLocations(ctx, rowsOf(rows), opts({ mode: 'upsert' }))).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    expect(await count(db, 'events')).toBe(events);
    expect(await count(db, 'locations')).toBe(locationsBefore);

    const report = await importLocations(ctx, rowsOf([
      { name: 'France', code: 'FR', kind: 'country' },
      { name: 'Berlin Office', code: 'BER', parent: 'FR', address: 'Somewhere else' },
    ]), opts({ mode: 'upsert' }));
    expect(report).toMatchObject({ created: 1, updated: 1, skipped: 0 });
    const fr = await byCode('FR');
    const ber = await byCode('BER');
    expect(ber).toMatchObject({ parent_id: fr.id, address: 'Somewhere else' });
    const building = await db.db.selectFrom('locations').selectAll().where('name', '=', 'Building A').executeTakeFirstOrThrow();
    expect(building.path.startsWith(fr.path)).toBe(true);
    expect((await importEvents(db, 'location')).at(-1)).toMatchObject({ entity_id: ber.id, action: 'import' });
  });

  it('refuses an upsert that would move a location under itself', async () => {
    const report = await refused(db, ['locations'], () => importLocations(ctx, rowsOf([{ name: 'France', code: 'FR', parent: 'BER' }]), opts({ mode: 'upsert' })));
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, column: 'parent', code: 'TREE_CYCLE' })]);
  });
});
