import { canonicalJson } from '../history/canonical.js';

/**
 * Field authority: whether a discovered value may change an asset field, given who set the field's current value and
 * when. People, audits and imports are authoritative: discovery never overwrites what they set, it reports the
 * difference. Discovery keeps only the fields it owns up to date, and older evidence never replaces newer data.
 */

export const FIELD_SOURCES = ['person', 'audit', 'discovery', 'import', 'system'] as const;
export type FieldSource = (typeof FIELD_SOURCES)[number];

/** Who set a field's current value, and when (ISO-8601). */
export interface FieldProvenance {
  source: FieldSource;
  at: string;
}

/** Sources whose values discovery reports differences against instead of overwriting. */
export const AUTHORITATIVE_SOURCES: readonly FieldSource[] = ['person', 'audit', 'import'];

export const FIELD_DECISIONS = ['unchanged', 'fill', 'update', 'stale', 'discrepancy'] as const;
export type FieldDecision = (typeof FIELD_DECISIONS)[number];

export interface FieldDecisionInput {
  current: unknown;
  /** Null for values without a record of who set them: they count as set by a person. */
  provenance: FieldProvenance | null;
  discovered: unknown;
  /** When the discovered value was collected (see `effectiveCollectedAt`). */
  discoveredAt: string;
  /** Discovery keeps this field up to date (the discovery settings' `ownedFields`). */
  owned: boolean;
  /** Equality of the two values; default `sameValue`. Pass `sameIdentifier` for serials, host names and the like. */
  equals?: (current: unknown, discovered: unknown) => boolean;
}

/** Null, undefined and blank strings: no value. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Strings compare NFC-normalised and trimmed; other values by canonical JSON (object key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.normalize('NFC').trim() === b.normalize('NFC').trim();
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

/** As `sameValue`, but strings also ignore case: for identifiers such as host names and serials. */
export function sameIdentifier(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();
  return sameValue(a, b);
}

/**
 * What to do with one discovered field value, in this order:
 * 1. discovery reports no value → `unchanged` (a missing value in an inventory is missing data, not a removal);
 * 2. equal values → `unchanged`;
 * 3. the discovered value was collected before the current one was set → `stale`, whoever set it: older evidence
 *    neither overwrites nor contradicts newer data (an unparseable collection time counts as older);
 * 4. no current value → `fill`;
 * 5. set by a person (or no provenance), an audit or an import → `discrepancy`;
 * 6. set by discovery or the system: `update` if discovery owns the field, else `discrepancy`.
 */
export function decideField(input: FieldDecisionInput): FieldDecision {
  const equals = input.equals ?? sameValue;
  if (isEmptyValue(input.discovered)) return 'unchanged';
  if (!isEmptyValue(input.current) && equals(input.current, input.discovered)) return 'unchanged';
  if (input.provenance !== null) {
    const setAt = parseInstant(input.provenance.at);
    const collectedAt = parseInstant(input.discoveredAt);
    if (setAt !== null && (collectedAt === null || collectedAt < setAt)) return 'stale';
  }
  if (isEmptyValue(input.current)) return 'fill';
  const source = input.provenance?.source ?? 'person';
  if (AUTHORITATIVE_SOURCES.includes(source)) return 'discrepancy';
  return input.owned ? 'update' : 'discrepancy';
}

// ISO-8601 date or date-time; seconds, fraction and offset optional.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch of an ISO-8601 instant, or null. A time without an offset is read as UTC (agents that
 * omit the offset rarely mean the server's zone either, and the result must not depend on where the server runs).
 */
export function parseInstant(value: string): number | null {
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  if (new Date(utc).getUTCDate() !== day) return null;
  if (zone.toUpperCase() === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return utc - sign * offsetMinutes * 60_000;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

export type CollectedAtAnomaly = 'clock_ahead' | 'unparseable';

/**
 * The time an inventory counts as collected. The agent's claim is used when it is plausible; an inventory cannot have
 * been collected after it was received, so a claim slightly ahead (within `maxSkewMs`) is clamped to the receipt time,
 * and one further ahead is an agent clock fault: the receipt time is used and the anomaly reported. No claim: the
 * receipt time.
 */
export function effectiveCollectedAt(claimed: string | null, receivedAt: Date, maxSkewMs: number = DEFAULT_MAX_CLOCK_SKEW_MS): { at: string; anomaly: CollectedAtAnomaly | null } {
  const received = receivedAt.getTime();
  if (claimed === null || claimed.trim() === '') return { at: receivedAt.toISOString(), anomaly: null };
  const claim = parseInstant(claimed);
  if (claim === null) return { at: receivedAt.toISOString(), anomaly: 'unparseable' };
  if (claim > received + maxSkewMs) return { at: receivedAt.toISOString(), anomaly: 'clock_ahead' };
  return { at: new Date(Math.min(claim, received)).toISOString(), anomaly: null };
}
