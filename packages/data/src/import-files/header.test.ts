import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAliasIndex, normalizeHeader } from './header.js';
import { ImportFileError, readImportFile, type ReadOptions, type SourceRow } from './index.js';

const aliases = { serial: ['Serial Number', 'serial_no'], asset_tag: ['Tag'], name: [] };
let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custodia-hdr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: string): Promise<string> {
  const path = join(dir, `h${++counter}.csv`);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, opts: Partial<ReadOptions> = {}): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readImportFile(path, { aliases, ...opts })) rows.push(row);
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

describe('header mapping', () => {
  it('normalises spellings: case, whitespace, "_", "-" and "."', () => {
    expect(normalizeHeader(' Serial-No. ')).toBe('serialno');
    expect(normalizeHeader('SERIAL_NO')).toBe('serialno');
  });

  it('maps aliases and canonical names to canonical fields', async () => {
    const rows = await readAll(await file('SERIAL NUMBER,asset-tag,Name\nSN1,T-1,Laptop\n'));
    expect(rows.map((r) => ({ ...r.cells }))).toEqual([{ serial: 'SN1', asset_tag: 'T-1', name: 'Laptop' }]);
    const other = await readAll(await file('serial_no;tag\nSN2;T-2\n'));
    expect({ ...other[0]?.cells }).toEqual({ serial: 'SN2', asset_tag: 'T-2' });
  });

  it('refuses an unknown column, naming it', async () => {
    const err = await failure(await file('serial,Colour\nSN1,red\n'));
    expect(err.code).toBe('IMPORT_UNKNOWN_COLUMN');
    expect(err.column).toBe('Colour');
    expect(err.line).toBe(1);
    expect(err.message).toContain('"Colour"');
  });

  it('refuses two headers mapping to one field', async () => {
    const err = await failure(await file('Serial Number,serial_no\nSN1,SN1\n'));
    expect(err.code).toBe('IMPORT_DUPLICATE_COLUMN');
    expect(err.column).toBe('serial_no');
  });

  it('accepts a column without header only while it stays empty', async () => {
    expect(await readAll(await file('serial,,name\nSN1,,X\n'))).toHaveLength(1);
    const err = await failure(await file('serial,,name\nSN1,,X\nSN2,lost,Y\n'));
    expect(err.code).toBe('IMPORT_UNKNOWN_COLUMN');
    expect(err.line).toBe(3);
    expect(err.column).toBe('column 2');
  });

  it('refuses __proto__, constructor and prototype headers without polluting Object.prototype', async () => {
    for (const header of ['__proto__', 'constructor', 'Prototype']) {
      const err = await failure(await file(`serial,${header}\nSN1,{"polluted":true}\n`));
      expect(err.code).toBe('IMPORT_UNKNOWN_COLUMN');
      expect(err.column).toBe(header);
    }
    const polluting = { serial: [], name: ['__proto__'] };
    await expect(readAll(await file('serial,__proto__\nSN1,x\n'), { aliases: polluting })).rejects.toThrow(
      expect.objectContaining({ code: 'IMPORT_UNKNOWN_COLUMN' }),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('builds cells without a prototype', async () => {
    const [row] = await readAll(await file('serial\nSN1\n'));
    expect(Object.getPrototypeOf(row?.cells)).toBeNull();
  });

  it('treats inconsistent or dangerous alias configuration as a programming error', () => {
    expect(() => buildAliasIndex({ serial: ['code'], asset_tag: ['Code'] })).toThrow(TypeError);
    expect(() => buildAliasIndex(JSON.parse('{"__proto__": ["x"]}') as Record<string, string[]>)).toThrow(TypeError);
    expect(() => buildAliasIndex({ serial: [' _ '] })).toThrow(TypeError);
  });
});
