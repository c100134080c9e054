import { describe, expect, it } from 'vitest';
import { serialKey, tagKey } from './serial.js';

// Serials and tags are compared by key: duplicates that differ only invisibly must collide.

describe.each([['serialKey', serialKey], ['tagKey', tagKey]] as const)('%s', (_name, key) => {
  it('treats composed and decomposed Unicode as the same identifier', () => {
    const composed = 'CAFÉ-1'.normalize('NFC');
    const decomposed = 'CAFÉ-1'.normalize('NFD');
    expect(composed).not.toBe(decomposed);
    expect(key(composed)).toBe(key(decomposed));
  });

  it('ignores case', () => {
    expect(key('sn-abc123')).toBe(key('SN-ABC123'));
    expect(key('café')).toBe(key('CAFÉ'));
  });

  it.each([['zero-width space', '\u200B'], ['zero-width joiner', '\u200D'], ['word joiner', '\u2060'], ['byte-order mark', '\uFEFF']])(
    'removes a %s anywhere',
    (_c, invisible) => {
      expect(key(`SN${invisible}123${invisible}`)).toBe(key('SN123'));
    },
  );

  it('trims surrounding whitespace, also behind invisible characters', () => {
    expect(key('  SN123\t')).toBe(key('SN123'));
    expect(key('\u200B SN123 \u200B')).toBe(key('SN123'));
  });

  it('still tells different identifiers apart', () => {
    expect(key('SN123')).not.toBe(key('SN124'));
    expect(key('SN 123')).not.toBe(key('SN123'));
    expect(key('SN-123')).not.toBe(key('SN123'));
  });
});
