import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '@custodia/domain';
import { csvCell, detectEncoding, headerSpan, readCsvHead, rewriteCsv } from './csv';

const blob = (text: string | Uint8Array) => new Blob([text as BlobPart]);
const bytes = (...parts: number[]) => new Uint8Array(parts);

describe('CSV in the import wizard', () => {
  it('recognises the encodings the server reads, and refuses what it refuses', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe('utf-8');
    expect(detectEncoding(new TextEncoder().encode('tag,name\nA,Zoë\n'))).toBe('utf-8');
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0))).toBe('utf-16le');
    expect(detectEncoding(bytes(0x74, 0, 0x61, 0, 0x67, 0, 0x2c, 0, 0x6e, 0))).toBe('utf-16le');
    expect(detectEncoding(bytes(0x74, 0x61, 0x67, 0x0a, 0x5a, 0x6f, 0xeb, 0x0a))).toBe('windows-1252');
    expect(detectEncoding(bytes(0x74, 0x61, 0x67, 0x0a, 0x41, 0x81, 0x8d))).toBeNull();
  });

  it('finds the delimiter and the header row, quotes included', async () => {
    expect(detectDelimiter('a;b;"c,d"\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    const text = '\n\n"Asset, tag";Name\r\nA;"two\nlines"\n';
    expect(headerSpan(text, ';')).toEqual({ start: 2, end: 21 });
    expect(await readCsvHead(blob(text))).toEqual({ encoding: 'utf-8', delimiter: ';', headers: ['Asset, tag', 'Name'], sample: ['A', 'two\nlines'] });
    expect(await readCsvHead(blob(new Uint8Array([0xff, 0xfe, ...[...'Tag,Nom\n'].flatMap((c) => [c.charCodeAt(0), 0])])))).toMatchObject({ encoding: 'utf-16le', headers: ['Tag', 'Nom'] });
    expect(await readCsvHead(blob(''))).toMatchObject({ headers: [] });
  });

  it('rewrites only the header when every column is kept', async () => {
    const original = '\r\nNo.;Beschreibung\r\nA-1;"Laptop; 14"""\r\n';
    const head = (await readCsvHead(blob(original)))!;
    const out = await (await rewriteCsv(blob(original), head, ['tag', 'name'])).text();
    expect(out).toBe('\r\ntag;name\r\nA-1;"Laptop; 14"""\r\n');
  });

  it('drops unmapped columns and keeps every record on its line', async () => {
    const original = 'Code,Junk,Label\n\nA,x,"one\nline two"\n,,\nB,"y, z",two\n';
    const head = (await readCsvHead(blob(original)))!;
    const out = await (await rewriteCsv(blob(original), head, ['tag', null, 'name'])).text();
    expect(out.split('\r\n')).toEqual(['tag,name', '', 'A,"one\nline two"', '', 'B,two', '']);
    // Windows-1252 comes out as UTF-8.
    const latin = new Uint8Array([...new TextEncoder().encode('Nom,X\n'), 0x5a, 0x6f, 0xeb, 0x2c, 0x31, 0x0a]);
    const latinHead = (await readCsvHead(blob(latin)))!;
    expect(latinHead.encoding).toBe('windows-1252');
    expect(await (await rewriteCsv(blob(latin), latinHead, ['name', null])).text()).toBe('name\r\nZoë\r\n');
  });

  it('quotes cells that need it', () => {
    expect(csvCell('plain', ',')).toBe('plain');
    expect(csvCell('a,b', ',')).toBe('"a,b"');
    expect(csvCell('a,b', ';')).toBe('a,b');
    expect(csvCell('14" screen', ',')).toBe('"14"" screen"');
    expect(csvCell(' padded ', ',')).toBe('" padded "');
  });
});
