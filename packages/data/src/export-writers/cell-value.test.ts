import { describe, it, expect } from 'vitest';
import { toCellText, toCellValue } from './cell-value.js';

describe('cell value conversion', () => {
  it('keeps numbers unescaped, negative ones included', () => {
    expect(toCellValue(-5)).toBe(-5);
    expect(toCellText(-5)).toBe('-5');
    expect(toCellText(1.5)).toBe('1.5');
    expect(toCellText(-12345678901234567890n)).toBe('-12345678901234567890');
    expect(toCellText(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
  });

  it('escapes numeric-looking strings that start with a trigger', () => {
    expect(toCellText('-5')).toBe("'-5");
    expect(toCellText('-2+3')).toBe("'-2+3");
  });

  it('converts null, undefined, booleans, objects and dates', () => {
    expect(toCellValue(null)).toBeNull();
    expect(toCellText(undefined)).toBe('');
    expect(toCellText(true)).toBe('true');
    expect(toCellText(false)).toBe('false');
    expect(toCellText({ a: 1, b: 'x' })).toBe('{"a":1,"b":"x"}');
    expect(toCellText(['=x', 2])).toBe('["=x",2]');
    expect(toCellText(new Date('2024-05-01T10:00:00Z'))).toBe('2024-05-01T10:00:00.000Z');
    expect(toCellText(new Date(Number.NaN))).toBe('');
  });

  it('escapes JSON text that starts with a trigger', () => {
    expect(toCellText({ toJSON: () => -7 })).toBe("'-7");
  });
});
