import { activeContentOf } from '@custodia/domain';
import { ImportFileError } from './errors.js';
import { ZipRefusal } from '../zip/zip-refusal.js';
import { inspectZipArchive } from '../zip/inspect-zip.js';

export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
export const MAX_ENTRIES = 10_000;

/**
 * A workbook holding anything that runs (VBA macros, ActiveX controls, OLE objects, embedded programs) is refused by
 * its part names before anything is inflated: the same rule as for attachments (`activeContentOf`).
 */
function refuseMacros(names: readonly string[]): void {
  for (const name of names) {
    const active = activeContentOf('ooxml', name);
    if (active) throw new ImportFileError('IMPORT_MACROS_FORBIDDEN', `The workbook contains ${active} (${name}); save it as .xlsx without them, or as CSV`);
  }
}

/** Checks an XLSX archive before any XML parser sees it (`inspectZipArchive`), in the importer's words and codes. */
export async function inspectXlsxArchive(path: string): Promise<void> {
  try {
    await inspectZipArchive(path, { maxEntries: MAX_ENTRIES, maxUncompressedBytes: MAX_UNCOMPRESSED_BYTES, checkNames: refuseMacros });
  } catch (err) {
    if (!(err instanceof ZipRefusal)) throw err;
    switch (err.reason) {
      case 'too_large':
      case 'too_many_entries':
        throw new ImportFileError('IMPORT_FILE_TOO_LARGE', `The workbook ${err.detail}`);
      case 'dtd':
        throw new ImportFileError('IMPORT_XML_DTD_FORBIDDEN', `The workbook ${err.detail}, which are not accepted; open the file in a spreadsheet program and save it again as .xlsx`);
      case 'encrypted':
        throw new ImportFileError('IMPORT_MALFORMED_XLSX', `The file is not a valid .xlsx workbook: the workbook ${err.detail}`);
      case 'malformed':
      case 'unsafe_entry':
        throw new ImportFileError('IMPORT_MALFORMED_XLSX', `The file is not a valid .xlsx workbook: ${err.detail}`);
    }
  }
}
