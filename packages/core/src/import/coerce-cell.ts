import { type FieldDefinition, minorUnitDigits } from '@custodia/domain';

/** Turns a text cell into the typed value a field expects; leaves it as text when it cannot (validation then says why). */
export function coerceCell(field: FieldDefinition, raw: string): unknown {
  const v = raw.trim();
  switch (field.type) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    case 'boolean': {
      const l = v.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(l)) return true;
      if (['false', 'no', 'n', '0'].includes(l)) return false;
      return v;
    }
    case 'money': {
      const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]{3})$/.exec(v);
      if (!m) return v;
      const minor = toMinorUnits(m[1]!, m[2]!.toUpperCase());
      return minor === null ? v : { amountMinor: minor, currency: m[2]!.toUpperCase() };
    }
    default:
      return v;
  }
}

/** "1234.5" EUR → 123450. Refuses thousands separators and more decimals than the currency has. */
export function toMinorUnits(amount: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  return Number(m[1]) * 10 ** digits + (frac ? Number(frac.padEnd(digits, '0')) : 0);
}
