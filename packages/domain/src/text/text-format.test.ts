import { describe, expect, it } from 'vitest';
import { detectDelimiter, recogniseEncoding } from './text-format.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf16 = (text: string, order: 'le' | 'be') => Uint8Array.from([...text].flatMap((c) => (order === 'le' ? [c.charCodeAt(0), 0] : [0, c.charCodeAt(0)])));

describe('recogniseEncoding', () => {
  it.each([
    ['UTF-8 with BOM', bytes(0xef, 0xbb, 0xbf, 0x61), 'utf8bom'],
    ['UTF-16LE BOM', bytes(0xff, 0xfe, 0x61, 0), 'utf16le'],
    ['UTF-16BE BOM', bytes(0xfe, 0xff, 0, 0x61), 'utf16be'],
    ['UTF-16LE without BOM', utf16('tag,name\n', 'le'), 'utf16le'],
    ['UTF-16BE without BOM', utf16('tag,name\n', 'be'), 'utf16be'],
    ['plain UTF-8', new TextEncoder().encode('tag,name\nA,Zoë\n'), 'utf8'],
    ['UTF-8 cut inside a character at the end of the sample', new TextEncoder().encode('tag,name\nA,Zoë').slice(0, -1), 'utf8'],
    ['Windows-1252 (ë as 0xEB)', bytes(0x74, 0x61, 0x67, 0x0a, 0x5a, 0x6f, 0xeb, 0x0a), 'windows1252'],
  ])('%s → %s', (_, head, encoding) => {
    expect(recogniseEncoding(head)).toEqual({ ok: true, encoding });
  });

  it('takes UTF-16 once a quarter of the code units have a NUL high byte (mostly non-Latin text with some ASCII)', () => {
    // 8 code units: 2 ASCII (NUL high byte), 6 Cyrillic (0x04 high byte): 25 % NULs, none in the low bytes.
    const head = bytes(0x41, 0, 0x10, 0x04, 0x11, 0x04, 0x12, 0x04, 0x2c, 0, 0x13, 0x04, 0x14, 0x04, 0x15, 0x04);
    expect(recogniseEncoding(head)).toEqual({ ok: true, encoding: 'utf16le' });
  });

  it.each([
    ['UTF-32LE', bytes(0xff, 0xfe, 0, 0, 0x61, 0, 0, 0), 'utf32'],
    ['UTF-32BE', bytes(0, 0, 0xfe, 0xff, 0, 0, 0, 0x61), 'utf32'],
    ['bytes undefined in Windows-1252 and invalid UTF-8', bytes(0x74, 0x61, 0x67, 0x0a, 0x41, 0x81, 0x8d), 'not_text'],
    ['a NUL in otherwise Latin text', bytes(0x74, 0x61, 0xe9, 0, 0x67), 'not_text'],
  ])('refuses %s', (_, head, reason) => {
    expect(recogniseEncoding(head)).toEqual({ ok: false, reason });
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['tag,name\n1,2', ','],
    ['a;b;"c,d"\n1;2;3', ';'],
    ['a\tb\n', '\t'],
    ['\n\n  \ntag;name;serial\n1,2,3,4,5', ';'],
    ['single column\n', ','],
    ['a,b;c\n', ','],
    ['a,b,c\n1,2,3', ','],
    ['\n\na;b;c\n', ';'],
    ['a\tb\tc', '\t'],
    ['"x,y,z";b;c\n1,2,3,4,5', ';'],
    ['single', ','],
  ])('%j → %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});
