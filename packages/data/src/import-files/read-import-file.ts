import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { readCsv } from './csv-reader.js';
import { detectEncoding, readHead } from './encoding.js';
import { ImportFileError } from './errors.js';
import { buildAliasIndex } from './header.js';
import { resolveLimits, type ReadOptions, type SourceRow } from './options.js';
import { readXlsx } from './xlsx-reader-thread.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const MACRO_EXTENSIONS = new Set(['.xlsm', '.xltm', '.xlam']);

/**
 * Reads an uploaded CSV or XLSX file as rows keyed by canonical field names, streaming.
 * Rows are yielded as they are read, so a failure can surface after earlier rows were yielded: callers must treat
 * the import as all-or-nothing (collect or write in one transaction, and discard on error).
 */
export async function* readImportFile(path: string, opts: ReadOptions): AsyncGenerator<SourceRow> {
  const limits = resolveLimits(opts);
  const index = buildAliasIndex(opts.aliases);
  const { size } = await stat(path);
  if (size > limits.maxBytes) {
    throw new ImportFileError(
      'IMPORT_FILE_TOO_LARGE',
      `The file is ${size} bytes; at most ${limits.maxBytes} bytes are accepted`,
    );
  }
  if (MACRO_EXTENSIONS.has(extname(path).toLowerCase())) {
    throw new ImportFileError(
      'IMPORT_MACROS_FORBIDDEN',
      'Macro-enabled workbooks are not accepted; save the workbook as .xlsx (without macros) or as CSV',
    );
  }
  if (size === 0) throw new ImportFileError('IMPORT_EMPTY_FILE', 'The file is empty');
  const head = await readHead(path);
  if (opts.format !== undefined) checkDeclaredFormat(opts.format, head);
  if ((opts.format ?? detectFormat(path, head)) === 'xlsx') {
    yield* readXlsx(path, index, limits);
  } else {
    yield* readCsv(path, head, detectEncoding(head), index, limits);
  }
}

/**
 * A file sent as one format must be that format (security test plan IM-07): a "workbook" that does not start as a ZIP
 * archive (HTML, CSV renamed .xlsx), or a "CSV" that is a ZIP or legacy Office file, is refused as such.
 */
function checkDeclaredFormat(format: 'csv' | 'xlsx', head: Buffer): void {
  const zip = head.subarray(0, 4).equals(ZIP_MAGIC);
  if (format === 'xlsx' && !zip) {
    throw new ImportFileError('IMPORT_CONTENT_MISMATCH', 'The file was sent as an .xlsx workbook but is not one (an .xlsx file is a ZIP archive); send it with its own type, or save it as .xlsx');
  }
  if (format === 'csv' && (zip || head.subarray(0, 8).equals(OLE_MAGIC))) {
    throw new ImportFileError('IMPORT_CONTENT_MISMATCH', 'The file was sent as CSV but is a spreadsheet workbook; send it as .xlsx, or save it as CSV');
  }
}

/** Magic bytes decide first (a ZIP is read as XLSX); then the extension; anything else is read as CSV. */
function detectFormat(path: string, head: Buffer): 'csv' | 'xlsx' {
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  const extension = extname(path).toLowerCase();
  if (head.subarray(0, 8).equals(OLE_MAGIC) || extension === '.xls' || extension === '.ods') {
    throw new ImportFileError(
      'IMPORT_FORMAT_UNSUPPORTED',
      'Only CSV and .xlsx files are accepted (not legacy .xls, .ods or password-protected workbooks); ' +
        'save the sheet as .xlsx or CSV',
    );
  }
  return extension === '.xlsx' ? 'xlsx' : 'csv';
}
