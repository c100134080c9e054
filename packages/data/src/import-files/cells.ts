import { ImportFileError } from './errors.js';
import type { Column } from './header.js';
import type { SourceRow } from './options.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A value as the export escapes it (escapeFormula in @custodia/data): quote(s) then a formula trigger. */
const ESCAPED_FORMULA = /^'+[=+\-@\t\r\0]/;

/**
 * The stored text of one cell. Surrounding whitespace is removed, except that a cell starting with TAB or CR is
 * returned verbatim; formula-looking prefixes (= + - @) are never altered (the export side escapes them), and the
 * export's escape (one leading ' before a formula trigger) is removed, so an exported file re-imports unchanged.
 * Text holding U+FFFD or an unpaired surrogate is the trace of a wrong decoding and is refused, never passed on.
 */
export function cleanCell(raw: string, line: number, column: string, maxCellChars: number): string {
  const text = raw.startsWith('\t') || raw.startsWith('\r') ? raw : raw.trim();
  const value = ESCAPED_FORMULA.test(text) ? text.slice(1) : text;
  if (value.length > maxCellChars) {
    throw new ImportFileError(
      'IMPORT_CELL_TOO_LONG',
      `Line ${line}, column "${column}": the cell holds ${value.length} characters; at most ${maxCellChars} are allowed`,
      { line, column },
    );
  }
  if (value.includes('\uFFFD') || LONE_SURROGATE.test(value)) {
    throw new ImportFileError(
      'IMPORT_ENCODING_UNSUPPORTED',
      `Line ${line}, column "${column}": the text contains bytes that are not valid in the file's encoding; ` +
        'save the file as "CSV UTF-8" and upload it again',
      { line, column },
    );
  }
  return value;
}

/** Label of a column for messages: its header, or its position for cells beyond the header. */
export function labelOf(columns: readonly Column[], index: number, positionLabel: (i: number) => string): string {
  return columns[index]?.label ?? positionLabel(index);
}

/**
 * Builds a row from cleaned values aligned with `columns` (missing values count as ''). A value under a column
 * without a header, or beyond the header, is refused: it would otherwise be dropped silently.
 */
export function buildRow(
  columns: readonly Column[],
  values: readonly string[],
  line: number,
  positionLabel: (i: number) => string,
): SourceRow {
  const cells = Object.create(null) as Record<string, string>;
  for (let i = 0; i < Math.max(columns.length, values.length); i++) {
    const value = values[i] ?? '';
    const field = columns[i]?.field ?? null;
    if (field !== null) {
      cells[field] = value;
    } else if (value !== '') {
      const column = positionLabel(i);
      throw new ImportFileError(
        'IMPORT_UNKNOWN_COLUMN',
        `Line ${line}: ${column} holds "${preview(value)}" but has no header, so the value would be lost`,
        { line, column },
      );
    }
  }
  return { line, cells };
}

function preview(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
