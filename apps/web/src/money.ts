import { minorUnitDigits } from '@custodia/domain';

/** A money attribute as stored: an amount in the currency's minor units and its ISO 4217 code. */
export interface Money { amountMinor: number; currency: string }

export const isMoney = (v: unknown): v is Money =>
  typeof v === 'object' && v !== null && typeof (v as Money).amountMinor === 'number' && typeof (v as Money).currency === 'string';

/** The amount as an exact decimal ("-1349.50"), from the integer of minor units (no floating-point rounding). */
function decimalOf(minor: number, digits: number): `${number}` {
  const whole = Math.abs(Math.trunc(minor)).toString().padStart(digits + 1, '0');
  const text = digits ? `${whole.slice(0, -digits)}.${whole.slice(-digits)}` : whole;
  return `${minor < 0 ? '-' : ''}${text}` as `${number}`;
}

/**
 * An amount for reading — tables, the asset page, history, reports: grouped as the reader's locale writes numbers,
 * with exactly the currency's own minor digits, then its ISO 4217 code (unambiguous, unlike "$"): 134950 JPY →
 * "134,950 JPY", 250000 EUR → "2,500.00 EUR" in English, "2.500,00 EUR" in German. Without a currency, two digits
 * and no code. Inputs, CSV and exports keep the plain machine form (`formatMinorAmount` in the domain, "2500.00 EUR").
 * `locale` defaults to the browser's.
 */
export function displayMinorAmount(minor: number, currency: string | null, locale?: string): string {
  const digits = currency ? minorUnitDigits(currency) : 2;
  const text = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true }).format(decimalOf(minor, digits));
  return currency ? `${text} ${currency}` : text;
}

/** A money attribute for reading (see `displayMinorAmount`). */
export const moneyText = (v: Money, locale?: string) => displayMinorAmount(v.amountMinor, v.currency, locale);
