import { createReadStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import { buildRow, cleanCell, labelOf } from './cells.js';
import { ImportFileError } from './errors.js';
import { planColumns, type AliasIndex, type Column } from './header.js';
import type { Limits, SourceRow } from './options.js';
import { cellText } from './xlsx-values.js';

/** Fields the streaming reader fills in but does not declare. */
interface ReaderState {
  model?: { sheets?: Array<{ name?: string }> };
  properties?: { model?: { date1904?: boolean } };
}

type WorksheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name?: string };

/** Column letters (A, B, …, AA) for messages. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const positionLabel = (i: number): string => `column ${columnLetter(i)}`;

/** A worksheet's bounds (Excel's specification): no genuine workbook has rows or columns beyond them. */
export const SHEET_MAX_ROWS = 1_048_576;
export const SHEET_MAX_COLUMNS = 16_384;

/**
 * Streams the first worksheet (in workbook order) of an XLSX file as rows, on the calling thread. Styles are cached
 * because only they tell a date from a number. The archive must have passed inspectXlsxArchive: `readXlsx` runs this
 * in a worker thread with memory and time limits.
 */
export async function* readXlsxInThisThread(path: string, index: AliasIndex, limits: Limits): AsyncGenerator<SourceRow> {
  // exceljs takes about 0.4 s to load: loaded on the first XLSX import, so every other command starts without it.
  const { default: Excel } = await import('exceljs');
  const input = createReadStream(path);
  const reader = new Excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  const state = reader as unknown as ReaderState;
  try {
    for await (const sheet of reader as AsyncIterable<WorksheetReader>) {
      const first = state.model?.sheets?.[0]?.name;
      if (first !== undefined && sheet.name !== first) continue;
      yield* readSheet(sheet, () => state.properties?.model?.date1904 === true, index, limits);
      return;
    }
    const first = state.model?.sheets?.[0]?.name;
    throw new ImportFileError(
      'IMPORT_EMPTY_FILE',
      first === undefined ? 'The workbook has no worksheet' : `The first sheet ("${first}") is not a worksheet`,
    );
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    // exceljs refuses a cell reference beyond the last column itself.
    if (err instanceof Error && /out of bounds/i.test(err.message)) {
      throw new ImportFileError('IMPORT_TOO_MANY_COLUMNS', `A cell lies beyond column ${columnLetter(SHEET_MAX_COLUMNS - 1)}, the last column a worksheet can have`, { cause: err });
    }
    throw new ImportFileError('IMPORT_MALFORMED_XLSX', 'The file is not a readable .xlsx workbook', { cause: err });
  } finally {
    input.destroy();
  }
}

async function* readSheet(
  sheet: WorksheetReader,
  date1904: () => boolean,
  index: AliasIndex,
  limits: Limits,
): AsyncGenerator<SourceRow> {
  let columns: Column[] | undefined;
  let rows = 0;
  let seen = 0;
  for await (const row of sheet) {
    const line = row.number;
    // Empty rows are skipped, but counted: a million of them cost as much to read as a million rows with data.
    if (++seen > SHEET_MAX_ROWS || line > SHEET_MAX_ROWS) {
      throw new ImportFileError('IMPORT_TOO_MANY_ROWS', `The sheet goes beyond row ${SHEET_MAX_ROWS.toLocaleString('en-US')}, the last row a worksheet can have`, { line });
    }
    const texts: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      const column = labelOf(columns ?? [], columnNumber - 1, positionLabel);
      const text = cellText(cell, date1904(), { line, column });
      texts[columnNumber - 1] = cleanCell(text, line, column, limits.maxCellChars);
    });
    const values = Array.from(texts, (text) => text ?? '');
    if (values.every((v) => v === '')) continue;
    if (columns === undefined) {
      while (values.at(-1) === '') values.pop();
      if (values.length > limits.maxColumns) {
        throw new ImportFileError(
          'IMPORT_TOO_MANY_COLUMNS',
          `The header (row ${line}) spans ${values.length} columns; at most ${limits.maxColumns} are allowed`,
          { line },
        );
      }
      columns = planColumns(values, index, line, positionLabel);
      continue;
    }
    if (++rows > limits.maxRows) {
      throw new ImportFileError(
        'IMPORT_TOO_MANY_ROWS',
        `The sheet has more than ${limits.maxRows} data rows (row ${line}); split it into smaller files`,
        { line },
      );
    }
    yield buildRow(columns, values, line, positionLabel);
  }
  if (columns === undefined) throw new ImportFileError('IMPORT_EMPTY_FILE', 'The first worksheet is empty: it has no header row');
}
