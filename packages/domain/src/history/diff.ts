import { canonicalJson, sortKeys } from './canonical.js';
import type { FieldChanges } from './event.js';

/** Fields whose value differs between two records (compared canonically, so key order in JSON values does not count). */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChanges {
  const keys = before === null || after === null ? Object.keys(before ?? after ?? {}) : [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes: FieldChanges = {};
  for (const key of sortKeys(keys)) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    // Nulls, strings, booleans and finite numbers have equal canonical text exactly when they are ===; comparing them
    // directly spares rendering most fields of every created record.
    const same = isScalar(a) && isScalar(b) ? a === b : canonicalJson(b) === canonicalJson(a);
    if (!same) changes[key] = { before: b, after: a };
  }
  return changes;
}

const isScalar = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * The stored form (`storedChangesText`) of `diffRecords(null, record)`, every set field as `{"after":…}`, rendered
 * directly: the same bytes, without building the changes object and walking it again. Imports render one of these per
 * created record.
 */
export function creationChangesText(record: Record<string, unknown>): string {
  const keys = sortKeys(Object.keys(record));
  let out = '{';
  for (const key of keys) {
    const value = record[key] ?? null;
    if (value === null) continue;
    // diffRecords keeps a field when its canonical text differs from null's (and throws where canonicalJson throws).
    const text = canonicalJson(value);
    if (text === 'null') continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:{"after":${text}}`;
  }
  return `${out}}`;
}
