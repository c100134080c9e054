import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import type { ExportColumn } from './export-column.js';
import { itStreamsLikeAnExportWriter } from '../../../../test/support/export-writer-contract.js';
import { toSheetName, writeXlsx } from './xlsx-writer.js';

async function* rowsOf(rows: Record<string, unknown>[]): AsyncGenerator<Record<string, unknown>> {
  for (const row of rows) yield row;
}

const columns: ExportColumn[] = [
  { key: 'tag', header: 'Asset tag' },
  { key: 'name', header: '@Name' },
  { key: 'cost', header: 'Cost' },
  { key: 'active', header: 'Active' },
  { key: 'meta', header: 'Meta' },
];

const rows: Record<string, unknown>[] = [
  { tag: "=cmd|' /C calc'!A0", name: 'Zoë "Z", Müller', cost: -5, active: true, meta: { a: 1 } },
  { tag: '@SUM(1+1)', name: 'line 1\nline 2', cost: 1234.5, active: false, meta: ['=x'] },
  { tag: '-2+3', name: '+1', cost: null, active: undefined, meta: null },
  { tag: '\tx', name: 'plain', cost: 0, active: true, meta: 'ok' },
  // XML cannot hold NUL, and XML readers turn a bare CR into LF: the NUL is
  // written as U+FFFD and the CR reads back as LF. The escaping quote is still in front.
  { tag: '\0x', name: '\rx', cost: 7, active: false, meta: '' },
  // Other characters XML 1.0 cannot hold (one of them made the whole workbook unreadable) become U+FFFD too.
  { tag: 'a\u0001b', name: 'c\uFFFEd', cost: 8, active: true, meta: 'e\uD800f' },
];

const expected: (string | number | null)[][] = [
  ['Asset tag', "'@Name", 'Cost', 'Active', 'Meta'],
  ["'=cmd|' /C calc'!A0", 'Zoë "Z", Müller', -5, 'true', '{"a":1}'],
  ["'@SUM(1+1)", 'line 1\nline 2', 1234.5, 'false', '["=x"]'],
  ["'-2+3", "'+1", null, null, null],
  ["'\tx", 'plain', 0, 'true', 'ok'],
  ["'\uFFFDx", "'\nx", 7, 'false', null],
  ['a\uFFFDb', 'c\uFFFDd', 8, 'true', 'e\uFFFDf'],
];

describe('writeXlsx', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custodia-xlsx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes string-typed, escaped cells and numeric numbers, with no formulas', async () => {
    const path = join(dir, 'export.xlsx');
    const count = await writeXlsx(rowsOf(rows), columns, createWriteStream(path), 'Assets');
    expect(count).toBe(rows.length);

    const workbook = await new ExcelJS.Workbook().xlsx.readFile(path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Assets']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(expected.length);

    expected.forEach((expectedRow, r) => {
      expectedRow.forEach((value, c) => {
        const cell = sheet.getRow(r + 1).getCell(c + 1);
        expect(cell.formula, `formula at ${cell.address}`).toBeFalsy();
        expect(cell.type, `type at ${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        if (value === null) {
          expect(cell.type, `type at ${cell.address}`).toBe(ExcelJS.ValueType.Null);
        } else if (typeof value === 'number') {
          expect(cell.type, `type at ${cell.address}`).toBe(ExcelJS.ValueType.Number);
          expect(cell.value).toBe(value);
        } else {
          expect(cell.type, `type at ${cell.address}`).toBe(ExcelJS.ValueType.String);
          expect(cell.value, `value at ${cell.address}`).toBe(value);
        }
      });
    });
  });

  it('writes a header-only sheet for no rows, under the default name', async () => {
    const path = join(dir, 'empty.xlsx');
    expect(await writeXlsx(rowsOf([]), columns, createWriteStream(path))).toBe(0);
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(path);
    const sheet = workbook.getWorksheet('Export');
    expect(sheet?.rowCount).toBe(1);
    expect(sheet?.getRow(1).getCell(2).value).toBe("'@Name");
  });

  itStreamsLikeAnExportWriter(writeXlsx, columns);

  it('makes sheet names Excel accepts', () => {
    expect(toSheetName('Assets: 2024/05 [all]?')).toBe('Assets_ 2024_05 _all__');
    expect(toSheetName('x'.repeat(40))).toHaveLength(31);
    expect(toSheetName("'quoted'")).toBe('quoted');
    expect(toSheetName('   ')).toBe('Export');
    expect(toSheetName('History')).toBe('Export');
  });
});
