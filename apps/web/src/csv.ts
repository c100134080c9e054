/**
 * Reading and rewriting a CSV file in the browser for the import wizard's column mapping. The rules follow the
 * server's reader (packages/data/src/import-files): encoding from the byte-order mark, UTF-16 without one, UTF-8,
 * else Windows-1252; the delimiter is the most frequent of , ; TAB on the first line; the first non-blank record is
 * the header; quotes as RFC 4180 with a stray quote inside an unquoted value kept as written.
 */
import { parse } from 'csv-parse/browser/esm/sync';

export type CsvDelimiter = ',' | ';' | '\t';
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** The encoding the server will read the bytes in, or null when it will refuse them (then the file is sent as it is). */
export function detectEncoding(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | null {
  const starts = (...bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return null;
  if (starts(0xef, 0xbb, 0xbf)) return 'utf-8';
  if (starts(0xff, 0xfe)) return 'utf-16le';
  if (starts(0xfe, 0xff)) return 'utf-16be';
  const units = Math.floor(head.length / 2);
  if (units >= 4) {
    let nulEven = 0;
    let nulOdd = 0;
    for (let i = 0; i < units * 2; i += 2) {
      if (head[i] === 0) nulEven++;
      if (head[i + 1] === 0) nulOdd++;
    }
    if (nulOdd > units * 0.3 && nulEven < units * 0.05) return 'utf-16le';
    if (nulEven > units * 0.3 && nulOdd < units * 0.05) return 'utf-16be';
  }
  try {
    // `stream: true`: a character cut by the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return head.some((b) => b === 0 || CP1252_UNDEFINED.has(b)) ? null : 'windows-1252';
  }
}

/** The most frequent of , ; TAB outside quotes on the first non-blank line (ties in that order; none: a comma). */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let seenContent = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    if (!inQuotes && (char === '\n' || char === '\r')) {
      if (seenContent) break;
      continue;
    }
    if (char.trim() !== '') seenContent = true;
    if (!inQuotes && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

const parseOptions = (delimiter: CsvDelimiter) => ({
  delimiter, quote: '"', escape: '"', relax_quotes: true, record_delimiter: ['\r\n', '\n'], skip_empty_lines: true, relax_column_count: true, bom: true,
});

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
