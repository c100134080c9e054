import { escapeFormula } from './escape-formula.js';

/**
 * A row value converted for a spreadsheet cell: `null` for an empty cell,
 * a finite `number` to be written as a number, otherwise display text.
 */
export type CellValue = string | number | null;

/**
 * Converts one row value, shared by the CSV and XLSX writers so both files
 * hold the same text.
 *
 * Rules: null/undefined → empty; finite numbers stay numbers; booleans →
 * 'true'/'false'; strings as-is; objects and arrays → JSON. Only text that
 * came from a string or a JSON value goes through escapeFormula: a value that
 * was numeric (number, bigint, NaN/±Infinity) cannot be a formula, and
 * escaping it would turn -5 into the text "'-5".
 */
export function toCellValue(value: unknown): CellValue {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'string':
      return escapeFormula(value);
    case 'number':
      // Non-finite numbers have no numeric cell form; their text is not a formula.
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      // Kept as text: a bigint beyond 2^53 would lose digits as a number.
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return null;
      // JSON of a Date is a quoted string; an ISO timestamp is what a reader expects.
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      {
        // undefined when a toJSON() method returns undefined.
        const json: string | undefined = JSON.stringify(value);
        return json === undefined ? null : escapeFormula(json);
      }
    default:
      // function / symbol: not data, so nothing is exported for them.
      return null;
  }
}

/** The cell as CSV text: empty for null, numbers in their JavaScript form. */
export function toCellText(value: unknown): string {
  const cell = toCellValue(value);
  return cell === null ? '' : typeof cell === 'number' ? String(cell) : cell;
}
