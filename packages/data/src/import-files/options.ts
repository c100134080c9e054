/** One data record of an import file. */
export interface SourceRow {
  /** 1-based physical line of the record's first line (CSV) or its row number (XLSX). */
  line: number;
  /** Cell text keyed by canonical field name; a null-prototype object. */
  cells: Record<string, string>;
}

export interface ReadOptions {
  /** Default: decided from magic bytes (PK\x03\x04 → xlsx), then from the extension, else csv. */
  format?: 'csv' | 'xlsx';
  /** Canonical field → accepted header spellings. The canonical name itself always matches. */
  aliases: Record<string, string[]>;
  /** Largest accepted file in bytes. Default 50 MiB. */
  maxBytes?: number;
  /** Largest accepted number of data rows (header excluded). Default 1,000,000. */
  maxRows?: number;
  /** Largest accepted number of columns. Default 200. */
  maxColumns?: number;
  /** Longest accepted cell, in UTF-16 code units. Default 20,000. */
  maxCellChars?: number;
  /** Heap the thread reading an XLSX workbook may use, in MiB. Default 512. */
  maxXlsxMemoryMb?: number;
  /** Longest the XLSX reading thread may work without producing rows, in milliseconds. Default 60,000. */
  maxXlsxStallMs?: number;
}

export interface Limits {
  maxBytes: number;
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
  maxXlsxMemoryMb: number;
  maxXlsxStallMs: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 200,
  maxCellChars: 20_000,
  // A legitimate workbook at the file cap (50 MiB, up to 200 MiB of XML) with a million distinct strings stays well
  // under this; a crafted one (IM-05/06) stops here instead of taking the server's memory.
  maxXlsxMemoryMb: 512,
  maxXlsxStallMs: 60_000,
};

export function resolveLimits(opts: ReadOptions): Limits {
  const pick = (value: number | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
    return value;
  };
  return {
    maxBytes: pick(opts.maxBytes, DEFAULT_LIMITS.maxBytes, 'maxBytes'),
    maxRows: pick(opts.maxRows, DEFAULT_LIMITS.maxRows, 'maxRows'),
    maxColumns: pick(opts.maxColumns, DEFAULT_LIMITS.maxColumns, 'maxColumns'),
    maxCellChars: pick(opts.maxCellChars, DEFAULT_LIMITS.maxCellChars, 'maxCellChars'),
    maxXlsxMemoryMb: pick(opts.maxXlsxMemoryMb, DEFAULT_LIMITS.maxXlsxMemoryMb, 'maxXlsxMemoryMb'),
    maxXlsxStallMs: pick(opts.maxXlsxStallMs, DEFAULT_LIMITS.maxXlsxStallMs, 'maxXlsxStallMs'),
  };
}
