import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFailure, readRows } from '../../../../test/support/read-file.js';
import { readImportFile, type ReadOptions } from './index.js';
import { columnLetter } from './xlsx-reader.js';

const aliases = { serial: ['Serial Number'], purchased: ['Purchase Date'], price: [], active: [], name: [], note: [] };
let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custodia-xlsx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Fill = (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void;

async function workbook(fill: Fill, name = `w${++counter}.xlsx`): Promise<string> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('Assets'), book);
  const path = join(dir, name);
  // Written from a buffer: exceljs' own writeFile was seen to resolve before a file read straight after it was complete.
  await writeFile(path, Buffer.from(await book.xlsx.writeBuffer()));
  return path;
}

const readAll = (path: string, opts: Partial<ReadOptions> = {}) => readRows(path, { aliases, ...opts });

const failure = (path: string, opts: Partial<ReadOptions> = {}) => readFailure(path, { aliases, ...opts });

describe('readImportFile (XLSX)', () => {
  it('reads the first worksheet with typed cells rendered as text', async () => {
    const path = await workbook((sheet, book) => {
      book.addWorksheet('Ignored').addRow(['Colour']);
      sheet.addRow(['Serial Number', 'Purchase Date', 'price', 'active', 'name', 'note']);
      sheet.addRow(['SN1', new Date(Date.UTC(2024, 2, 15)), 1234.5, true, { richText: [{ text: 'Lap' }, { text: 'top' }] }, '=SUM(A1)']);
      sheet.addRow([]);
      sheet.addRow(['  SN2 ', null, { formula: 'C2*2', result: 2469 }, false, { formula: 'A2&"x"', result: 'SN1x' }, '@cmd']);
      sheet.addRow(['SN3', { formula: 'B2+1', result: 45367 }, -0.25, { formula: 'TRUE()', result: true }, { text: 'Link', hyperlink: 'https://example.org' }, '-1']);
      sheet.getCell('B2').numFmt = 'yyyy-mm-dd';
      sheet.getCell('B5').numFmt = 'dd/mm/yyyy';
    });
    expect(await readAll(path)).toEqual([
      { line: 2, cells: { serial: 'SN1', purchased: '2024-03-15', price: '1234.5', active: 'true', name: 'Laptop', note: '=SUM(A1)' } },
      { line: 4, cells: { serial: 'SN2', purchased: '', price: '2469', active: 'false', name: 'SN1x', note: '@cmd' } },
      // exceljs' streaming reader reports a boolean formula result as 1.
      { line: 5, cells: { serial: 'SN3', purchased: '2024-03-16', price: '-0.25', active: '1', name: 'Link', note: '-1' } },
    ]);
  });

  it('reads dates of 1904-based workbooks', async () => {
    const path = await workbook((sheet, book) => {
      book.properties.date1904 = true;
      sheet.addRow(['serial', 'purchased']);
      sheet.addRow(['SN1', new Date(Date.UTC(2023, 11, 31))]);
      sheet.getCell('B2').numFmt = 'yyyy-mm-dd';
    });
    expect((await readAll(path))[0]?.cells.purchased).toBe('2023-12-31');
  });

  it('skips leading blank rows and reports sheet row numbers', async () => {
    const path = await workbook((sheet) => {
      sheet.getCell('A3').value = 'serial';
      sheet.getCell('A7').value = 'SN7';
    });
    expect(await readAll(path)).toEqual([{ line: 7, cells: { serial: 'SN7' } }]);
  });

  it('refuses error values and formulas without a cached result', async () => {
    const errorCell = await workbook((sheet) => {
      sheet.addRow(['serial', 'price']);
      sheet.addRow(['SN1', { formula: '1/0', result: { error: '#DIV/0!' } }]);
    });
    expect(await failure(errorCell)).toMatchObject({ code: 'IMPORT_CELL_UNSUPPORTED', line: 2, column: 'price' });
    const noResult = await workbook((sheet) => {
      sheet.addRow(['serial', 'price']);
      sheet.addRow(['SN1', { formula: 'A1' }]);
    });
    expect((await failure(noResult)).message).toContain('B2');
  });

  it('refuses unknown headers and values beyond the header', async () => {
    const unknown = await workbook((sheet) => sheet.addRow(['serial', 'Colour']));
    expect(await failure(unknown)).toMatchObject({ code: 'IMPORT_UNKNOWN_COLUMN', column: 'Colour' });
    const beyond = await workbook((sheet) => {
      sheet.addRow(['serial', 'name']);
      sheet.addRow(['SN1', 'X', 'stray']);
    });
    expect(await failure(beyond)).toMatchObject({ code: 'IMPORT_UNKNOWN_COLUMN', line: 2, column: 'column C' });
  });

  it('applies the row and column caps', async () => {
    const path = await workbook((sheet) => {
      sheet.addRow(['serial', 'name', 'note']);
      for (let i = 1; i <= 5; i++) sheet.addRow([`SN${i}`, 'x', '']);
    });
    expect(await readAll(path, { maxRows: 5, maxColumns: 3 })).toHaveLength(5);
    expect(await failure(path, { maxRows: 4 })).toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', line: 6 });
    expect((await failure(path, { maxColumns: 2 })).code).toBe('IMPORT_TOO_MANY_COLUMNS');
  });

  it('refuses macro-enabled workbooks by name', async () => {
    const path = await workbook((sheet) => sheet.addRow(['serial']));
    const xlsm = join(dir, 'macros.xlsm');
    await copyFile(path, xlsm);
    expect((await failure(xlsm)).code).toBe('IMPORT_MACROS_FORBIDDEN');
  });

  it('recognises a workbook by its magic bytes whatever its name', async () => {
    const path = await workbook((sheet) => {
      sheet.addRow(['serial']);
      sheet.addRow(['SN1']);
    }, 'upload-1234');
    expect(await readAll(path)).toEqual([{ line: 2, cells: { serial: 'SN1' } }]);
  });

  it('refuses a file named .xlsx that is not a workbook', async () => {
    const path = join(dir, 'fake.xlsx');
    await (await import('node:fs/promises')).writeFile(path, 'serial\nSN1\n');
    expect((await failure(path)).code).toBe('IMPORT_MALFORMED_XLSX');
  });

  it('stops cleanly when the consumer stops early', async () => {
    const path = await workbook((sheet) => {
      sheet.addRow(['serial']);
      for (let i = 1; i <= 2_000; i++) sheet.addRow([`SN${i}`]);
    });
    for await (const row of readImportFile(path, { aliases })) {
      expect(row.cells.serial).toBe('SN1');
      break;
    }
  });

  it('names columns with spreadsheet letters', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});
