import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { toCellText } from './cell-value.js';
import type { ExportColumn } from './export-column.js';
import { escapeFormula } from './escape-formula.js';

/**
 * Streams `rows` to `out` as CSV and returns the number of data rows written
 * (the header row is not counted). `out` is ended when the export completes
 * and destroyed (by pipeline()) if it fails.
 *
 * Format: RFC 4180 — fields holding a comma, quote, CR or LF are quoted and
 * inner quotes doubled; CRLF record separators; UTF-8 with a BOM so Excel
 * detects the encoding and shows accented names correctly; header row first.
 *
 * Memory stays constant whatever the row count: pipeline() only pulls the
 * next row from `rows` when the stringifier and `out` have room (it waits for
 * 'drain'), so a slow client slows the database cursor down instead of
 * buffering rows. If `out` fails (e.g. the client disconnects) the pipeline
 * rejects and returns the row iterator, which closes its cursor.
 */
export async function writeCsv(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: ExportColumn[],
  out: NodeJS.WritableStream,
): Promise<number> {
  let count = 0;
  async function* records(): AsyncGenerator<string[]> {
    yield columns.map((column) => escapeFormula(column.header));
    for await (const row of rows) {
      count++;
      yield columns.map((column) => toCellText(row[column.key]));
    }
  }
  const stringifier = stringify({
    bom: true,
    record_delimiter: '\r\n',
    // With an explicit record_delimiter csv-stringify only quotes fields that
    // contain the whole CRLF; RFC 4180 needs a lone CR or LF quoted as well.
    quoted_match: /[\r\n]/,
  });
  await pipeline(Readable.from(records()), stringifier, out);
  return count;
}
