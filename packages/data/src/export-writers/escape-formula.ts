/**
 * Formula (CSV) injection defence — ASVS 1.2.10, security case EX-01.
 *
 * Spreadsheet programs evaluate a cell whose text starts with one of these
 * characters as a formula (tab and CR are included because Excel strips them
 * before looking for `=`; NUL because some readers drop it the same way).
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);
/** Text that already looks escaped: quote(s), then a trigger. */
const LOOKS_ESCAPED = /^'+[=+\-@\t\r\0]/;

/**
 * Prefixes a single quote to a string that a spreadsheet would otherwise read
 * as a formula, so it is shown as text. Apply it to string values only:
 * a real number such as -5 is not a formula and must stay a number.
 * Text that already looks escaped ('=x) gets one more quote, so the importer,
 * which removes exactly one such quote, reads back every value unchanged.
 */
export function escapeFormula(value: string): string {
  return value.length > 0 && (FORMULA_TRIGGERS.has(value[0]!) || LOOKS_ESCAPED.test(value)) ? `'${value}` : value;
}
