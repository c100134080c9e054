import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '@custodia/domain';
import { coerceCell, decimalText, toMinorUnits } from './coerce-cell.js';

const field = (type: FieldDefinition['type']): FieldDefinition => ({ key: 'f', label: 'F', type });

describe('amounts in import files', () => {
  it.each([
    ['1234.5', 'EUR', 123450],
    ['1234,5', 'EUR', 123450],
    ['1349,00', 'EUR', 134900],
    ['0,99', 'USD', 99],
    ['12', 'JPY', 12],
    ['1,5', 'BHD', 1500],
    ['1.234', 'BHD', 1234],
  ])('reads %s %s as %i minor units', (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it.each([
    ['1,349', 'EUR', 'could be a thousand: never guessed'],
    ['1,349', 'BHD', 'three decimals after a comma are never read as decimals'],
    ['1.349,00', 'EUR', 'thousands separator'],
    ['1,349.00', 'USD', 'thousands separator'],
    ['1 349,00', 'EUR', 'space as thousands separator'],
    ['12.345', 'EUR', 'more decimals than the currency has'],
    ['12,5', 'JPY', 'the yen has no minor unit'],
    ['-5', 'EUR', 'a purchase cost is not negative'],
    ['1,', 'EUR', 'no digit after the comma'],
    [',5', 'EUR', 'no digit before the comma'],
  ])('refuses %s %s (%s)', (amount, currency) => {
    expect(toMinorUnits(amount, currency)).toBeNull();
  });

  it('turns a decimal comma into a point only with one or two decimals', () => {
    expect(decimalText('3,14')).toBe('3.14');
    expect(decimalText('-0,5')).toBe('-0.5');
    expect(decimalText('3,141')).toBe('3,141');
    expect(decimalText('1.000,5')).toBe('1.000,5');
  });
});

describe('typed attribute cells', () => {
  it('reads numbers with a decimal point or comma, and leaves anything else to validation', () => {
    expect(coerceCell(field('number'), ' 13,3 ')).toBe(13.3);
    expect(coerceCell(field('number'), '13.3')).toBe(13.3);
    expect(coerceCell(field('integer'), '16')).toBe(16);
    expect(coerceCell(field('number'), '1,024')).toBe('1,024');
    expect(coerceCell(field('integer'), 'sixteen')).toBe('sixteen');
  });

  it('reads money as an amount and its currency', () => {
    expect(coerceCell(field('money'), '1349,90 eur')).toEqual({ amountMinor: 134990, currency: 'EUR' });
    expect(coerceCell(field('money'), '1349.90 EUR')).toEqual({ amountMinor: 134990, currency: 'EUR' });
    expect(coerceCell(field('money'), '1,349 EUR')).toBe('1,349 EUR');
  });

  it('reads yes/no words as booleans', () => {
    expect(coerceCell(field('boolean'), 'Yes')).toBe(true);
    expect(coerceCell(field('boolean'), '0')).toBe(false);
    expect(coerceCell(field('boolean'), 'maybe')).toBe('maybe');
  });
});
