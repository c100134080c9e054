import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFailure, readRows } from '../../../../test/support/read-file.js';
import { readImportFile, type ReadOptions } from './index.js';

const aliases = { serial: ['Serial Number', 'serial_no'], name: ['Asset Name'], note: [] };
let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custodia-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: string | Buffer, extension = '.csv'): Promise<string> {
  const path = join(dir, `f${++counter}${extension}`);
  await writeFile(path, content);
  return path;
}

const readAll = (path: string, opts: Partial<ReadOptions> = {}) => readRows(path, { aliases, ...opts });

const failure = (path: string, opts: Partial<ReadOptions> = {}) => readFailure(path, { aliases, ...opts });

describe('readImportFile (CSV)', () => {
  it('reads comma-separated rows keyed by canonical fields', async () => {
    const rows = await readAll(await file('serial,name\nSN1,Laptop\nSN2,Phone\n'));
    expect(rows).toEqual([
      { line: 2, cells: { serial: 'SN1', name: 'Laptop' } },
      { line: 3, cells: { serial: 'SN2', name: 'Phone' } },
    ]);
  });

  it('reads ";" and TAB delimited files', async () => {
    expect(await readAll(await file('serial;name\nSN1;Laptop, 14"\n'))).toEqual([
      { line: 2, cells: { serial: 'SN1', name: 'Laptop, 14"' } },
    ]);
    expect(await readAll(await file('serial\tname\r\nSN1\tLap;top\r\n'))).toEqual([
      { line: 2, cells: { serial: 'SN1', name: 'Lap;top' } },
    ]);
  });

  it('reports the first physical line of each record across quoted newlines, mixed CRLF/LF and blank lines', async () => {
    const content = 'serial,note\r\nSN1,"two\r\nlines"\nSN2,plain\n\n\r\nSN3,"a\n\nb\r\nc"\r\nSN4,last';
    const rows = await readAll(await file(content));
    expect(rows.map((r) => [r.line, r.cells.serial, r.cells.note])).toEqual([
      [2, 'SN1', 'two\r\nlines'],
      [4, 'SN2', 'plain'],
      [7, 'SN3', 'a\n\nb\r\nc'],
      [11, 'SN4', 'last'],
    ]);
  });

  it('trims surrounding whitespace and returns empty cells as empty strings', async () => {
    const rows = await readAll(await file('serial , name,note\n  SN1  ,"  Laptop ",\n'));
    expect(rows).toEqual([{ line: 2, cells: { serial: 'SN1', name: 'Laptop', note: '' } }]);
  });

  it('returns formula-looking cells verbatim', async () => {
    const content = 'serial,name,note\n=1+1,+SUM(A1),-2\n@cmd,"\t=HYPERLINK(""x"")","\r=A1"\n';
    const rows = await readAll(await file(content));
    expect(rows.map((r) => r.cells)).toEqual([
      { serial: '=1+1', name: '+SUM(A1)', note: '-2' },
      { serial: '@cmd', name: '\t=HYPERLINK("x")', note: '\r=A1' },
    ]);
  });

  it('skips lines whose cells are all empty', async () => {
    const rows = await readAll(await file('\n\nserial,name\n,\n  \nSN1,X\n ,  \n'));
    expect(rows).toEqual([{ line: 6, cells: { serial: 'SN1', name: 'X' } }]);
  });

  it('names the line where an unterminated quoted value starts', async () => {
    const err = await failure(await file('serial,name\nSN1,ok\nSN2,"open\nSN3,more\nSN4,end\n'));
    expect(err.code).toBe('IMPORT_MALFORMED_CSV');
    expect(err.line).toBe(3);
    expect(err.message).toContain('line 3');
  });

  it('names the line whose field count differs from the header', async () => {
    const err = await failure(await file('serial,name\nSN1,"a\nb"\nSN2,x,extra\n'));
    expect(err.code).toBe('IMPORT_MALFORMED_CSV');
    expect(err.line).toBe(4);
    expect(err.message).toMatch(/Line 4 has 3 fields but the header \(line 1\) has 2/);
  });

  it('keeps a quote inside an unquoted value as written', async () => {
    const rows = await readAll(await file('serial,name\nSN1,Monitor 27"\nSN2,ab"c"d\n'));
    expect(rows.map((r) => r.cells.name)).toEqual(['Monitor 27"', 'ab"c"d']);
  });

  it('refuses an empty file and yields nothing for a header-only file', async () => {
    expect((await failure(await file(''))).code).toBe('IMPORT_EMPTY_FILE');
    expect((await failure(await file('\n \n'))).code).toBe('IMPORT_EMPTY_FILE');
    expect(await readAll(await file('serial,name\n'))).toEqual([]);
  });

  it('reads a file without extension as CSV and honours an explicit format', async () => {
    expect(await readAll(await file('serial\nSN1\n', ''))).toEqual([{ line: 2, cells: { serial: 'SN1' } }]);
    expect(await readAll(await file('serial\nSN1\n', '.txt'), { format: 'csv' })).toHaveLength(1);
  });

  it('releases the file when the consumer stops early', async () => {
    const path = await file(`serial\n${'SN\n'.repeat(50_000)}`);
    for await (const row of readImportFile(path, { aliases })) {
      expect(row.line).toBe(2);
      break;
    }
    await rm(path);
  });

  it('refuses legacy binary workbooks', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect((await failure(await file(ole, '.bin'))).code).toBe('IMPORT_FORMAT_UNSUPPORTED');
  });
});
