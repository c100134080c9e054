/** Stable codes of every failure the file reader reports. Never rename one; add a new code instead. */
export type ImportFileErrorCode =
  | 'IMPORT_FILE_TOO_LARGE'
  | 'IMPORT_TOO_MANY_ROWS'
  | 'IMPORT_TOO_MANY_COLUMNS'
  | 'IMPORT_CELL_TOO_LONG'
  | 'IMPORT_EMPTY_FILE'
  | 'IMPORT_FORMAT_UNSUPPORTED'
  | 'IMPORT_ENCODING_UNSUPPORTED'
  | 'IMPORT_MALFORMED_CSV'
  | 'IMPORT_MALFORMED_XLSX'
  | 'IMPORT_UNKNOWN_COLUMN'
  | 'IMPORT_DUPLICATE_COLUMN'
  | 'IMPORT_CELL_UNSUPPORTED'
  | 'IMPORT_XML_DTD_FORBIDDEN'
  | 'IMPORT_MACROS_FORBIDDEN'
  | 'IMPORT_READ_TIMEOUT'
  | 'IMPORT_CONTENT_MISMATCH';

export interface ImportFileErrorDetails {
  /** 1-based physical line (CSV) or row number (XLSX). */
  line?: number;
  /** Header text of the column as written in the file, or its position when it has none. */
  column?: string;
  cause?: unknown;
}

/** An expected, user-facing failure to read an import file. The message is meant for the person who uploaded it. */
export class ImportFileError extends Error {
  readonly code: ImportFileErrorCode;
  readonly line?: number;
  readonly column?: string;

  constructor(code: ImportFileErrorCode, message: string, details: ImportFileErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ImportFileError';
    this.code = code;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
  }
}
