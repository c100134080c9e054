export { readImportFile } from './read-import-file.js';
export { detectEncoding, readHead, type TextEncoding } from './encoding.js';
export { ImportFileError, type ImportFileErrorCode, type ImportFileErrorDetails } from './errors.js';
export { DEFAULT_LIMITS, type ReadOptions, type SourceRow } from './options.js';
