import { describe, it, expect } from 'vitest';
import { escapeFormula } from './escape-formula.js';

describe('escapeFormula (ASVS 1.2.10, EX-01)', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['-2+3', "'-2+3"],
    ['+1', "'+1"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\0x', "'\0x"],
  ])('escapes %j', (input, expected) => {
    expect(escapeFormula(input)).toBe(expected);
  });

  it.each(['Dell Latitude 7440', 'Zoë Müller', 'a=b', 'x-1', "'quoted", '', ' =leading space'])(
    'leaves %j untouched',
    (input) => {
      expect(escapeFormula(input)).toBe(input);
    },
  );
});
