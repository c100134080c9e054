// Streaming CSV/XLSX writers for exports; no database access (rows arrive as an async iterable).
export type { ExportColumn } from './export-column.js';
export { escapeFormula } from './escape-formula.js';
export { writeCsv } from './csv-writer.js';
export { writeXlsx } from './xlsx-writer.js';
