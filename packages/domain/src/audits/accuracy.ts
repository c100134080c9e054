import type { AuditItemResult } from './audit-rules.js';

/**
 * How well the register matched what was there, run after run of a plan (ITAM practice guide Table 3.6 "Review and
 * analyse verification and audit findings": audit data used for trends; the results prepare the next audits).
 */

/** How many items of a run have one result, drawn into its sample or not (every item is drawn when it checks all). */
export interface AuditTallyRow { result: AuditItemResult; sampled: boolean; count: number }

export interface AccuracyCounts {
  /** Assets the run set out to check: for a sample, the drawn ones only. */
  expected: number;
  foundWhereExpected: number;
  foundElsewhere: number;
  /** Not found (missing at the close; not found yet while the run is open). */
  missing: number;
  /** Found but not expected: another asset of the register, or a tag it does not know. */
  unexpected: number;
}

/**
 * The counts accuracy is judged on. A sample stands for its scope only through the assets drawn: an asset of the scope
 * not drawn but recorded anyway is left out (counting it would favour the assets people happen to pass by), as are
 * those neither drawn nor recorded. Every item not expected counts, whichever way it came.
 */
export function accuracyCounts(tally: readonly AuditTallyRow[]): AccuracyCounts {
  const c: AccuracyCounts = { expected: 0, foundWhereExpected: 0, foundElsewhere: 0, missing: 0, unexpected: 0 };
  for (const row of tally) {
    if (row.result === 'unexpected') { c.unexpected += row.count; continue; }
    if (!row.sampled) continue;
    c.expected += row.count;
    if (row.result === 'found') c.foundWhereExpected += row.count;
    else if (row.result === 'wrong_location') c.foundElsewhere += row.count;
    else c.missing += row.count;
  }
  return c;
}

/**
 * The accuracy of a run: the share of the assets it expected that were found where the register placed them (0 to 1).
 * Null when it expected nothing — no evidence either way, which is not 0 % nor 100 %.
 */
export function auditAccuracy(c: Pick<AccuracyCounts, 'expected' | 'foundWhereExpected'>): number | null {
  return c.expected > 0 ? c.foundWhereExpected / c.expected : null;
}

/** The change of accuracy from the previous run (positive: better); null when either is unknown. */
export function accuracyChange(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}
