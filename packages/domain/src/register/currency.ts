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
