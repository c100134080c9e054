import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEncoding, ImportFileError, readImportFile, type SourceRow } from './index.js';

const aliases = { serial: ['Serial Number'], name: [] };
let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custodia-enc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: Buffer): Promise<string> {
  const path = join(dir, `e${++counter}.csv`);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, maxCellChars?: number): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readImportFile(path, { aliases, maxCellChars })) rows.push({ line: row.line, cells: { ...row.cells } });
  return rows;
}

async function failure(path: string): Promise<ImportFileError> {
  try {
    await readAll(path);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileError);
    return err as ImportFileError;
  }
  throw new Error('expected the file to be refused');
}

const TEXT = 'Serial Number;name\r\nSN-é1;Café “Zürich” ✓\r\n';
const EXPECTED = [{ line: 2, cells: { serial: 'SN-é1', name: 'Café “Zürich” ✓' } }];

describe('detectEncoding', () => {
  it('honours byte-order marks', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf8bom');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBe('utf16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toBe('utf16be');
  });

  it('recognises UTF-16 without BOM from its NUL bytes', () => {
    expect(detectEncoding(iconv.encode('serial,name\n1,2\n', 'utf-16le'))).toBe('utf16le');
    expect(detectEncoding(iconv.encode('serial,name\n1,2\n', 'utf-16be'))).toBe('utf16be');
  });

  it('prefers UTF-8, accepting a sequence cut by the end of the head', () => {
    expect(detectEncoding(Buffer.from('plain ascii'))).toBe('utf8');
    expect(detectEncoding(Buffer.from('é✓'))).toBe('utf8');
    expect(detectEncoding(Buffer.from('ab✓').subarray(0, 4))).toBe('utf8');
  });

  it('falls back to Windows-1252 only when no undefined byte and no NUL occurs', () => {
    expect(detectEncoding(iconv.encode('Café €5', 'windows-1252'))).toBe('windows1252');
    for (const bad of [[0x43, 0xe9, 0x81, 0x41], [0x43, 0xe9, 0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47], [0x9d, 0xe9]]) {
      expect(() => detectEncoding(Buffer.from(bad))).toThrowError(
        expect.objectContaining({ code: 'IMPORT_ENCODING_UNSUPPORTED' }),
      );
    }
  });

  it('refuses UTF-32', () => {
    expect(() => detectEncoding(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toThrow(ImportFileError);
  });
});

describe('readImportFile decoding', () => {
  it('reads UTF-8 with and without BOM', async () => {
    expect(await readAll(await file(Buffer.from(TEXT)))).toEqual(EXPECTED);
    expect(await readAll(await file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])))).toEqual(EXPECTED);
  });

  it('reads UTF-16LE with BOM, UTF-16LE without BOM and UTF-16BE with BOM', async () => {
    expect(await readAll(await file(iconv.encode(TEXT, 'utf-16le', { addBOM: true })))).toEqual(EXPECTED);
    expect(await readAll(await file(iconv.encode(TEXT, 'utf-16le')))).toEqual(EXPECTED);
    expect(await readAll(await file(iconv.encode(TEXT, 'utf-16be', { addBOM: true })))).toEqual(EXPECTED);
  });

  it('decodes Windows-1252 "é" to "é"', async () => {
    const rows = await readAll(await file(iconv.encode('serial;name\nSN1;Café Müller\n', 'windows-1252')));
    expect(rows).toEqual([{ line: 2, cells: { serial: 'SN1', name: 'Café Müller' } }]);
  });

  it('refuses bytes invalid in every supported encoding', async () => {
    const err = await failure(await file(Buffer.from([...Buffer.from('serial,name\nSN1,Caf'), 0xe9, 0x81, 0x0a])));
    expect(err.code).toBe('IMPORT_ENCODING_UNSUPPORTED');
    expect(err.message).toMatch(/UTF-8/);
  });

  it('refuses invalid UTF-8 past the inspected head, naming line and column', async () => {
    const filler = 'SN,' + 'x'.repeat(100) + '\n';
    const good = filler.repeat(Math.ceil(70_000 / filler.length));
    const lines = good.split('\n').length;
    const content = Buffer.concat([Buffer.from(`serial,name\n${good}SN-bad,Caf`), Buffer.from([0xe9]), Buffer.from('!\n')]);
    const err = await failure(await file(content));
    expect(err.code).toBe('IMPORT_ENCODING_UNSUPPORTED');
    expect(err.line).toBe(lines + 1);
    expect(err.column).toBe('name');
  });

  it('keeps a UTF-16 surrogate pair intact across read chunks', async () => {
    const prefix = 'serial,name\nSN1,';
    const pad = 'a'.repeat((65_536 - 2 - prefix.length * 2 - 2) / 2);
    const text = `${prefix}${pad}😀z\n`;
    const bytes = iconv.encode(text, 'utf-16le', { addBOM: true });
    expect(bytes.subarray(65_534, 65_538).toString('utf16le')).toBe('😀');
    const rows = await readAll(await file(bytes), 40_000);
    expect(rows[0]?.cells.name).toBe(`${pad}😀z`);
  });
});
