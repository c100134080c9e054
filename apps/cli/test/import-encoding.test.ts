import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, assetByTag, counts, runCli } from './support/cli.js';

const BOM = '\uFEFF';

/** IM-04: encodings, line endings, delimiters and quoting of real-world CSV files. */
describe.each(CLI_ENGINES)('custodia import assets — encodings and CSV dialects ($name)', (engine) => {
  let database: CliDatabase;
  let n = 0;
  const write = (bytes: Buffer | string) => {
    const file = join(database.dir, `enc-${++n}.csv`);
    writeFileSync(file, bytes);
    return file;
  };
  const importOk = async (file: string, rows: number) => {
    const r = await runCli(['import', 'assets', file, '--no-progress'], database.env);
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Imported ${rows} row${rows === 1 ? '' : 's'} from `);
    expect(r.stdout).toContain(`: ${rows} created, 0 updated`);
  };
  const refused = async (file: string, pattern: RegExp) => {
    const before = await counts(database);
    const r = await runCli(['import', 'assets', file, '--no-progress'], database.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
    expect(await counts(database)).toEqual(before);
    return r.stderr;
  };

  beforeAll(async () => {
    database = await engine.create();
    const r = await runCli(['migrate'], database.env);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => { await database?.dispose(); });

  it('reads UTF-8 with a byte-order mark (the BOM is not part of the first header)', async () => {
    await importOk(write(`${BOM}tag,name,type\r\nENC-U8,Écran Dell — 27",monitor\r\n`), 1);
    expect((await assetByTag(database, 'ENC-U8'))?.['name']).toBe('Écran Dell — 27"');
  });

  it('reads UTF-16LE (as Excel\'s "Unicode text" saves it), with and without a BOM', async () => {
    await importOk(write(iconv.encode(`${BOM}tag\tname\ttype\r\nENC-U16\tÉcran Dell Zoë 日本\tmonitor\r\n`, 'utf-16le')), 1);
    expect((await assetByTag(database, 'ENC-U16'))?.['name']).toBe('Écran Dell Zoë 日本');
    await importOk(write(iconv.encode('tag,name,type\nENC-U16B,Écran sans BOM,monitor\n', 'utf-16le')), 1);
    expect((await assetByTag(database, 'ENC-U16B'))?.['name']).toBe('Écran sans BOM');
  });

  it('reads Windows-1252 (Excel\'s "CSV" on a Western-European Windows)', async () => {
    const bytes = iconv.encode('tag;name;type;notes\r\nENC-1252;Écran Dell;monitor;Prix 199 € – garantie « 3 ans »\r\n', 'windows-1252');
    expect(bytes.includes(0xc9)).toBe(true); // É as one byte: not valid UTF-8
    await importOk(write(bytes), 1);
    expect(await assetByTag(database, 'ENC-1252')).toMatchObject({ name: 'Écran Dell', notes: 'Prix 199 € – garantie « 3 ans »' });
  });

  it('accepts mixed CRLF and LF line endings, ";" as delimiter, blank lines and quoted line breaks inside a value', async () => {
    const text = 'tag;name;type;notes\r\n'
      + 'ENC-MIX1;Écran Dell;monitor;"first line\nsecond line; with a delimiter"\n'
      + '\r\n'
      + 'ENC-MIX2;"Quoted ""name""";monitor;"windows\r\nbreak"\r\n'
      + 'ENC-MIX3;Plain;monitor;\n';
    await importOk(write(text), 3);
    expect(await assetByTag(database, 'ENC-MIX1')).toMatchObject({ name: 'Écran Dell', notes: 'first line\nsecond line; with a delimiter' });
    expect(await assetByTag(database, 'ENC-MIX2')).toMatchObject({ name: 'Quoted "name"', notes: 'windows\r\nbreak' });
    expect(await assetByTag(database, 'ENC-MIX3')).toMatchObject({ name: 'Plain', notes: null });
  });

  it('names the line of a problem correctly after quoted line breaks and blank lines', async () => {
    const text = 'tag,name,type,notes\n'
      + 'ENC-L1,One,monitor,"a\nb\nc"\n'   // lines 2-4
      + '\n'                                // line 5
      + 'ENC-L2,Two,toaster,\n';            // line 6
    const stderr = await refused(write(text), /IMPORT_INVALID/);
    expect(stderr).toContain('line 6, column type: REFERENCE_NOT_FOUND: Unknown asset type "toaster"');
  });

  it('refuses an unterminated quote with the line where the quoted value starts, and writes nothing', async () => {
    const text = 'tag,name,type\nENC-Q1,Fine,monitor\nENC-Q2,Fine too,monitor\nENC-Q3,"Broken name,monitor\nENC-Q4,After,monitor\n';
    await refused(write(text), /^custodia: IMPORT_MALFORMED_CSV: Line 4: a quoted value starting on line 4 is never closed/);
    expect(await assetByTag(database, 'ENC-Q1')).toBeUndefined();
  });

  it('refuses a row with more fields than the header, naming its line', async () => {
    const text = 'tag,name,type\nENC-F1,Fine,monitor\nENC-F2,Écran, Dell,monitor\n';
    await refused(write(text), /^custodia: IMPORT_MALFORMED_CSV: Line 3 has 4 fields but the header \(line 1\) has 3/);
  });

  it('refuses bytes that are invalid in every supported encoding (IMPORT_ENCODING_UNSUPPORTED), at the start or deep in the file', async () => {
    const bad = Buffer.concat([Buffer.from('tag,name,type\nENC-B1,'), Buffer.from([0xc3, 0x28, 0x81, 0x8d]), Buffer.from(',monitor\n')]);
    await refused(write(bad), /^custodia: IMPORT_ENCODING_UNSUPPORTED: The file is neither UTF-8, UTF-16 nor Windows-1252/);

    // Valid UTF-8 for the first 64 KiB (so detected as UTF-8), then a Latin-1 byte on line 1,502.
    const lines = ['tag,name,type'];
    for (let i = 1; i <= 1500; i++) lines.push(`ENC-D${i},Écran numéro ${i} ${'x'.repeat(30)},monitor`);
    const head = Buffer.from(`${lines.join('\n')}\n`);
    expect(head.length).toBeGreaterThan(64 * 1024);
    const deep = Buffer.concat([head, Buffer.from('ENC-DX,'), Buffer.from([0xc9]), Buffer.from('cran,monitor\n')]);
    await refused(write(deep), /^custodia: IMPORT_ENCODING_UNSUPPORTED: Line 1502, column "name": the text contains bytes that are not valid/);
    expect(await assetByTag(database, 'ENC-D1')).toBeUndefined();
  });
});
