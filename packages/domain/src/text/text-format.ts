/**
 * How an uploaded text file (CSV import, discovery feed) is read: which encoding its bytes are in and which delimiter
 * separates its cells. The server's readers and the web app's import preview both apply these rules, so a column
 * mapping prepared in the browser matches what the server reads.
 */

export type TextEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'windows1252';
export type EncodingVerdict = { ok: true; encoding: TextEncoding } | { ok: false; reason: 'utf32' | 'not_text' };

/** Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character in Windows-1252. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * The encoding of a file from its first bytes. Order: byte-order mark; UTF-16 without BOM (NUL bytes on one side of
 * most code units); valid UTF-8 (a sequence cut by the end of `head` counts as valid); Windows-1252 when no undefined
 * byte and no NUL occurs. Anything else (UTF-32, binary) is refused rather than guessed.
 */
export function recogniseEncoding(head: Uint8Array): EncodingVerdict {
  const starts = (...bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return { ok: false, reason: 'utf32' };
  if (starts(0xef, 0xbb, 0xbf)) return { ok: true, encoding: 'utf8bom' };
  if (starts(0xff, 0xfe)) return { ok: true, encoding: 'utf16le' };
  if (starts(0xfe, 0xff)) return { ok: true, encoding: 'utf16be' };
  const utf16 = guessUtf16(head);
  if (utf16) return { ok: true, encoding: utf16 };
  if (isUtf8(head)) return { ok: true, encoding: 'utf8' };
  if (!head.some((byte) => byte === 0 || CP1252_UNDEFINED.has(byte))) return { ok: true, encoding: 'windows1252' };
  return { ok: false, reason: 'not_text' };
}

/** Text that is mostly ASCII in UTF-16 has a NUL in the high byte of most code units and almost none in the low byte. */
function guessUtf16(head: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const units = Math.floor(head.length / 2);
  if (units < 4) return undefined;
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < units * 2; i += 2) {
    if (head[i] === 0) nulEven++;
    if (head[i + 1] === 0) nulOdd++;
  }
  const many = units * 0.25;
  const few = units * 0.05;
  if (nulOdd >= many && nulEven <= few) return 'utf16le';
  if (nulEven >= many && nulOdd <= few) return 'utf16be';
  return undefined;
}

function isUtf8(head: Uint8Array): boolean {
  try {
    // `stream: true`: a character cut by the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export type CsvDelimiter = ',' | ';' | '\t';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/**
 * The delimiter is the most frequent of `,` `;` TAB outside quotes on the first non-blank line
 * (ties resolve in that order; a line with none of them is a single-column file, read with `,`).
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
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
  for (const d of CSV_DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/**
 * How every CSV file is read, by the server (imports and discovery feeds) and by the web app's import preview alike
 * (options of csv-parse, which both use): RFC 4180 quoting, where a quote inside an unquoted value (14" screen) is
 * kept as written; CRLF or LF line ends; blank lines skipped; rows may be shorter or longer than the header (reported
 * per cell, not refused whole). The byte-order mark is each reader's business.
 */
export const csvDialect = (delimiter: CsvDelimiter) => ({
  delimiter, quote: '"', escape: '"', relax_quotes: true, record_delimiter: ['\r\n', '\n'], skip_empty_lines: true, relax_column_count: true,
});
