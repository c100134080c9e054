import { expect } from 'vitest';
import { ImportFileError, type ReadOptions, type SourceRow, readImportFile } from '@custodia/data';

/** Every row `readImportFile` yields for the file, with plain-object cells for comparison. */
export async function readRows(path: string, opts: ReadOptions): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readImportFile(path, opts)) rows.push({ line: row.line, cells: { ...row.cells } });
  return rows;
}

/** The ImportFileError reading the file ends with; fails the test when the file is read without one. */
export async function readFailure(path: string, opts: ReadOptions): Promise<ImportFileError> {
  const error = await readRows(path, opts).then(() => null, (e: unknown) => e);
  expect(error, 'expected the file to be refused').toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}
