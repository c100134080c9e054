import { describe, expect, it } from 'vitest';
import { formatMinorAmount } from '@custodia/domain';
import { displayMinorAmount, moneyText } from './money';

describe('amounts shown for reading', () => {
  it('groups thousands as the reader\'s locale does, with the currency\'s own minor digits', () => {
    expect(displayMinorAmount(134950, 'JPY', 'en-US')).toBe('134,950 JPY');
    expect(displayMinorAmount(250000, 'EUR', 'en-US')).toBe('2,500.00 EUR');
    expect(displayMinorAmount(1234500, 'KWD', 'en-US')).toBe('1,234.500 KWD');
    expect(displayMinorAmount(250000, 'EUR', 'de-DE')).toBe('2.500,00 EUR');
    expect(displayMinorAmount(1234500, 'KWD', 'de-DE')).toBe('1.234,500 KWD');
    expect(displayMinorAmount(134950, 'JPY', 'de-DE')).toBe('134.950 JPY');
  });

  it('keeps small amounts, zero and every minor unit as they are', () => {
    expect(displayMinorAmount(5, 'USD', 'en-US')).toBe('0.05 USD');
    expect(displayMinorAmount(7, 'KWD', 'en-US')).toBe('0.007 KWD');
    expect(displayMinorAmount(0, 'JPY', 'en-US')).toBe('0 JPY');
    expect(displayMinorAmount(0, 'EUR', 'en-US')).toBe('0.00 EUR');
    // Beyond what a float of the major amount holds exactly: the minor units are formatted as written.
    expect(displayMinorAmount(123456789012345, 'EUR', 'en-US')).toBe('1,234,567,890,123.45 EUR');
  });

  it('shows negative amounts (credits, refunds) with their sign', () => {
    expect(displayMinorAmount(-134950, 'JPY', 'en-US')).toBe('-134,950 JPY');
    expect(displayMinorAmount(-250005, 'EUR', 'en-US')).toBe('-2,500.05 EUR');
    expect(displayMinorAmount(-5, 'EUR', 'en-US')).toBe('-0.05 EUR');
    expect(displayMinorAmount(-1500, 'KWD', 'de-DE')).toBe('-1,500 KWD');
  });

  it('shows two digits and no code when the currency is not known', () => {
    expect(displayMinorAmount(123456, null, 'en-US')).toBe('1,234.56');
  });

  it('a money attribute reads the same way; the plain form for inputs and exports is unchanged', () => {
    expect(moneyText({ amountMinor: 12050000, currency: 'EUR' }, 'en-US')).toBe('120,500.00 EUR');
    expect(formatMinorAmount(250000, 'EUR')).toBe('2500.00 EUR');
    expect(formatMinorAmount(134950, 'JPY')).toBe('134950 JPY');
  });
});
