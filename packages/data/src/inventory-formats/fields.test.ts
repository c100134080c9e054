import { describe, expect, it } from 'vitest';
import { hostAddresses, normaliseMac, toAddress, toCalendarDate, toCount, toFlag, toInstant } from './fields.js';
import { cleanText, decodeText } from './text.js';

describe('toCount', () => {
  it('reads the leading number of agent values, rounded', () => {
    expect(toCount('24105')).toBe(24105);
    expect(toCount('274877.906944')).toBe(274878);
    expect(toCount('1600 MT/s')).toBe(1600);
    expect(toCount('0 Mbps')).toBe(0);
  });
  it('gives null for unknown, negative and unreadable values', () => {
    expect(toCount(null)).toBeNull();
    expect(toCount('-1')).toBeNull();
    expect(toCount('-1 Mbps')).toBeNull();
    expect(toCount('No')).toBeNull();
    expect(toCount('1.2.3')).toBeNull();
    expect(toCount('9'.repeat(30))).toBeNull();
  });
});

describe('toCalendarDate', () => {
  it.each([
    ['2025-04-20', '2025-04-20'],
    ['2025/04/20 00:00:00', '2025-04-20'],
    ['2025/5/24 14:37:46', '2025-05-24'],
    ['2018-10-11 04:55:07', '2018-10-11'],
    ['2018-10-11T04:55:07Z', '2018-10-11'],
    ['20/04/2025', '2025-04-20'],
    ['20250420', '2025-04-20'],
  ])('%s → %s', (input, expected) => {
    expect(toCalendarDate(input)).toBe(expected);
  });
  it.each(['1970-00-01', '2025-02-30', 'yesterday', '04/20/2025', '2025-04-20 junk', ''])('%s → null', (input) => {
    expect(toCalendarDate(input)).toBeNull();
  });
});

describe('toInstant', () => {
  it('turns agent local times into ISO-8601, with the agent offset when known', () => {
    expect(toInstant('2026-11-28 10:31:03', '+0000')).toBe('2026-11-28T10:31:03+00:00');
    expect(toInstant('2026-11-28 10:31:03', '-0530')).toBe('2026-11-28T10:31:03-05:30');
    expect(toInstant('2026-11-28 10:31:03')).toBe('2026-11-28T10:31:03');
    expect(toInstant('2020-08-03T01:28:52.765Z')).toBe('2020-08-03T01:28:52.765Z');
    expect(toInstant('2018-10-11 04:55:07+01:00:00')).toBe('2018-10-11T04:55:07+01:00');
  });
  it('refuses impossible or other values', () => {
    expect(toInstant('2026-13-28 10:31:03')).toBeNull();
    expect(toInstant('2026-11-28 25:31:03')).toBeNull();
    expect(toInstant('Tue May 20 00:00:00')).toBeNull();
  });
});

describe('addresses and flags', () => {
  it('normalises MAC spellings and keeps other text', () => {
    expect(normaliseMac('02:FC:00:00:00:01')).toBe('02:fc:00:00:00:01');
    expect(normaliseMac('02-FC-00-00-00-01')).toBe('02:fc:00:00:00:01');
    expect(normaliseMac('02fc.0000.0001')).toBe('02:fc:00:00:00:01');
    expect(normaliseMac('02fc00000001')).toBe('02:fc:00:00:00:01');
    expect(normaliseMac('02:fc:00-00:00:01')).toBe('02:fc:00-00:00:01');
  });
  it('reads host address lists without loopback and duplicates', () => {
    expect(hostAddresses('192.0.2.2/127.0.0.1/10.0.0.5/192.0.2.2', /\//)).toEqual(['192.0.2.2', '10.0.0.5']);
    expect(hostAddresses('10.0.0.1; ::1, FD00::2 junk')).toEqual(['10.0.0.1', 'fd00::2']);
    expect(toAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(toAddress('999.1.1.1')).toBeNull();
  });
  it('reads flags', () => {
    expect([toFlag('1'), toFlag('true'), toFlag('0'), toFlag('False'), toFlag('x'), toFlag(null)]).toEqual([true, true, false, false, null, null]);
  });
});

describe('cleanText', () => {
  it('removes control characters except TAB and LF, normalises to NFC and trims', () => {
    expect(cleanText('  a\u0000b\u0007c\r\nd\te\u0085f  ')).toBe('abc\nd\tef');
    expect(cleanText('e\u0301')).toBe('é');
    expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
  });
  it('keeps quotes, markup and SQL literally', () => {
    expect(cleanText(`x' OR SLEEP(5)-- `)).toBe(`x' OR SLEEP(5)--`);
    expect(cleanText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 (with or without BOM), UTF-16 with a BOM and declared Latin-1', () => {
    expect(decodeText(Buffer.from('\uFEFF<a>é</a>', 'utf8'))).toBe('<a>é</a>');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é</a>', 'utf16le')]))).toBe('<a>é</a>');
    expect(decodeText(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>', 'latin1'))).toBe(
      '<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>',
    );
  });
  it('reads a broken UTF-8 byte as U+FFFD instead of refusing the document', () => {
    const bytes = Buffer.concat([Buffer.from('<a>' + 'é'.repeat(10)), Buffer.from([0xc3]), Buffer.from('</a>')]);
    expect(decodeText(bytes)).toBe(`<a>${'é'.repeat(10)}\uFFFD</a>`);
  });
});
