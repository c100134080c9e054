import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFailure, readRows } from '../../../../test/support/read-file.js';
import { type ReadOptions, readImportFile } from './index.js';
import { xlsxParts, xlsxRow, zipOf } from '../../../../test/support/zip.js';

const aliases = { serial: [], name: [] };
let dir: string;
let counter = 0;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'custodia-xlsx-thread-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function file(sheetData: string, sharedStrings?: string): Promise<string> {
  const path = join(dir, `w${++counter}.xlsx`);
  await writeFile(path, zipOf(xlsxParts(sheetData, sharedStrings)));
  return path;
}

const readAll = (path: string, opts: Partial<ReadOptions> = {}) => readRows(path, { aliases, ...opts });

const failure = (path: string, opts: Partial<ReadOptions> = {}) => readFailure(path, { aliases, ...opts });

/** Workbooks are parsed by a worker thread with a capped heap and a time limit (security test plan IM-05, IM-06). */
describe('XLSX read on its own thread', () => {
  it('reads rows from inline and shared strings, in order, with null-prototype cells, batch after batch', async () => {
    const rows = [xlsxRow(1, ['serial', 'name'])];
    for (let i = 2; i <= 1_201; i++) rows.push(`<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>SN${i}</t></is></c><c r="B${i}" t="s"><v>${i % 2}</v></c></row>`);
    const strings = '<si><t>Laptop</t></si><si><t>Desktop</t></si>';
    const read = await readAll(await file(rows.join(''), strings));
    expect(read).toHaveLength(1_200);
    expect(read[0]).toEqual({ line: 2, cells: { serial: 'SN2', name: 'Laptop' } });
    expect(read.at(-1)).toEqual({ line: 1_201, cells: { serial: 'SN1201', name: 'Desktop' } });
    for await (const row of readImportFile(await file(rows.slice(0, 3).join(''), strings), { aliases })) expect(Object.getPrototypeOf(row.cells)).toBeNull();
  });

  it('IM-05: refuses rows and columns beyond the bounds of a worksheet', async () => {
    const header = xlsxRow(1, ['serial', 'name']);
    const farRow = await failure(await file(`${header}${xlsxRow(2, ['SN1', 'x'])}<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>SN2</t></is></c></row>`));
    expect(farRow).toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', line: 1_048_577 });
    const farColumn = await failure(await file(`${header}<row r="2"><c r="A2" t="inlineStr"><is><t>SN1</t></is></c><c r="XFE2"/></row>`));
    expect(farColumn).toMatchObject({ code: 'IMPORT_TOO_MANY_COLUMNS' });
    expect(farColumn.message).toContain('column XFD');
  });

  it('IM-06: a workbook needing more memory than the reading thread may use is refused; the same file reads within the default', async () => {
    // 400,000 shared strings of 100 characters: about 40 MB once parsed, from under a megabyte of ZIP.
    const strings = Array.from({ length: 400_000 }, (_, i) => `<si><t>${String(i).padStart(100, 'x')}</t></si>`).join('');
    const path = await file(`${xlsxRow(1, ['serial', 'name'])}<row r="2"><c r="A2" t="s"><v>7</v></c></row>`, strings);
    expect(await failure(path, { maxXlsxMemoryMb: 16 })).toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE', message: expect.stringContaining('more than 16 MiB') });
    expect(await readAll(path)).toEqual([{ line: 2, cells: { serial: `${'x'.repeat(99)}7`, name: '' } }]);
  }, 60_000);

  it('IM-06: a reading thread that works too long without producing rows is stopped', async () => {
    const path = await file(`${xlsxRow(1, ['serial'])}${xlsxRow(2, ['SN1'])}`);
    expect(await failure(path, { maxXlsxStallMs: 1 })).toMatchObject({ code: 'IMPORT_READ_TIMEOUT' });
    expect(await readAll(path)).toEqual([{ line: 2, cells: { serial: 'SN1' } }]);
  });
});
