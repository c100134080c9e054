import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { count, importEvents, openImportDb, opts, refused, rowsOf } from '../../../../test/support/import.js';
import type { Context } from '../shared/context.js';
import { importAssets } from './import-assets.js';

describe.each(ENGINES)('importAssets ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  beforeAll(async () => { ({ db, ctx } = await openImportDb(engine)); });
  afterAll(async () => { await db.dispose(); });

  const rows: Record<string, string>[] = [
    { type: 'laptop', name: 'Laptop one', serial: 'SN-1', 'attr.ram_gb': '16' },
    { type: 'Laptop', name: 'Laptop two', serial: 'SN-2', tag: 'LAP-900001' },
  ];

  it('creates assets with one import event each and an import run; a second run of the file is refused', async () => {
    const file = opts({ fileName: 'assets.csv', fileSha256: 'assets-file' });
    const report = await importAssets(ctx, rowsOf(rows), file);
    expect(report).toMatchObject({ applied: true, rows: 2, created: 2, updated: 0, skipped: 0, problems: [] });
    const events = await importEvents(db, 'asset');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ action: 'import', source: 'import', reason: 'Import of assets.csv' });
    expect(await db.db.selectFrom('import_runs').select('kind').where('id', '=', report.importId!).executeTakeFirstOrThrow()).toEqual({ kind: 'assets' });
    await expect(importAssets(ctx, rowsOf(rows), file)).rejects.toMatchObject({ code: 'IMPORT_ALREADY_APPLIED' });
  });

  it('skips matches in create mode and updates them in upsert mode', async () => {
    expect(await importAssets(ctx, rowsOf(rows), opts())).toMatchObject({ created: 0, skipped: 2 });
    const changed = [{ ...rows[0]!, name: 'Laptop one, renamed' }];
    expect(await importAssets(ctx, rowsOf(changed), opts({ mode: 'upsert' }))).toMatchObject({ created: 0, updated: 1, skipped: 0 });
    expect(await count(db, 'assets')).toBe(2);
  });

  it('refuses the whole file for one bad row and names its line and column', async () => {
    const report = await refused(db, ['assets'], () => importAssets(ctx, rowsOf([
      { type: 'laptop', name: 'Fine', serial: 'SN-3' },
      { type: 'laptop', name: 'Too much RAM', 'attr.ram_gb': 'lots' },
      { type: 'laptop', name: 'Copy', serial: 'SN-3' },
    ]), opts()));
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'attr.ram_gb' }),
      expect.objectContaining({ line: 4, column: 'serial', code: 'DUPLICATE_IN_FILE' }),
    ]);
  });

  it('a dry run reports and writes nothing', async () => {
    const report = await importAssets(ctx, rowsOf([{ type: 'laptop', name: 'Dry' }]), opts({ dryRun: true }));
    expect(report).toMatchObject({ applied: false, importId: null, created: 1 });
    expect(await count(db, 'assets')).toBe(2);
  });

  it('reads purchase costs with a decimal comma, and refuses one with a thousands separator, naming its line', async () => {
    const report = await refused(db, ['assets'], () => importAssets(ctx, rowsOf([
      { type: 'laptop', name: 'Comma cost', purchase_cost: '1349,50', currency: 'EUR' },
      { type: 'laptop', name: 'Grouped cost', purchase_cost: '1.349,50', currency: 'EUR' },
    ]), opts()));
    expect(report.problems).toEqual([expect.objectContaining({ line: 3, column: 'purchase_cost', code: 'INVALID_AMOUNT' })]);

    const applied = await importAssets(ctx, rowsOf([{ type: 'laptop', name: 'Comma cost', purchase_cost: '1349,50', currency: 'EUR' }]), opts());
    expect(applied).toMatchObject({ applied: true, created: 1, problems: [] });
    const stored = await db.db.selectFrom('assets').select(['purchase_cost_minor', 'purchase_currency']).where('name', '=', 'Comma cost').executeTakeFirstOrThrow();
    expect([Number(stored.purchase_cost_minor), stored.purchase_currency]).toEqual([134950, 'EUR']);
  });

  it('an upsert changes what the file gives and nothing else: absent columns, empty cells and unnamed attributes keep their values', async () => {
    const stored = async (tag: string) => {
      const a = await db.db.selectFrom('assets').select(['name', 'serial', 'notes', 'eol_date', 'attributes', 'version']).where('tag', '=', tag).executeTakeFirstOrThrow();
      return { ...a, eol_date: a.eol_date === null ? null : String(a.eol_date).slice(0, 10), attributes: typeof a.attributes === 'string' ? JSON.parse(a.attributes) : a.attributes, version: Number(a.version) };
    };
    expect(await importAssets(ctx, rowsOf([{ tag: 'LAP-950001', type: 'laptop', name: 'Build server', serial: 'SN-UP-1', notes: 'Rack B', eol_date: '2031-01-31', 'attr.cpu': 'Xeon', 'attr.ram_gb': '128', 'attr.encrypted': 'yes' }]), opts()).catch((e) => e.report ?? e)).toMatchObject({ created: 1 });
    const original = await stored('LAP-950001');
    expect(original.attributes).toEqual({ cpu: 'Xeon', ram_gb: 128, encrypted: true });

    // A file of tags and names only renames: the attributes (not reset to their defaults), serial, notes and end of life stay.
    expect(await importAssets(ctx, rowsOf([{ tag: 'LAP-950001', type: 'laptop', name: 'Build server 1', notes: '' }]), opts({ mode: 'upsert' }))).toMatchObject({ updated: 1, problems: [] });
    expect(await stored('LAP-950001')).toEqual({ ...original, name: 'Build server 1', version: 2 });
    // One attribute column changes that attribute only, and the history names only it.
    expect(await importAssets(ctx, rowsOf([{ tag: 'LAP-950001', type: 'laptop', 'attr.ram_gb': '256' }]), opts({ mode: 'upsert' }))).toMatchObject({ updated: 1 });
    expect((await stored('LAP-950001')).attributes).toEqual({ cpu: 'Xeon', ram_gb: 256, encrypted: true });
    const [last] = await db.db.selectFrom('events').select('changes').where('entity_type', '=', 'asset').orderBy('seq', 'desc').limit(1).execute();
    expect(Object.keys(JSON.parse(String(last!.changes)))).toEqual(['attributes']);

    // A required attribute the file leaves out is only needed by a row that registers a new asset.
    await importAssets(ctx, rowsOf([{ tag: 'LIC-950001', type: 'software_licence', name: 'Office seats', 'attr.product': 'Office', 'attr.seats': '10' }]), opts());
    expect(await importAssets(ctx, rowsOf([{ tag: 'LIC-950001', type: 'software_licence', 'attr.seats': '50' }]), opts({ mode: 'upsert' }))).toMatchObject({ updated: 1, problems: [] });
    expect((await stored('LIC-950001')).attributes).toEqual({ product: 'Office', seats: 50 });
    const report = await refused(db, ['assets'], () => importAssets(ctx, rowsOf([
      { tag: 'LIC-950001', type: 'software_licence', 'attr.seats': '60' },
      { tag: 'LIC-950002', type: 'software_licence', name: 'Visio seats', 'attr.seats': '5' },
    ]), opts({ mode: 'upsert' })));
    expect(report.problems).toEqual([expect.objectContaining({ line: 3, column: 'attr.product', code: 'ATTRIBUTE_REQUIRED' })]);
    expect((await stored('LIC-950001')).attributes).toEqual({ product: 'Office', seats: 50 });
  });

  it('names a missing asset type once, and a missing name only for a row that registers an asset', async () => {
    let report = await refused(db, ['assets'], () => importAssets(ctx, rowsOf([{ tag: 'LAP-950009', name: 'No type' }]), opts({ mode: 'upsert' })));
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, column: 'type', code: 'REQUIRED' })]);
    report = await refused(db, ['assets'], () => importAssets(ctx, rowsOf([{ type: 'laptop', serial: 'SN-NONAME' }]), opts()));
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, column: 'name', code: 'REQUIRED', message: 'A new asset needs a name' })]);
    // The same row updates the asset whose tag it names.
    expect(await importAssets(ctx, rowsOf([{ tag: 'LAP-950001', type: 'laptop', serial: 'SN-UP-1B' }]), opts({ mode: 'upsert' }))).toMatchObject({ updated: 1, problems: [] });
  });
});
