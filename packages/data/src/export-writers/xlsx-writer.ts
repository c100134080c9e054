import type { Stream } from 'node:stream';
import { toCellValue } from './cell-value.js';

/**
 * Characters XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF; lone
 * surrogates) become U+FFFD: one of them written as is makes the whole workbook unreadable.
 */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (text: string): string => text.replace(XML_INVALID, '\uFFFD');
import type { ExportColumn } from './export-column.js';
import { escapeFormula } from './escape-formula.js';
import { OutputGuard } from './output-guard.js';

/** Rows written between checks of the output's backpressure. */
const ROWS_PER_BACKPRESSURE_CHECK = 256;

/**
 * Streams `rows` to `out` as a one-sheet XLSX workbook and returns the number
 * of data rows (the header row is not counted). `out` is ended when the
 * workbook is complete, and destroyed if the export fails.
 *
 * Rules: the exceljs streaming writer commits each row as soon as it is built,
 * so memory does not grow with the row count. Cells get only primitives —
 * exceljs reads an object with a `formula` key as a formula, so none is ever
 * passed. Text cells are string-typed and carry the same formula escaping as
 * the CSV export (a file may be saved on to CSV); numbers stay numbers.
 * Booleans are the text 'true'/'false', as in the CSV.
 */
export async function writeXlsx(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: ExportColumn[],
  out: NodeJS.WritableStream,
  sheetName = 'Export',
): Promise<number> {
  const guard = new OutputGuard(out);
  try {
    // exceljs takes about 0.4 s to load: loaded on the first XLSX export, so every other command starts without it.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      // exceljs types the option as the Stream class; any writable works at runtime.
      stream: out as unknown as Stream,
      useSharedStrings: false,
      useStyles: false,
    });
    const sheet = workbook.addWorksheet(toSheetName(sheetName));
    const addRow = (values: (string | number | null)[]): void => {
      const row = sheet.addRow([]);
      values.forEach((value, index) => {
        // Cell numbers are 1-based. null and '' leave the cell empty, as in
        // the CSV, where both are an empty field.
        if (value !== null && value !== '') row.getCell(index + 1).value = typeof value === 'string' ? xmlSafe(value) : value;
      });
      row.commit();
    };

    addRow(columns.map((column) => escapeFormula(column.header)));
    let count = 0;
    for await (const row of rows) {
      addRow(columns.map((column) => toCellValue(row[column.key])));
      count++;
      if (count % ROWS_PER_BACKPRESSURE_CHECK === 0) await guard.ready();
    }
    sheet.commit();
    await guard.race(workbook.commit());
    return count;
  } catch (error) {
    // A failed export must not look complete: destroy `out` (without an
    // error, so no listener is required) as pipeline() does for the CSV. For
    // HTTP this aborts the response, so the client sees a failed download
    // rather than a truncated file; for a file it releases the handle.
    (out as { destroy?: () => void }).destroy?.();
    throw error;
  } finally {
    guard.dispose();
  }
}

/**
 * A name Excel accepts for a sheet: at most 31 characters, none of : \ / ? * [ ],
 * not empty, not starting or ending with an apostrophe, and not the reserved
 * name "History". The exceljs streaming writer does not check this, and Excel
 * refuses to open a file that breaks these rules.
 */
export function toSheetName(name: string): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/g, '_')
    .replace(/^'+|'+$/g, '')
    .slice(0, 31)
    .replace(/'+$/, '');
  return cleaned.trim() === '' || cleaned.toLowerCase() === 'history' ? 'Export' : cleaned;
}
