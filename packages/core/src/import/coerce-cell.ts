import { type FieldDefinition, decimalText, toMinorUnits } from '@custodia/domain';

export { decimalText, toMinorUnits };

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
