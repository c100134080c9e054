import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { count, importEvents, openImportDb, opts, refused, rowsOf } from '../../../../test/support/import.js';
import type { Context } from '../shared/context.js';
import { createReference } from '../reference/crud.js';
import { catalogueModels, manufacturers } from '../reference/resources.js';
import { type ModelImportReport, importModels } from './import-models.js';

describe.each(ENGINES)('importModels ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  let dellId = '';
  let laptopId = '';
  beforeAll(async () => {
    ({ db, ctx } = await openImportDb(engine));
    dellId = (await createReference<{ id: string }>(ctx, manufacturers, { name: 'Dell' })).id;
    laptopId = (await db.db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id;
    // Two existing Dell models share a name: a row matched only by that name must be reported.
    for (const modelNumber of ['OPT-1', 'OPT-2']) {
      await createReference(ctx, catalogueModels, { name: 'OptiPlex', manufacturerId: dellId, assetTypeId: laptopId, modelNumber, defaultSpecs: {} });
    }
  });
  afterAll(async () => { await db.dispose(); });

  const model = (name: string) => db.db.selectFrom('catalogue_models').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  it('creates models, creates unknown manufacturers once, with one import event per record and an import run', async () => {
    const eventsBefore = await count(db, 'events');
    const report = await importModels(ctx, rowsOf([
      { name: 'Latitude 5440', manufacturer: 'DELL', model_number: 'LAT-5440', type: 'laptop', eol_months: '48', substitution_group: 'std-laptop', usage_policy: 'Encrypted before hand-over' },
      { name: 'ThinkPad T14', manufacturer: 'Lenovo', model_number: '21HD', type: 'Laptop', eol_date: '2030-12-31' },
      { name: 'ThinkPad X1', manufacturer: 'lenovo', type: 'laptop' },
    ]), opts({ fileName: 'models.csv' }));
    expect(report).toMatchObject({ applied: true, rows: 3, created: 3, updated: 0, skipped: 0, problems: [], manufacturersCreated: ['Lenovo'] });
    const lenovo = await db.db.selectFrom('manufacturers').selectAll().where('name', '=', 'Lenovo').executeTakeFirstOrThrow();
    expect(await model('Latitude 5440')).toMatchObject({ manufacturer_id: dellId, asset_type_id: laptopId, model_number: 'LAT-5440', substitution_group: 'std-laptop', usage_policy: 'Encrypted before hand-over' });
    expect(Number((await model('Latitude 5440')).eol_months)).toBe(48);
    expect(await model('ThinkPad X1')).toMatchObject({ manufacturer_id: lenovo.id, model_number: null, usage_policy: null });
    expect(String((await model('ThinkPad T14')).eol_date)).toContain('2030-12-31');
    expect(await count(db, 'events')).toBe(eventsBefore + 4);
    expect((await importEvents(db, 'manufacturer')).at(-1)).toMatchObject({ entity_id: lenovo.id, action: 'import', source: 'import' });
    expect((await importEvents(db, 'catalogue_model')).at(-1)).toMatchObject({ action: 'import', source: 'import', reason: 'Import of models.csv' });
    const run = await db.db.selectFrom('import_runs').selectAll().where('id', '=', report.importId!).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'models', status: 'applied' });
  });

  it('refuses the whole file for one bad row, new manufacturers included, and names its line and column', async () => {
    const report = await refused(db, ['catalogue_models', 'manufacturers'], () => importModels(ctx, rowsOf([
      { name: 'Good', manufacturer: 'Brand New Maker', type: 'laptop' },
      { name: 'Typeless', manufacturer: 'Dell', type: 'toaster' },
      { name: 'Bad EOL', manufacturer: 'Dell', type: 'laptop', eol_months: 'four years', eol_date: '2030-02-30' },
      { name: 'Makerless', type: 'laptop' },
    ]), opts())) as ModelImportReport;
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'type', code: 'REFERENCE_NOT_FOUND' }),
      expect.objectContaining({ line: 4, column: 'eol_date' }),
      expect.objectContaining({ line: 4, column: 'eol_months' }),
      expect.objectContaining({ line: 5, column: 'manufacturer', code: 'REQUIRED' }),
    ]);
    expect(report.manufacturersCreated).toEqual(['Brand New Maker']);
  });

  it('refuses duplicates within the file', async () => {
    const report = await refused(db, ['catalogue_models'], () => importModels(ctx, rowsOf([
      { name: 'Precision 3580', manufacturer: 'Dell', model_number: 'P-3580', type: 'laptop' },
      { name: 'Precision 3580 (copy)', manufacturer: 'dell', model_number: 'p-3580', type: 'laptop' },
      { name: 'PRECISION 3580', manufacturer: 'Dell', type: 'laptop' },
    ]), opts()));
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'model_number', code: 'DUPLICATE_IN_FILE', message: 'Same manufacturer and model number as line 2' }),
      expect.objectContaining({ line: 4, column: 'name', code: 'DUPLICATE_IN_FILE' }),
    ]);
  });

  it('reports a row that could match several existing models', async () => {
    const report = await refused(db, ['catalogue_models'], () => importModels(ctx, rowsOf([{ name: 'OptiPlex', manufacturer: 'Dell', type: 'laptop' }]), opts()));
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, column: 'name', code: 'MATCH_AMBIGUOUS' })]);
  });

  it('re-running a file creates no duplicates; upsert updates matches by model number, then by name', async () => {
    const rows: Record<string, string>[] = [
      { name: 'Latitude 5440', manufacturer: 'Dell', model_number: 'LAT-5440', type: 'laptop', eol_months: '48' },
      { name: 'ThinkPad X1', manufacturer: 'Lenovo', type: 'laptop' },
    ];
    const models = await count(db, 'catalogue_models');
    expect(await importModels(ctx, rowsOf(rows), opts())).toMatchObject({ applied: true, created: 0, skipped: 2, manufacturersCreated: [] });
    const events = await count(db, 'events');
    expect(await importModels(ctx, rowsOf(rows), opts({ mode: 'upsert' }))).toMatchObject({ created: 0, updated: 0, skipped: 2 });
    expect(await count(db, 'events')).toBe(events);

    const report = await importModels(ctx, rowsOf([
      { name: 'Latitude 5440 (2024)', manufacturer: 'Dell', model_number: 'lat-5440', type: 'laptop', eol_months: '60' },
      { name: 'ThinkPad X1', manufacturer: 'Lenovo', model_number: '21KC', type: 'laptop' },
    ]), opts({ mode: 'upsert' }));
    expect(report).toMatchObject({ created: 0, updated: 2, skipped: 0 });
    expect(await count(db, 'catalogue_models')).toBe(models);
    expect(Number((await model('Latitude 5440 (2024)')).eol_months)).toBe(60);
    expect((await model('ThinkPad X1')).model_number).toBe('21KC');
    expect(await count(db, 'events')).toBe(events + 2);
  });

  it('a dry run reports the manufacturers it would create and writes nothing', async () => {
    const manufacturersBefore = await count(db, 'manufacturers');
    const report = await importModels(ctx, rowsOf([{ name: 'Surface 7', manufacturer: 'Microsoft', type: 'laptop' }]), opts({ dryRun: true }));
    expect(report).toMatchObject({ applied: false, created: 1, manufacturersCreated: ['Microsoft'] });
    expect(await count(db, 'manufacturers')).toBe(manufacturersBefore);
  });
});
