import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, assetByTag, counts, runCli, seedReferences, toCsv, withDb } from './support/cli.js';

/** Case 1 (CSV and XLSX happy paths, aliases, references, typed attributes, generated tags) and case 6 (dry run). */
describe.each(CLI_ENGINES)('custodia import assets — happy paths ($name)', (engine) => {
  let database: CliDatabase;
  const ids = { location: {} as Record<string, string>, orgUnit: {} as Record<string, string>, model: {} as Record<string, string>, supplier: {} as Record<string, string> };
  let active: { id: string; email: string; employee_number: string }[] = [];

  beforeAll(async () => {
    database = await engine.create();
    await seedReferences(database);
    await withDb(database, async (db) => {
      for (const r of await db.selectFrom('locations').select(['id', 'code']).execute()) ids.location[r.code!] = r.id;
      for (const r of await db.selectFrom('org_units').select(['id', 'code', 'name']).execute()) { ids.orgUnit[r.code!] = r.id; ids.orgUnit[r.name] = r.id; }
      for (const r of await db.selectFrom('catalogue_models').select(['id', 'name']).execute()) ids.model[r.name] = r.id;
      for (const r of await db.selectFrom('suppliers').select(['id', 'name']).execute()) ids.supplier[r.name] = r.id;
      active = (await db.selectFrom('people').select(['id', 'email', 'employee_number', 'active']).orderBy('employee_number').execute())
        .filter((p) => p.active === 1 || p.active === true).map((p) => ({ id: p.id, email: p.email!, employee_number: p.employee_number! }));
    });
    expect(active.length).toBeGreaterThan(3);
  });
  afterAll(async () => { await database?.dispose(); });

  it('imports a CSV with header aliases, references by code, name, e-mail and number, typed attributes and generated tags', async () => {
    const [ada, bob] = active;
    const file = join(database.dir, 'assets.csv');
    writeFileSync(file, toCsv([
      ['Asset Tag', 'Name', 'Type', 'Model', 'Serial Number', 'Location', 'Department', 'Custodian', 'Assigned to', 'Purchase Cost', 'Currency', 'Purchase date', 'attr.ram_gb', 'Storage (GB)', 'encrypted', 'Supplier', 'Services', 'Notes'],
      ['CSV-0001', 'Dell laptop', 'laptop', 'Latitude 7450', 'SN-CSV-1', 'PAR-A-STO', 'FR-IT', bob!.employee_number, ada!.email, '1234.50', 'EUR', '2025-03-01', '16', '512', 'yes', 'CDW', 'Email; VPN', 'first row'],
      ['', 'Lenovo laptop', '', '21ML', 'SN-CSV-2', 'Berlin Mitte', 'Finance FR', '', '', '99', 'usd', '', '32', '', 'no', 'Bechtle', '', ''],
      ['', 'Spare screen', 'Monitor', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
    ]));
    const before = await counts(database);
    const r = await runCli(['import', 'assets', file], database.env);
    expect(r.stderr).not.toContain('custodia:');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Imported 3 rows from assets.csv: 3 created, 0 updated, 0 unchanged or already present.\n');

    const a = (await assetByTag(database, 'CSV-0001'))!;
    expect(a).toMatchObject({
      name: 'Dell laptop', serial: 'SN-CSV-1', model_id: ids.model['Latitude 7450'], location_id: ids.location['PAR-A-STO'], owner_org_unit_id: ids.orgUnit['FR-IT'],
      custodian_id: bob!.id, assigned_person_id: ada!.id, purchase_cost_minor: 123450, purchase_currency: 'EUR', purchase_date: '2025-03-01',
      supplier_id: ids.supplier['CDW'], notes: 'first row', stage: 'in_use', version: 1,
    });
    expect(Number(a['purchase_cost_minor'])).toBe(123450);
    expect(a['attributes']).toEqual({ ram_gb: 16, storage_gb: 512, encrypted: true });
    expect(a['services']).toEqual(['Email', 'VPN']);
    // Latitude 7450 has a 48-month end of life, counted from the purchase date.
    expect(a['eol_date']).toBe('2029-03-01');

    const b = (await assetByTag(database, 'LAP-000001'))!;
    expect(b).toMatchObject({ name: 'Lenovo laptop', serial: 'SN-CSV-2', model_id: ids.model['ThinkPad T14 Gen 5'], location_id: ids.location['BER'], owner_org_unit_id: ids.orgUnit['Finance FR'], purchase_currency: 'USD', supplier_id: ids.supplier['Bechtle'] });
    expect(Number(b['purchase_cost_minor'])).toBe(9900);
    expect(b['attributes']).toEqual({ ram_gb: 32, encrypted: false });
    expect((await assetByTag(database, 'MON-000001'))?.['name']).toBe('Spare screen');

    const after = await counts(database);
    expect(after.assets - before.assets).toBe(3);
    expect(after.assignments - before.assignments).toBe(1);
    expect(after.import_runs - before.import_runs).toBe(1);
    await withDb(database, async (db) => {
      const events = await db.selectFrom('events').select(['entity_id', 'action', 'actor', 'source', 'reason']).where('entity_id', '=', a['id']).execute();
      expect(events).toEqual([{ entity_id: a['id'], action: 'import', actor: 'cli:cli-test', source: 'import', reason: 'Import of assets.csv' }]);
      const assignment = await db.selectFrom('assignments').selectAll().where('asset_id', '=', a['id']).executeTakeFirstOrThrow();
      expect(assignment).toMatchObject({ person_id: ada!.id, ended_on: null });
    });
  });

  it('imports an XLSX workbook with numeric and date cells the same way', async () => {
    const file = join(database.dir, 'assets.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Assets');
    sheet.addRow(['Asset Tag', 'Item Name', 'Category', 'Model', 'Serial Number', 'Location', 'Checked out to', 'Purchase Cost', 'Currency', 'Purchase Date', 'Memory (GB)', 'attr.storage_gb', 'Notes']);
    sheet.addRow(['XLS-0001', 'Écran-free laptop', 'laptop', 'MacBook Pro 14" M4', 'SN-XLS-1', 'Paris La Défense', active[2]!.email, 2299.99, 'GBP', new Date(Date.UTC(2025, 0, 15)), 64, 1024, 'from Excel']);
    sheet.addRow([null, 'Generated tag', 'laptop', null, 'SN-XLS-2', 'LYS-A-FLO', null, 1500, 'EUR', null, 8, null, null]);
    sheet.getCell('J2').numFmt = 'yyyy-mm-dd';
    await workbook.xlsx.writeFile(file);

    const r = await runCli(['import', 'assets', file, '--no-progress'], database.env);
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Imported 2 rows from assets.xlsx: 2 created, 0 updated, 0 unchanged or already present.\n');

    const a = (await assetByTag(database, 'XLS-0001'))!;
    expect(a).toMatchObject({ name: 'Écran-free laptop', serial: 'SN-XLS-1', model_id: ids.model['MacBook Pro 14" M4'], location_id: ids.location['PAR'], assigned_person_id: active[2]!.id, purchase_currency: 'GBP', purchase_date: '2025-01-15', notes: 'from Excel', stage: 'in_use' });
    expect(Number(a['purchase_cost_minor'])).toBe(229999);
    expect(a['attributes']).toEqual({ ram_gb: 64, storage_gb: 1024, encrypted: false });

    const b = (await assetByTag(database, 'LAP-000002'))!;
    expect(b).toMatchObject({ name: 'Generated tag', serial: 'SN-XLS-2', location_id: ids.location['LYS-A-FLO'], purchase_currency: 'EUR', stage: 'in_stock' });
    expect(Number(b['purchase_cost_minor'])).toBe(150000);
    expect(b['attributes']).toEqual({ ram_gb: 8, encrypted: false });
  });

  it('names a missing file or a directory given as the file, exits 1 and writes nothing', async () => {
    const before = await counts(database);
    const missing = await runCli(['import', 'assets', join(database.dir, 'nope.csv'), '--no-progress'], database.env);
    expect([missing.code, missing.stdout]).toEqual([1, '']);
    expect(missing.stderr).toBe(`custodia: ${join(database.dir, 'nope.csv')}: no such file or directory (ENOENT)\n`);
    const directory = await runCli(['import', 'assets', database.dir, '--no-progress'], database.env);
    expect([directory.code, directory.stdout]).toEqual([1, '']);
    expect(directory.stderr).toBe(`custodia: ${database.dir} is not a file\n`);
    expect(await counts(database)).toEqual(before);
  });

  it('counts one row as one row', async () => {
    const file = join(database.dir, 'one.csv');
    writeFileSync(file, 'type,name\nlaptop,Single laptop\n');
    const r = await runCli(['import', 'assets', file, '--no-progress'], database.env);
    expect(r.stdout).toBe('Imported 1 row from one.csv: 1 created, 0 updated, 0 unchanged or already present.\n');
  });

  it('--dry-run checks every row, reports what would be created, and writes nothing', async () => {
    const file = join(database.dir, 'dry.csv');
    writeFileSync(file, toCsv([
      ['tag', 'name', 'type', 'serial', 'location', 'assigned to'],
      ['DRY-1', 'Would be new', 'laptop', 'SN-DRY-1', 'MUC-A-STO', ''],
      ['', 'Would be new too', 'desktop', 'SN-DRY-2', '', active[3]!.email],
      ['CSV-0001', 'Already registered', 'laptop', '', '', ''],
    ]));
    const before = await counts(database);
    const r = await runCli(['import', 'assets', file, '--dry-run', '--report', join(database.dir, 'dry.json')], database.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Dry run: would import 3 rows from dry.csv: 2 created, 0 updated, 1 unchanged or already present.\n');
    expect(await counts(database)).toEqual(before);
    expect(await assetByTag(database, 'DRY-1')).toBeUndefined();
    expect(JSON.parse(readFileSync(join(database.dir, 'dry.json'), 'utf8'))).toMatchObject({ applied: false, importId: null, rows: 3, created: 2, skipped: 1, problems: [] });

    // A dry run is not an applied import: the same file can then be imported for real, once.
    const real = await runCli(['import', 'assets', file, '--no-progress'], database.env);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('2 created, 0 updated, 1 unchanged');
    expect((await assetByTag(database, 'DRY-1'))?.['name']).toBe('Would be new');

    // A dry run that finds a problem fails like a real import, and still writes nothing.
    const bad = join(database.dir, 'dry-bad.csv');
    writeFileSync(bad, toCsv([['tag', 'name', 'type'], ['DRY-9', 'No such type', 'toaster']]));
    const mid = await counts(database);
    const refused = await runCli(['import', 'assets', bad, '--dry-run', '--no-progress'], database.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 2, column type: REFERENCE_NOT_FOUND: Unknown asset type "toaster"');
    expect(await counts(database)).toEqual(mid);
  });

  it('an export imports back unchanged in upsert mode, a leaver\'s asset included; a stage or assignee changed in the file is refused, not ignored', async () => {
    // Ada has left since her laptop was assigned to her: the export names her, and that is the register's truth.
    await withDb(database, (db) => db.updateTable('people').set({ active: 0 as never }).where('id', '=', active[0]!.id).execute());
    const out = join(database.dir, 'register.csv');
    const exported = await runCli(['export', 'assets', '--out', out], database.env);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const before = await counts(database);
    const again = await runCli(['import', 'assets', out, '--mode', 'upsert', '--no-progress'], database.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`Imported ${rows.length - 1} rows from register.csv: 0 created, 0 updated, ${rows.length - 1} unchanged or already present.\n`);
    expect(await counts(database)).toEqual({ ...before, import_runs: before['import_runs']! + 1 });

    // The same file with the leaver's laptop moved to stock and another asset given to someone: both refused, by line.
    const header = rows[0]!.split(',');
    const [stage, assignee] = [header.indexOf('Stage'), header.indexOf('Assigned to')];
    const line = (tag: string) => rows.findIndex((r) => r.startsWith(`${tag},`));
    const edited = rows.map((r, i) => {
      const cells = r.split(',');
      if (i === line('CSV-0001')) cells[stage] = 'in_stock';
      if (i === line('MON-000001')) cells[assignee] = active[1]!.email;
      return cells.join(',');
    });
    const changed = join(database.dir, 'register-edited.csv');
    writeFileSync(changed, `${edited.join('\n')}\n`);
    const mid = await counts(database);
    const refused = await runCli(['import', 'assets', changed, '--mode', 'upsert', '--no-progress'], database.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`line ${line('CSV-0001') + 1}, column stage: STAGE_NEEDS_TRANSITION`);
    expect(refused.stderr).toContain(`line ${line('MON-000001') + 1}, column assigned_to: ASSIGNMENT_NEEDS_ACTION`);
    expect(await counts(database)).toEqual(mid);
  });
});
