import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { count, importEvents, openImportDb, opts, refused, rowsOf } from '../../../../test/support/import.js';
import type { Context } from '../shared/context.js';
import { createReference } from '../reference/crud.js';
import { orgUnits } from '../reference/resources.js';
import { importPeople } from './import-people.js';

describe.each(ENGINES)('importPeople ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  let itId = '';
  beforeAll(async () => {
    ({ db, ctx } = await openImportDb(engine));
    itId = (await createReference<{ id: string }>(ctx, orgUnits, { name: 'Information Technology', code: 'IT', kind: 'department' })).id;
    await createReference(ctx, orgUnits, { name: 'Sales', code: 'S-EU', kind: 'department' });
    await createReference(ctx, orgUnits, { name: 'Sales', code: 'S-US', kind: 'department' });
  });
  afterAll(async () => { await db.dispose(); });

  const person = (email: string) => db.db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirstOrThrow();

  it('creates people with forward manager references, one import event each and an import run', async () => {
    const eventsBefore = await count(db, 'events');
    const report = await importPeople(ctx, rowsOf([
      { name: 'Ada Boss', email: 'ada@example.com', employee_number: 'E-1', org_unit: 'IT' },
      { first_name: 'Bob', last_name: 'Report', email: 'bob@example.com', manager: 'ADA@example.com', org_unit: 'information technology', active: 'no' },
      { name: 'Cy Numbers', employee_number: 'E-3', manager: 'E-1', active: 'yes' },
    ]), opts({ fileName: 'people.csv' }));
    expect(report).toMatchObject({ applied: true, rows: 3, created: 3, updated: 0, skipped: 0, problems: [] });
    const ada = await person('ada@example.com');
    const bob = await person('bob@example.com');
    expect(bob).toMatchObject({ name: 'Bob Report', manager_id: ada.id, org_unit_id: itId });
    expect(Boolean(bob.active)).toBe(false);
    expect(Boolean(ada.active)).toBe(true);
    const events = await importEvents(db, 'person');
    expect(events.filter((e) => e.entity_id === bob.id)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ action: 'import', source: 'import', actor: 'tester', reason: 'Import of people.csv' });
    expect(await count(db, 'events')).toBe(eventsBefore + 3);
    const run = await db.db.selectFrom('import_runs').selectAll().where('id', '=', report.importId!).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'people', status: 'applied', mode: 'create' });
    expect(Number(run.created_count)).toBe(3);
  });

  it('refuses the whole file for one bad row and names its line and column', async () => {
    const report = await refused(db, ['people'], () => importPeople(ctx, rowsOf([
      { name: 'Good One', email: 'good1@example.com' },
      { name: 'Bad Mail', email: 'not-an-email' },
      { name: 'No Id' },
      { name: 'Bad Flag', email: 'flag@example.com', active: 'perhaps' },
    ]), opts()));
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'email', code: 'INVALID_VALUE' }),
      expect.objectContaining({ line: 4, column: 'email', code: 'REQUIRED' }),
      expect.objectContaining({ line: 5, column: 'active', code: 'INVALID_VALUE' }),
    ]);
  });

  it('refuses duplicates within the file', async () => {
    const report = await refused(db, ['people'], () => importPeople(ctx, rowsOf([
      { name: 'Twin A', email: 'twin@example.com', employee_number: 'T-1' },
      { name: 'Twin B', email: 'TWIN@example.com' },
      { name: 'Twin C', email: 'other@example.com', employee_number: 't-1' },
    ]), opts()));
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'email', code: 'DUPLICATE_IN_FILE', message: 'Same e-mail as line 2' }),
      expect.objectContaining({ line: 4, column: 'employee_number', code: 'DUPLICATE_IN_FILE' }),
    ]);
  });

  it('refuses unknown references, references to later lines and ambiguous org units', async () => {
    const report = await refused(db, ['people'], () => importPeople(ctx, rowsOf([
      { name: 'Early', email: 'early@example.com', manager: 'late@example.com' },
      { name: 'Late', email: 'late@example.com', org_unit: 'Sales' },
      { name: 'Lost', email: 'lost@example.com', org_unit: 'Nowhere' },
    ]), opts()));
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 2, column: 'manager', code: 'REFERENCE_NOT_FOUND' }),
      expect.objectContaining({ line: 3, column: 'org_unit', code: 'REFERENCE_AMBIGUOUS' }),
      expect.objectContaining({ line: 4, column: 'org_unit', code: 'REFERENCE_NOT_FOUND' }),
    ]);
  });

  it('refuses a row whose e-mail and employee number match different people', async () => {
    const report = await refused(db, ['people'], () => importPeople(ctx, rowsOf([{ name: 'Mixed', email: 'bob@example.com', employee_number: 'E-3' }]), opts({ mode: 'upsert' })));
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, column: 'employee_number', code: 'MATCH_CONFLICT' })]);
  });

  it('re-running a file creates no duplicates; upsert updates only what changed', async () => {
    const rows: Record<string, string>[] = [
      { name: 'Ada Boss', email: 'ada@example.com', employee_number: 'E-1', org_unit: 'IT' },
      { name: 'Cy Numbers', employee_number: 'E-3', manager: 'E-1' },
    ];
    const file = opts({ fileSha256: 'people-rerun' });
    expect(await importPeople(ctx, rowsOf(rows), file)).toMatchObject({ applied: true, created: 0, skipped: 2 });
    await expect(importPeople(ctx, rowsOf(rows), file)).rejects.toMatchObject({ code: 'IMPORT_ALREADY_APPLIED' });
    const people = await count(db, 'people');
    const events = await count(db, 'events');
    expect(await importPeople(ctx, rowsOf(rows), opts({ mode: 'upsert' }))).toMatchObject({ applied: true, created: 0, updated: 0, skipped: 2 });
    expect(await count(db, 'events')).toBe(events);

    const changed = [{ name: 'Cyrus Numbers', email: 'cy@example.com', employee_number: 'e-3', active: 'false' }];
    expect(await importPeople(ctx, rowsOf(changed), opts({ mode: 'upsert' }))).toMatchObject({ created: 0, updated: 1, skipped: 0 });
    const cy = await person('cy@example.com');
    expect(cy).toMatchObject({ name: 'Cyrus Numbers', employee_number: 'e-3', manager_id: (await person('ada@example.com')).id });
    expect(Boolean(cy.active)).toBe(false);
    expect(await count(db, 'people')).toBe(people);
    const last = (await importEvents(db, 'person')).at(-1)!;
    expect(last).toMatchObject({ entity_id: cy.id, action: 'import', source: 'import' });
    expect(Object.keys(JSON.parse(last.changes))).toEqual(expect.arrayContaining(['name', 'email', 'active']));
  });

  it('a dry run reports and writes nothing', async () => {
    const people = await count(db, 'people');
    const report = await importPeople(ctx, rowsOf([{ name: 'Dry', email: 'dry@example.com' }]), opts({ dryRun: true }));
    expect(report).toMatchObject({ applied: false, importId: null, created: 1 });
    expect(await count(db, 'people')).toBe(people);
  });

  it('reports problems raised while writing, e.g. a person as their own manager', async () => {
    const report = await refused(db, ['people'], () => importPeople(ctx, rowsOf([{ name: 'Ada Boss', email: 'ada@example.com', manager: 'E-1' }]), opts({ mode: 'upsert' })));
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, column: 'manager', code: 'SELF_REFERENCE' })]);
  });
});
