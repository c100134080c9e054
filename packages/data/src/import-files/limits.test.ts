import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError, readImportFile, type ReadOptions } from './index.js';

const aliases = { serial: [], name: [], model: [], location: [], note: [] };
let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custodia-lim-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: string): Promise<string> {
  const path = join(dir, `l${++counter}.csv`);
  await writeFile(path, content);
  return path;
}

async function count(path: string, opts: Partial<ReadOptions> = {}): Promise<number> {
  let rows = 0;
  for await (const _row of readImportFile(path, { aliases, ...opts })) rows++;
  return rows;
}

async function failure(path: string, opts: Partial<ReadOptions>): Promise<ImportFileError> {
  try {
    await count(path, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileError);
    return err as ImportFileError;
  }
  throw new Error('expected the file to be refused');
}

describe('limits', () => {
  it('caps the number of data rows', async () => {
    const path = await file('serial\nA\nB\n\nC\n');
    expect(await count(path, { maxRows: 3 })).toBe(3);
    const err = await failure(path, { maxRows: 2 });
    expect(err.code).toBe('IMPORT_TOO_MANY_ROWS');
    expect(err.line).toBe(5);
  });

  it('caps the number of columns', async () => {
    const path = await file('serial,name,model\nA,B,C\n');
    expect(await count(path, { maxColumns: 3 })).toBe(1);
    expect((await failure(path, { maxColumns: 2 })).code).toBe('IMPORT_TOO_MANY_COLUMNS');
  });

  it('caps the length of a cell, naming line and column', async () => {
    const path = await file(`serial,note\nA,${'x'.repeat(11)}\n`);
    expect(await count(path, { maxCellChars: 11 })).toBe(1);
    const err = await failure(path, { maxCellChars: 10 });
    expect(err).toMatchObject({ code: 'IMPORT_CELL_TOO_LONG', line: 2, column: 'note' });
  });

  it('caps the file size', async () => {
    const path = await file('serial\nA\n');
    expect((await failure(path, { maxBytes: 5 })).code).toBe('IMPORT_FILE_TOO_LARGE');
  });

  it('refuses invalid limit options', async () => {
    await expect(count(await file('serial\n'), { maxRows: 0 })).rejects.toThrow(RangeError);
  });

  it('streams a 100,000-row file with bounded heap growth', async () => {
    const path = join(dir, 'big.csv');
    const out = createWriteStream(path);
    out.write('serial,name,model,location,note\n');
    for (let i = 1; i <= 100_000; i++) {
      const line = `SN-${i},"Laptop ${i}",Model ${i % 97},"Site ${i % 13}, floor ${i % 7}",note ${'x'.repeat(40)}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let rows = 0;
    let lastLine = 0;
    for await (const row of readImportFile(path, { aliases })) {
      rows++;
      lastLine = row.line;
      if (rows % 2_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(rows).toBe(100_000);
    expect(lastLine).toBe(100_001);
    expect(peak - baseline).toBeLessThan(60 * 1024 * 1024);
  }, 60_000);
});
