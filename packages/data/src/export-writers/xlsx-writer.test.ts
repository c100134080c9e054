import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import type { ExportColumn } from './export-column.js';
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
  // XML cannot hold NUL, and XML readers turn a bare CR into LF: exceljs drops
  // the NUL and the CR reads back as LF. The escaping quote is still in front.
  { tag: '\0x', name: '\rx', cost: 7, active: false, meta: '' },
];

const expected: (string | number | null)[][] = [
  ['Asset tag', "'@Name", 'Cost', 'Active', 'Meta'],
  ["'=cmd|' /C calc'!A0", 'Zoë "Z", Müller', -5, 'true', '{"a":1}'],
  ["'@SUM(1+1)", 'line 1\nline 2', 1234.5, 'false', '["=x"]'],
  ["'-2+3", "'+1", null, null, null],
  ["'\tx", 'plain', 0, 'true', 'ok'],
  ["'x", "'\nx", 7, 'false', null],
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

  it('rejects and destroys the output when the row source fails', async () => {
    async function* failing() {
      yield { tag: 'A-1' };
      throw new Error('cursor failed');
    }
    const out = new PassThrough();
    out.resume();
    await expect(writeXlsx(failing(), columns, out)).rejects.toThrow('cursor failed');
    expect(out.destroyed).toBe(true);
  });

  it('rejects and closes the row source when the output fails', async () => {
    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield { tag: `A-${i}`, name: 'x'.repeat(100) };
      } finally {
        closed = true;
      }
    }
    let written = 0;
    const out = new Writable({
      write(_chunk, _encoding, callback) {
        written++;
        callback(written > 2 ? new Error('client went away') : null);
      },
    });
    await expect(writeXlsx(endless(), columns, out)).rejects.toThrow('client went away');
    expect(closed).toBe(true);
  }, 30_000);

  it('rejects and closes the row source when the output closes early (client disconnect)', async () => {
    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield { tag: `A-${i}`, name: 'x'.repeat(100) };
      } finally {
        closed = true;
      }
    }
    // Never acknowledges a write, then is destroyed without an error, as an
    // HTTP response is when the client goes away.
    const out = new Writable({ highWaterMark: 1024, write() {} });
    setTimeout(() => out.destroy(), 100);
    await expect(writeXlsx(endless(), columns, out)).rejects.toThrow();
    expect(closed).toBe(true);
  }, 30_000);

  it('stops pulling rows while the output is blocked (backpressure)', async () => {
    const total = 100_000;
    let produced = 0;
    async function* generate() {
      for (let i = 0; i < total; i++) {
        produced++;
        yield { tag: `A-${i}`, name: `Laptop ${i}`, notes: 'n', cost: i, active: true, meta: null };
      }
    }
    // A client that stops reading: write callbacks are held until released.
    let released = false;
    const held: (() => void)[] = [];
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _encoding, callback) {
        if (released) callback();
        else held.push(() => callback());
      },
    });
    const done = writeXlsx(generate(), columns, out);
    try {
      // Wait until no row has been pulled for 300 ms (the chain of stream
      // buffers in between takes a moment to fill), or the source ran out.
      let last = -1;
      while (produced !== last && produced < total) {
        last = produced;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(produced).toBeLessThan(total);
    } finally {
      // Released even when an expectation fails, so the export can finish.
      released = true;
      held.splice(0).forEach((callback) => callback());
    }
    expect(await done).toBe(total);
  }, 60_000);

  it('makes sheet names Excel accepts', () => {
    expect(toSheetName('Assets: 2024/05 [all]?')).toBe('Assets_ 2024_05 _all__');
    expect(toSheetName('x'.repeat(40))).toHaveLength(31);
    expect(toSheetName("'quoted'")).toBe('quoted');
    expect(toSheetName('   ')).toBe('Export');
    expect(toSheetName('History')).toBe('Export');
  });
});
