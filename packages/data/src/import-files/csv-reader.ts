import { createReadStream } from 'node:fs';
import type { Duplex } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import iconv from 'iconv-lite';
import { csvDialect, detectDelimiter } from '@custodia/domain';
import { buildRow, cleanCell, labelOf } from './cells.js';
import { iconvCodec, type TextEncoding } from './encoding.js';
import { ImportFileError } from './errors.js';
import { planColumns, type AliasIndex, type Column } from './header.js';
import { LineTracker } from './line-tracker.js';
import type { Limits, SourceRow } from './options.js';

interface ParsedRecord {
  line: number;
  values: string[];
}

const positionLabel = (i: number): string => `column ${i + 1}`;

/**
 * Streams a CSV file as rows: file → decoder → line tracker → csv-parse, in constant memory.
 * The first non-blank record is the header; records whose cells are all empty are skipped.
 */
export async function* readCsv(
  path: string,
  head: Buffer,
  encoding: TextEncoding,
  index: AliasIndex,
  limits: Limits,
): AsyncGenerator<SourceRow> {
  const codec = iconvCodec(encoding);
  const delimiter = detectDelimiter(iconv.decode(head, codec));
  const source = createReadStream(path);
  const decoder = iconv.decodeStream(codec) as unknown as Duplex;
  const tracker = new LineTracker();
  const options: Options<ParsedRecord, string[]> = {
    ...csvDialect(delimiter),
    // The decoder has removed the byte-order mark.
    bom: false,
    // UTF-8 bytes of the largest record that can pass the column and cell limits.
    max_record_size: (limits.maxColumns + 1) * (limits.maxCellChars + 1) * 3,
    on_record: (values, context) => ({ line: tracker.recordEnded(context.bytes), values }),
  };
  // on_record turns each string[] into a ParsedRecord; csv-parse only types that transformation with `columns`.
  const parser = parse(options as unknown as Options);
  for (const stream of [source, decoder, tracker]) stream.on('error', (err: Error) => parser.destroy(err));
  source.pipe(decoder).pipe(tracker).pipe(parser);

  try {
    let columns: Column[] | undefined;
    let headerLine = 0;
    let rows = 0;
    for await (const record of parser as AsyncIterable<ParsedRecord>) {
      const { line, values } = record;
      if (columns === undefined && values.length > limits.maxColumns) {
        throw new ImportFileError(
          'IMPORT_TOO_MANY_COLUMNS',
          `The header (line ${line}) has ${values.length} columns; at most ${limits.maxColumns} are allowed`,
          { line },
        );
      }
      const cleaned = values.map((v, i) => cleanCell(v, line, labelOf(columns ?? [], i, positionLabel), limits.maxCellChars));
      if (cleaned.every((v) => v === '')) continue;
      if (columns === undefined) {
        columns = planColumns(cleaned, index, line, positionLabel);
        headerLine = line;
        continue;
      }
      if (cleaned.length !== columns.length) {
        throw new ImportFileError(
          'IMPORT_MALFORMED_CSV',
          `Line ${line} has ${cleaned.length} fields but the header (line ${headerLine}) has ${columns.length}; ` +
            `look for a missing or extra "${delimiter === '\t' ? 'TAB' : delimiter}" or an unquoted one inside a value`,
          { line },
        );
      }
      if (++rows > limits.maxRows) {
        throw new ImportFileError(
          'IMPORT_TOO_MANY_ROWS',
          `The file has more than ${limits.maxRows} data rows (line ${line}); split it into smaller files`,
          { line },
        );
      }
      yield buildRow(columns, cleaned, line, positionLabel);
    }
    if (columns === undefined) throw new ImportFileError('IMPORT_EMPTY_FILE', 'The file is empty: it has no header line');
  } catch (err) {
    throw err instanceof CsvError ? fromCsvError(err, tracker.pendingRecordLine()) : err;
  } finally {
    for (const stream of [source, decoder, tracker, parser]) stream.destroy();
  }
}

function fromCsvError(err: CsvError, line: number): ImportFileError {
  const detail =
    err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? `a quoted value starting on line ${line} is never closed; add the missing closing quote (")`
      : err.code === 'CSV_MAX_RECORD_SIZE'
        ? `the record starting on line ${line} is larger than the limits allow; look for a missing closing quote (")`
        : `the record starting on line ${line} is not valid CSV (${err.message})`;
  return new ImportFileError('IMPORT_MALFORMED_CSV', `Line ${line}: ${detail}`, { line, cause: err });
}
