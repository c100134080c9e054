import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import type { ExportColumn } from './export-column.js';
import { itStreamsLikeAnExportWriter } from '../../../../test/support/export-writer-contract.js';
import { writeCsv } from './csv-writer.js';

async function* rowsOf(rows: Record<string, unknown>[]): AsyncGenerator<Record<string, unknown>> {
  for (const row of rows) yield row;
}

async function csvBuffer(rows: Record<string, unknown>[], columns: ExportColumn[]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const count = await writeCsv(rowsOf(rows), columns, out);
  return { count, bytes: Buffer.concat(chunks) };
}

const columns: ExportColumn[] = [
  { key: 'tag', header: 'Asset tag' },
  { key: 'name', header: 'Name' },
  { key: 'notes', header: '=Notes' },
  { key: 'cost', header: 'Cost' },
  { key: 'active', header: 'Active' },
  { key: 'meta', header: 'Meta' },
];

const rows: Record<string, unknown>[] = [
  { tag: 'A-001', name: 'Zoë "Z" Müller', notes: 'line 1\nline 2', cost: -5, active: true, meta: { a: 1 } },
  { tag: 'A-002', name: 'Smith, John', notes: 'cr\r\nlf', cost: 1234.5, active: false, meta: [1, '2'] },
  { tag: "=cmd|' /C calc'!A0", name: '@SUM(1+1)', notes: '-2+3', cost: null, active: undefined, meta: null },
  { tag: '+1', name: '\tx', notes: '\rx', cost: 0, active: true, meta: '\0x' },
];

const expected = [
  ['Asset tag', 'Name', "'=Notes", 'Cost', 'Active', 'Meta'],
  ['A-001', 'Zoë "Z" Müller', 'line 1\nline 2', '-5', 'true', '{"a":1}'],
  ['A-002', 'Smith, John', 'cr\r\nlf', '1234.5', 'false', '[1,"2"]'],
  ["'=cmd|' /C calc'!A0", "'@SUM(1+1)", "'-2+3", '', '', ''],
  ["'+1", "'\tx", "'\rx", '0', 'true', "'\0x"],
];

describe('writeCsv', () => {
  it('round-trips through csv-parse with escaping applied', async () => {
    const { count, bytes } = await csvBuffer(rows, columns);
    expect(count).toBe(rows.length);
    const parsed: string[][] = parse(bytes, { bom: true, relax_column_count: false });
    expect(parsed).toEqual(expected);
  });

  it('starts with a UTF-8 BOM, uses CRLF and RFC 4180 quoting', async () => {
    const { bytes } = await csvBuffer(rows.slice(0, 2), columns);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toBe(
      "Asset tag,Name,'=Notes,Cost,Active,Meta\r\n" +
        'A-001,"Zoë ""Z"" Müller","line 1\nline 2",-5,true,"{""a"":1}"\r\n' +
        'A-002,"Smith, John","cr\r\nlf",1234.5,false,"[1,""2""]"\r\n',
    );
  });

  it('writes only the header for no rows', async () => {
    const { count, bytes } = await csvBuffer([], columns.slice(0, 2));
    expect(count).toBe(0);
    expect(bytes.toString('utf8')).toBe('\uFEFFAsset tag,Name\r\n');
  });

  itStreamsLikeAnExportWriter(writeCsv, columns);

  describe('large export', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'custodia-csv-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('streams 200,000 rows to a file with bounded heap growth', async () => {
      const total = 200_000;
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      async function* generate() {
        for (let i = 0; i < total; i++) {
          if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
          yield {
            tag: `A-${i.toString().padStart(7, '0')}`,
            name: `Laptop "${i}", model X`,
            notes: i % 3 === 0 ? '=HYPERLINK("x")' : 'ok',
            cost: i * 1.25,
            active: i % 2 === 0,
            meta: { i },
          };
        }
      }
      const path = join(dir, 'large.csv');
      const count = await writeCsv(generate(), columns, createWriteStream(path));
      const after = process.memoryUsage().heapUsed;
      peak = Math.max(peak, after);

      expect(count).toBe(total);
      // No forced GC is available, so the bound is generous; buffering all
      // rows would need several hundred MB.
      expect(after - before).toBeLessThan(50 * 1024 * 1024);
      expect(peak - before).toBeLessThan(50 * 1024 * 1024);

      let lines = 0;
      for await (const chunk of createReadStream(path)) {
        for (const byte of chunk as Buffer) if (byte === 0x0a) lines++;
      }
      expect(lines).toBe(total + 1);
      const head = (await readFile(path)).subarray(0, 200).toString('utf8');
      expect(head.startsWith('\uFEFFAsset tag,Name,')).toBe(true);
    }, 60_000);
  });
});
