import { type FieldDefinition, minorUnitDigits } from '@custodia/domain';

/** Turns a text cell into the typed value a field expects; leaves it as text when it cannot (validation then says why). */
export function coerceCell(field: FieldDefinition, raw: string): unknown {
  const v = raw.trim();
  switch (field.type) {
    case 'integer':
    case 'number': {
      const n = decimalText(v);
      return /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : v;
    }
    case 'boolean': {
      const l = v.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(l)) return true;
      if (['false', 'no', 'n', '0'].includes(l)) return false;
      return v;
    }
    case 'money': {
      const m = /^(\d+(?:[.,]\d+)?)\s*([A-Za-z]{3})$/.exec(v);
      if (!m) return v;
      const minor = toMinorUnits(m[1]!, m[2]!.toUpperCase());
      return minor === null ? v : { amountMinor: minor, currency: m[2]!.toUpperCase() };
    }
    default:
      return v;
  }
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
