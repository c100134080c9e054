import { describe, expect, it } from 'vitest';
import { formatTag, isValidTagPattern } from './tag.js';

describe('formatTag', () => {
  it('zero-pads the counter to the placeholder width', () => {
    expect(formatTag('LAP-{seq:6}', 123)).toBe('LAP-000123');
    expect(formatTag('{seq:3}/HQ', 7)).toBe('007/HQ');
  });

  it('keeps every digit when the counter outgrows the width', () => {
    expect(formatTag('LAP-{seq:6}', 1234567)).toBe('LAP-1234567');
    expect(formatTag('S{seq:2}', 100)).toBe('S100');
  });

  it('uses no padding without a width', () => {
    expect(formatTag('PHONE-{seq}', 42)).toBe('PHONE-42');
  });

  it('keeps the literal text around the placeholder, including replacement-like characters', () => {
    expect(formatTag('$&-{seq:2}-$1', 5)).toBe('$&-05-$1');
  });
});

describe('isValidTagPattern', () => {
  it.each(['LAP-{seq:6}', '{seq}', 'SRV-{seq:12}-EU'])('accepts %s', (pattern) => {
    expect(isValidTagPattern(pattern)).toBe(true);
  });

  it.each([
    ['no placeholder', 'LAP-'],
    ['two placeholders', 'LAP-{seq:4}-{seq:2}'],
    ['two bare placeholders', '{seq}{seq}'],
    ['a malformed placeholder', 'LAP-{seq:}'],
    ['a three-digit width', 'LAP-{seq:100}'],
    ['a control character', 'LAP\n{seq:4}'],
    ['more than 40 characters', `${'A'.repeat(35)}-{seq}`],
    ['tags longer than 64 characters (a 60-digit counter after 5 letters)', 'ABCD-{seq:60}'],
  ])('refuses a pattern with %s', (_c, pattern) => {
    expect(isValidTagPattern(pattern)).toBe(false);
  });

  it('accepts exactly 40 characters', () => {
    expect(isValidTagPattern(`${'A'.repeat(35)}{seq}`)).toBe(true);
  });
});
