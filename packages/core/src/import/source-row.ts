/** One record of an import file, already decoded and mapped to canonical field names. */
export interface SourceRow {
  /** 1-based line (CSV) or row (XLSX) where the record starts, for error reports. */
  line: number;
  cells: Record<string, string>;
}

export interface ImportProblem {
  line: number;
  column?: string;
  code: string;
  message: string;
}

export type ImportMode = 'create' | 'upsert';

/** What a file holds; recorded on each `import_runs` row. */
export type ImportKind = 'assets' | 'people' | 'locations' | 'models';

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
  fileName: string;
  fileSha256: string;
  /** Called every so often with the number of rows read so far. */
  onProgress?: (rows: number) => void;
  /** Stop collecting problems after this many (the import is refused either way). */
  maxProblems?: number;
}

export interface ImportReport {
  importId: string | null;
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  problems: ImportProblem[];
}
