import { ImportFileError } from './errors.js';

/** Normalised header spelling → canonical field name. */
export type AliasIndex = ReadonlyMap<string, string>;

/** One column of the file: the canonical field it feeds, or null for a column without a header (which must stay empty). */
export interface Column {
  field: string | null;
  /** Header text as written in the file, or the column's position when the header cell is empty. */
  label: string;
}

/** Names that would reach Object.prototype if used as keys; never accepted as headers or fields. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const FORBIDDEN_NORMALISED = new Set(['proto', 'constructor', 'prototype']);

/** Header spellings compare case-insensitively, ignoring whitespace, '_', '-' and '.'. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[\s_.-]+/g, '');
}

function isForbiddenName(text: string): boolean {
  return FORBIDDEN_NAMES.has(text.trim().toLowerCase()) || FORBIDDEN_NORMALISED.has(normalizeHeader(text));
}

/** Builds the lookup from accepted spellings; a spelling claimed by two fields is a programming error. */
export function buildAliasIndex(aliases: Record<string, string[]>): AliasIndex {
  const index = new Map<string, string>();
  for (const [field, spellings] of Object.entries(aliases)) {
    if (isForbiddenName(field) || normalizeHeader(field) === '') {
      throw new TypeError(`"${field}" cannot be used as a canonical field name`);
    }
    for (const spelling of [field, ...spellings]) {
      const key = normalizeHeader(spelling);
      if (key === '') throw new TypeError(`Field ${field} has an empty header spelling`);
      const owner = index.get(key);
      if (owner !== undefined && owner !== field) {
        throw new TypeError(`Header spelling "${spelling}" is given for both ${owner} and ${field}`);
      }
      index.set(key, field);
    }
  }
  return index;
}

/**
 * Maps the header cells (already cleaned) to canonical fields. Every non-empty header must map to a field:
 * an importer may not drop data silently. Two headers mapping to one field are refused.
 */
export function planColumns(
  headers: readonly string[],
  index: AliasIndex,
  line: number,
  positionLabel: (columnIndex: number) => string,
): Column[] {
  const byField = new Map<string, string>();
  return headers.map((text, i): Column => {
    if (text === '') return { field: null, label: positionLabel(i) };
    const field = isForbiddenName(text) ? undefined : index.get(normalizeHeader(text));
    if (field === undefined) {
      const known = [...new Set(index.values())].join(', ');
      throw new ImportFileError(
        'IMPORT_UNKNOWN_COLUMN',
        `Column "${text}" (${positionLabel(i)}) is not a known field. Known fields: ${known}`,
        { line, column: text },
      );
    }
    const previous = byField.get(field);
    if (previous !== undefined) {
      throw new ImportFileError(
        'IMPORT_DUPLICATE_COLUMN',
        `Columns "${previous}" and "${text}" both map to the field ${field}; keep only one of them`,
        { line, column: text },
      );
    }
    byField.set(field, text);
    return { field, label: text };
  });
}
