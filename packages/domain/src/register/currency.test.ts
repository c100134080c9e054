import { describe, expect, it } from 'vitest';
import { formatMinorAmount, minorUnitDigits } from './currency.js';

describe('amounts in minor units', () => {
  it('uses each currency\'s own number of decimals', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(formatMinorAmount(134900, 'EUR')).toBe('1349.00 EUR');
    expect(formatMinorAmount(5000, 'JPY')).toBe('5000 JPY');
    expect(formatMinorAmount(1500, 'KWD')).toBe('1.500 KWD');
    expect(formatMinorAmount(5, 'USD')).toBe('0.05 USD');
  });

  it('shows two decimals when the currency is not known', () => {
    expect(formatMinorAmount(995, null)).toBe('9.95');
  });
});
