import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, assetByTag, counts, runCli, seedReferences, toCsv, withDb } from './support/cli.js';
import { readStoredChanges } from '@custodia/domain';

const ROWS = 10_000;
const BAD_ROW = 5_000;
/** Data row n sits on physical line n + 1 (the header is line 1). */
const BAD_LINE = BAD_ROW + 1;

function bigFile(change: (row: string[]) => void): string {
  const rows: string[][] = [['tag', 'name', 'type', 'model', 'serial', 'purchase_date', 'attr.ram_gb']];
  for (let i = 1; i <= ROWS; i++) {
    const row = [`ATM-${String(i).padStart(5, '0')}`, `Laptop ${i}`, 'laptop', 'Latitude 7450', `SN-ATM-${i}`, '2025-06-30', '16'];
    if (i === BAD_ROW) change(row);
    rows.push(row);
  }
  return toCsv(rows);
}

/** IM-01 (one bad row in 10,000: nothing written) and IM-03 (idempotent re-import, upsert by tag then serial). */
describe.each(CLI_ENGINES)('custodia import assets — atomicity and re-import ($name)', (engine) => {
  let database: CliDatabase;

  beforeAll(async () => {
    database = await engine.create();
    await seedReferences(database, 5);
  });
  afterAll(async () => { await database?.dispose(); });

  it.each([
    { problem: 'an invalid date', change: (r: string[]) => { r[5] = '2025-02-30'; }, column: 'purchase_date', code: 'INVALID_VALUE', message: 'must be a calendar date YYYY-MM-DD' },
    { problem: 'an unknown model', change: (r: string[]) => { r[3] = 'Latitude 9999'; }, column: 'model', code: 'REFERENCE_NOT_FOUND', message: 'Unknown model "Latitude 9999"' },
  ])('IM-01: $problem on row 5,000 of 10,000 fails the whole import and writes nothing', async ({ change, column, code, message }) => {
    const file = join(database.dir, `im01-${column}.csv`);
    const report = join(database.dir, `im01-${column}.json`);
    writeFileSync(file, bigFile(change));
    const before = await counts(database);

    const r = await runCli(['import', 'assets', file, '--report', report], database.env);
    expect(r.code).not.toBe(0);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`IMPORT_INVALID: 1 problem(s) in im01-${column}.csv; nothing was written`);
    expect(r.stderr).toContain(`line ${BAD_LINE}, column ${column}: ${code}: ${message}`);
    // Standard error is no terminal here: the verdict and its problems, without progress lines.
    expect(r.stderr).not.toContain('rows read');
    expect(r.stderr).not.toContain('importing');

    expect(await counts(database)).toEqual(before);
    expect(await assetByTag(database, 'ATM-00001')).toBeUndefined();
    const written = JSON.parse(readFileSync(report, 'utf8'));
    expect(written).toMatchObject({ applied: false, importId: null, rows: ROWS });
    expect(written.problems).toEqual([{ line: BAD_LINE, column, code, message: expect.stringContaining(message) }]);
  });

  describe('IM-03: importing the same file twice', () => {
    const header = ['tag', 'name', 'type', 'serial', 'notes', 'purchase_date'];
    const rows = Array.from({ length: 40 }, (_, i) => [i < 30 ? `DUP-${String(i + 1).padStart(3, '0')}` : '', `Laptop ${i + 1}`, 'laptop', `SN-DUP-${i + 1}`, '', '2025-01-01']);
    let file: string;
    let afterFirst: Awaited<ReturnType<typeof counts>>;

    it('is refused the second time (IMPORT_ALREADY_APPLIED), and a copy under another name only finds the rows already present', async () => {
      file = join(database.dir, 'dup.csv');
      writeFileSync(file, toCsv([header, ...rows]));
      const before = await counts(database);
      const first = await runCli(['import', 'assets', file, '--no-progress'], database.env);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('40 created, 0 updated, 0 unchanged');
      afterFirst = await counts(database);
      expect(afterFirst.assets - before.assets).toBe(40);

      const second = await runCli(['import', 'assets', file, '--no-progress'], database.env);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/^custodia: IMPORT_ALREADY_APPLIED: This file was already imported \(import [0-9a-f-]{36}, .+\); re-run with mode upsert/);
      expect(await counts(database)).toEqual(afterFirst);

      // The same rows in a file with another hash: every row matches an asset (by tag, or by serial for the untagged ones).
      const copy = join(database.dir, 'dup-copy.csv');
      writeFileSync(copy, toCsv([header, ...rows], { eol: '\r\n' }));
      const third = await runCli(['import', 'assets', copy, '--no-progress'], database.env);
      expect(third.code).toBe(0);
      expect(third.stdout).toBe('Imported 40 rows from dup-copy.csv: 0 created, 0 updated, 40 unchanged or already present.\n');
      const now = await counts(database);
      expect({ ...now, import_runs: afterFirst.import_runs }).toEqual(afterFirst);
      await withDb(database, async (db) => {
        const dupTags = await db.selectFrom('assets').select('serial').where('serial', 'like', 'SN-DUP-%').groupBy('serial').having((eb) => eb.fn.countAll(), '>', 1).execute();
        expect(dupTags).toEqual([]);
      });
    });

    it('--mode upsert re-applies the file and changes only the rows that differ, matching on tag, then serial', async () => {
      const same = await runCli(['import', 'assets', file, '--mode', 'upsert', '--no-progress'], database.env);
      expect(same.code).toBe(0);
      expect(same.stdout).toBe('Imported 40 rows from dup.csv: 0 created, 0 updated, 40 unchanged or already present.\n');
      // "Unchanged" means untouched: no new version, no new timestamp (an API client's ETag stays valid).
      await withDb(database, async (db) => {
        const touched = await db.selectFrom('assets').select(['tag', 'version', 'created_at', 'updated_at']).where('serial', 'like', 'SN-DUP-%').execute();
        expect(touched.filter((a) => Number(a.version) !== 1 || a.updated_at !== a.created_at)).toEqual([]);
      });

      const untagged = (await assetByTag(database, (await withDb(database, (db) => db.selectFrom('assets').select('tag').where('serial', '=', 'SN-DUP-35').executeTakeFirstOrThrow())).tag))!;
      const changed = rows.map((r) => [...r]);
      changed[2]![1] = 'Renamed by tag';              // DUP-003, matched by its tag
      changed[4]![3] = 'SN-DUP-5-NEW';                // DUP-005, matched by its tag, gets a new serial
      changed[34]![4] = 'Noted by serial';            // untagged row, matched by serial SN-DUP-35
      changed[9]![5] = '2024-12-31';                  // DUP-010, new purchase date
      const newRow = ['', 'Brand new', 'laptop', 'SN-DUP-NEW', '', ''];
      const before = await counts(database);
      const upsert = join(database.dir, 'dup-changed.csv');
      writeFileSync(upsert, toCsv([header, ...changed, newRow]));

      const r = await runCli(['import', 'assets', upsert, '--mode', 'upsert', '--no-progress'], database.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('Imported 41 rows from dup-changed.csv: 1 created, 4 updated, 36 unchanged or already present.\n');

      const after = await counts(database);
      expect(after.assets - before.assets).toBe(1);
      expect(after.events - before.events).toBe(5);
      expect((await assetByTag(database, 'DUP-003'))).toMatchObject({ name: 'Renamed by tag', version: 2 });
      expect((await assetByTag(database, 'DUP-005'))).toMatchObject({ serial: 'SN-DUP-5-NEW', name: 'Laptop 5', version: 2 });
      expect((await assetByTag(database, 'DUP-010'))).toMatchObject({ purchase_date: '2024-12-31', version: 2 });
      expect((await assetByTag(database, untagged['tag']))).toMatchObject({ id: untagged['id'], notes: 'Noted by serial', version: 2 });
      await withDb(database, async (db) => {
        const versions = await db.selectFrom('assets').select(['tag', 'version']).where('serial', 'like', 'SN-DUP-%').where('version', '>', 1).orderBy('tag').execute();
        expect(versions.map((v) => v.tag).sort()).toEqual(['DUP-003', 'DUP-005', 'DUP-010', untagged['tag']].sort());
        const events = await db.selectFrom('events').select(['action', 'changes']).orderBy('seq', 'desc').limit(5).execute();
        expect(events.map((e) => e.action)).toEqual(['import', 'import', 'import', 'import', 'import']);
        const renamed = events.map((e) => readStoredChanges(e.changes)).find((c) => c['name'] && c['name'].before !== null);
        expect(renamed?.['name']).toEqual({ before: 'Laptop 3', after: 'Renamed by tag' });
      });

      // Applying the changed file once more is a no-op.
      const again = await runCli(['import', 'assets', upsert, '--mode', 'upsert', '--no-progress'], database.env);
      expect(again.stdout).toBe('Imported 41 rows from dup-changed.csv: 0 created, 0 updated, 41 unchanged or already present.\n');
      expect((await counts(database)).assets).toBe(after.assets);

      // Tag wins over serial: a row with DUP-001's tag and DUP-002's serial is DUP-001 taking a serial already registered.
      const clash = join(database.dir, 'dup-clash.csv');
      writeFileSync(clash, toCsv([header, ['DUP-001', 'Laptop 1', 'laptop', 'SN-DUP-2', '', '2025-01-01']]));
      const refused = await runCli(['import', 'assets', clash, '--mode', 'upsert', '--no-progress'], database.env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('line 2, column serial: ASSET_SERIAL_TAKEN');
      expect(await counts(database)).toEqual({ ...after, import_runs: after.import_runs + 1 });
    });
  });
});
