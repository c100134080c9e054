/** ISO 4217 alphabetic code shape; minor-unit digits for the currencies whose exponent is not 2. */
export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value);
}

const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0, BHD: 3, KWD: 3, OMR: 3, TND: 3, JOD: 3 };

export function minorUnitDigits(currency: string): number {
  return EXPONENT[currency] ?? 2;
}

/** An amount in minor units as people write it in that currency: 134900 EUR → "1349.00 EUR", 5000 JPY → "5000 JPY". */
export function formatMinorAmount(minor: number, currency: string | null): string {
  const digits = currency ? minorUnitDigits(currency) : 2;
  const text = (minor / 10 ** digits).toFixed(digits);
  return currency ? `${text} ${currency}` : text;
}

/**
 * A decimal comma as spreadsheets in much of Europe write it ("1349,5", "12,75") turned into a dot. Only one or two
 * digits after the comma count as decimals: "1,349" could be a thousand in English, so it stays as it is and is
 * refused, as is any text that also has a dot or a space ("1.349,00": thousands separators are never guessed at).
 */
export function decimalText(value: string): string {
  return /^-?\d+,\d{1,2}$/.test(value) ? value.replace(',', '.') : value;
}

/**
 * "1234.5" or "1234,5" EUR → 123450. Refuses thousands separators and more decimals than the currency has.
 */
export function toMinorUnits(amount: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(decimalText(amount.trim()));
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  return Number(m[1]) * 10 ** digits + (frac ? Number(frac.padEnd(digits, '0')) : 0);
}
