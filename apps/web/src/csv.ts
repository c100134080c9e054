/**
 * Reading and rewriting a CSV file in the browser for the import wizard's column mapping. Encoding and delimiter are
 * recognised by the same rules as on the server (`recogniseEncoding`, `detectDelimiter` of the domain package); as in
 * the server's reader (packages/data/src/import-files) the first non-blank record is the header, and quotes follow
 * RFC 4180 with a stray quote inside an unquoted value kept as written.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { type CsvDelimiter, csvDialect, detectDelimiter, recogniseEncoding } from '@custodia/domain';

const DECODER_LABEL = { utf8: 'utf-8', utf8bom: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be', windows1252: 'windows-1252' } as const;

/** The encoding the server will read the bytes in (its TextDecoder label), or null when it will refuse them (then the file is sent as it is). */
export function detectEncoding(head: Uint8Array): (typeof DECODER_LABEL)[keyof typeof DECODER_LABEL] | null {
  const verdict = recogniseEncoding(head);
  return verdict.ok ? DECODER_LABEL[verdict.encoding] : null;
}

// The server's dialect; the text may still begin with a byte-order mark here.
const parseOptions = (delimiter: CsvDelimiter) => ({ ...csvDialect(delimiter), bom: true });

/**
 * Where the header record starts and ends in `text` (the end is after its line break), skipping blank lines before it;
 * null when the text has no header.
 */
export function headerSpan(text: string, delimiter: CsvDelimiter): { start: number; end: number } | null {
  let inQuotes = false;
  let fieldStart = true;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '\n') {
      if (start >= 0) return { start, end: i + 1 };
      fieldStart = true;
      continue;
    }
    if (c === '\r') continue;
    if (start < 0 && c.trim() === '') continue;
    if (start < 0) start = i;
    if (c === '"' && fieldStart) { inQuotes = true; fieldStart = false; continue; }
    fieldStart = c === delimiter;
  }
  return start >= 0 ? { start, end: text.length } : null;
}

export interface CsvHead {
  encoding: NonNullable<ReturnType<typeof detectEncoding>>; delimiter: CsvDelimiter; headers: string[];
  /** The first data record's cells, when it is within the sample (to show what each column holds). */
  sample: string[];
}

/** Reads the header row from the first 64 KiB of the file; null when the server would refuse the encoding anyway. */
export async function readCsvHead(file: Blob): Promise<CsvHead | null> {
  const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  const encoding = detectEncoding(head);
  if (!encoding) return null;
  const text = new TextDecoder(encoding).decode(head, { stream: true });
  const delimiter = detectDelimiter(text);
  const span = headerSpan(text, delimiter);
  if (!span) return { encoding, delimiter, headers: [], sample: [] };
  let records: string[][];
  try {
    records = parse(text.slice(span.start), { ...parseOptions(delimiter), to: 2 }) as string[][];
  } catch {
    // The sample ends inside a quoted value of the first record: the header alone is enough.
    records = parse(text.slice(span.start, span.end), { ...parseOptions(delimiter), to: 1 }) as string[][];
  }
  return { encoding, delimiter, headers: (records[0] ?? []).map((h) => h.trim()), sample: records[1] ?? [] };
}

/** One cell as CSV: quoted when it holds the delimiter, a quote, a line break, or leading/trailing spaces. */
export function csvCell(value: string, delimiter: CsvDelimiter): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The file with its header row replaced by `names` (one per column; null drops the column and its cells), as UTF-8.
 * When no column is dropped only the header is rewritten; otherwise every record is parsed and written again, each on
 * the line where it was (blank lines fill the gaps, the server skips them), so problems are reported at the lines of
 * the file the person chose.
 */
export async function rewriteCsv(file: Blob, head: CsvHead, names: (string | null)[]): Promise<Blob> {
  const text = new TextDecoder(head.encoding).decode(await file.arrayBuffer());
  const d = head.delimiter;
  const line = (cells: string[]) => cells.map((c) => csvCell(c, d)).join(d);
  const kept = names.flatMap((n, i) => (n === null ? [] : [i]));
  const header = line(kept.map((i) => names[i]!));
  const span = headerSpan(text, d);
  if (kept.length === names.length) {
    if (!span) return new Blob([header, '\r\n'], { type: 'text/csv' });
    return new Blob([text.slice(0, span.start), header, '\r\n', text.slice(span.end)], { type: 'text/csv' });
  }
  const records = parse(text, { ...parseOptions(d), info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const out: string[] = [];
  let lines = 0;
  const place = (endLine: number, textOfRecord: string) => {
    const span = textOfRecord.split(/\r\n|\n/).length;
    while (lines + span < endLine) { out.push(''); lines++; }
    out.push(textOfRecord);
    lines += span;
  };
  records.forEach(({ record, info }, n) => {
    if (n === 0) { place(info.lines, header); return; }
    // A record whose cells are all empty is skipped by the server; leave its line blank.
    if (record.every((c) => c.trim() === '')) return;
    place(info.lines, line(kept.map((i) => record[i] ?? '')));
  });
  return new Blob([out.join('\r\n'), '\r\n'], { type: 'text/csv' });
}

/** Header spellings compare case-insensitively, ignoring whitespace, '_', '-' and '.' (as the server does). */
export const normalizeHeader = (text: string) => text.normalize('NFC').toLowerCase().replace(/[\s_.-]+/g, '');
