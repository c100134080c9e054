import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError, readImportFile, type SourceRow } from './index.js';
import { readZipDirectory } from '../zip/zip-directory.js';
import { type ZipPart as Part, zipOf as zip } from '../../../../test/support/zip.js';


const aliases = { serial: [], name: [] };
let dir: string;
let counter = 0;
let base: Part[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custodia-zip-'));
  const book = new ExcelJS.Workbook();
  const assets = book.addWorksheet('Assets');
  assets.addRow(['serial', 'name']);
  assets.addRow(['SN1', 'Laptop']);
  const other = book.addWorksheet('Other');
  other.addRow(['serial']);
  other.addRow(['OTHER-1']);
  const path = join(dir, 'base.xlsx');
  await book.xlsx.writeFile(path);
  base = await unzip(path);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function unzip(path: string): Promise<Part[]> {
  const handle = await open(path, 'r');
  try {
    const { entries } = await readZipDirectory(handle, (await handle.stat()).size, 100_000);
    const parts: Part[] = [];
    for (const entry of entries) {
      const header = Buffer.alloc(30);
      await handle.read(header, 0, 30, entry.localHeaderOffset);
      const data = Buffer.alloc(entry.compressedSize);
      const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      await handle.read(data, 0, data.length, start);
      parts.push({ name: entry.name, data: entry.method === 8 ? inflateRawSync(data) : data });
    }
    return parts;
  } finally {
    await handle.close();
  }
}

function edit(name: string, change: (xml: string) => string | Buffer): Part[] {
  return base.map((part) => {
    if (part.name !== name) return part;
    const changed = change(part.data.toString('utf8'));
    return { name, data: typeof changed === 'string' ? Buffer.from(changed) : changed };
  });
}

async function write(content: Buffer, extension = '.xlsx'): Promise<string> {
  const path = join(dir, `z${++counter}${extension}`);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readImportFile(path, { aliases })) rows.push({ line: row.line, cells: { ...row.cells } });
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

const DTD = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const withDtd = (xml: string): string => xml.replace('?>', `?>${DTD}`);

describe('XLSX archive inspection', () => {
  it('reads an archive rebuilt with stored, deflated and descriptor entries', async () => {
    const parts = base.map((part, i) => ({ ...part, stored: i % 3 === 0, descriptor: i % 2 === 0 }));
    expect(await readAll(await write(zip(parts)))).toEqual([{ line: 2, cells: { serial: 'SN1', name: 'Laptop' } }]);
  });

  it('reads the first worksheet in workbook order, not in file order', async () => {
    const parts = edit('xl/workbook.xml', (xml) =>
      xml.replace(/(<sheet [^>]*name="Assets"[^>]*\/>)(<sheet [^>]*name="Other"[^>]*\/>)/, '$2$1'),
    );
    expect(parts.find((p) => p.name === 'xl/workbook.xml')?.data.toString()).toMatch(/name="Other".*name="Assets"/);
    expect(await readAll(await write(zip(parts)))).toEqual([{ line: 2, cells: { serial: 'OTHER-1' } }]);
  });

  it.each(['xl/sharedStrings.xml', '[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])(
    'refuses a DTD in %s',
    async (name) => {
      const err = await failure(await write(zip(edit(name, withDtd))));
      expect(err.code).toBe('IMPORT_XML_DTD_FORBIDDEN');
      expect(err.message).toContain(name);
    },
  );

  it('refuses entity declarations in any case and in UTF-16 text', async () => {
    const lower = edit('xl/styles.xml', (xml) => xml.replace('?>', '?><!entity a "b">'));
    expect((await failure(await write(zip(lower)))).code).toBe('IMPORT_XML_DTD_FORBIDDEN');
    const utf16 = edit('xl/sharedStrings.xml', (xml) => Buffer.from(`\uFEFF${withDtd(xml)}`, 'utf16le'));
    expect((await failure(await write(zip(utf16)))).code).toBe('IMPORT_XML_DTD_FORBIDDEN');
  });

  it.each([
    ['xl/vbaProject.bin', 'VBA macros'],
    ['xl/vbaData.xml', 'VBA macros'],
    ['xl/activeX/activeX1.xml', 'ActiveX controls'],
    ['xl/embeddings/oleObject1.bin', 'an embedded OLE object'],
    ['xl/embeddings/setup.exe', 'an embedded file (setup.exe)'],
  ])('refuses a workbook containing %s (%s), as attachments do', async (name, what) => {
    const parts = [...base, { name, data: Buffer.from('active') }];
    const err = await failure(await write(zip(parts)));
    expect(err.code).toBe('IMPORT_MACROS_FORBIDDEN');
    expect(err.message).toContain(what);
  });

  it('reads a workbook whose chart embeds its data as a workbook', async () => {
    const parts = [...base, { name: 'xl/embeddings/Microsoft_Excel_Worksheet.xlsx', data: Buffer.from('PK') }];
    expect(await readAll(await write(zip(parts)))).toEqual([{ line: 2, cells: { serial: 'SN1', name: 'Laptop' } }]);
  });

  it('refuses more than 10,000 parts', async () => {
    const filler = Array.from({ length: 10_001 - base.length }, (_, i) => ({ name: `x/${i}.txt`, data: Buffer.alloc(0), stored: true }));
    expect((await failure(await write(zip([...base, ...filler])))).code).toBe('IMPORT_FILE_TOO_LARGE');
  });

  it('refuses archives declaring more than 200 MiB uncompressed', async () => {
    const parts = [...base, { name: 'xl/media/big.bin', data: Buffer.alloc(10), declaredSize: 201 * 1024 * 1024 }];
    expect((await failure(await write(zip(parts)))).code).toBe('IMPORT_FILE_TOO_LARGE');
  });

  it('refuses a part that inflates beyond its declared size', async () => {
    const parts = edit('xl/sharedStrings.xml', (xml) => xml);
    const bomb = parts.map((p) => (p.name === 'xl/sharedStrings.xml' ? { ...p, declaredSize: 20 } : p));
    expect(await failure(await write(zip(bomb)))).toMatchObject({ code: 'IMPORT_MALFORMED_XLSX', message: expect.stringMatching(/larger than declared/) });
  });

  it('refuses local entries that the central directory does not list', async () => {
    const hidden = { name: 'xl/worksheets/sheet9.xml', data: Buffer.from(`<?xml version="1.0"?>${DTD}<worksheet/>`) };
    expect(await failure(await write(zip(base, [hidden])))).toMatchObject({ code: 'IMPORT_MALFORMED_XLSX', message: expect.stringMatching(/unexpected data/) });
  });

  it('refuses a descriptor-delimited part whose data contains the descriptor signature', async () => {
    const trap = { name: 'xl/media/trap.bin', data: Buffer.from('abcPK\x07\x08defgh', 'latin1'), stored: true, descriptor: true };
    expect(await failure(await write(zip([...base, trap])))).toMatchObject({ code: 'IMPORT_MALFORMED_XLSX', message: expect.stringMatching(/cannot be delimited/) });
  });

  it('refuses a truncated archive', async () => {
    const full = zip(base);
    expect((await failure(await write(full.subarray(0, full.length - 30)))).code).toBe('IMPORT_MALFORMED_XLSX');
  });

  it('refuses parts named outside the archive, and symbolic links (zip-slip)', async () => {
    const slip = { name: '../../xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>') };
    expect(await failure(await write(zip([...base, slip])))).toMatchObject({ code: 'IMPORT_MALFORMED_XLSX', message: expect.stringMatching(/points outside the archive/) });
    const link = { name: 'xl/media/link.png', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 };
    expect(await failure(await write(zip([...base, link])))).toMatchObject({ code: 'IMPORT_MALFORMED_XLSX', message: expect.stringMatching(/symbolic link/) });
  });
});
