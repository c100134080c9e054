import type { StageKind } from '../lifecycle/model.js';
import type { AssetCategory } from './tree.js';
import { DATE_TEXT } from './monitored-dates.js';

/**
 * Support, maintenance and warranty coverage (ITAM practice guide, Table 2.2, Acquire: "maintenance, warranty and
 * support contracts with activation information"): an asset of category `service_contract` (the contract) covers other
 * assets, each from a start date to an end date (either may be open). Whether a coverage holds on a day, and how long
 * an asset stays covered, are decided here; the API asks with the organisation's today.
 */

/** The category of the assets that cover others; an asset of it is never itself covered. */
export const CONTRACT_CATEGORY: AssetCategory = 'service_contract';

/**
 * Stage kinds in which a contract no longer covers anything: withdrawn (cancelled, harvested), kept under a legal hold
 * after it ended, lost, or ended for good (disposed, terminated). Its coverage stays as history, inactive.
 */
export const CONTRACT_ENDED_STAGE_KINDS: readonly StageKind[] = ['retired', 'hold', 'lost', 'disposed'];

/**
 * Date attributes a contract's asset type may define (`type: 'date'`) for the contract's own term; a coverage added
 * without dates takes them. The shipped *Support contract* type defines both (and monitors `ends_on`); a type a
 * register defines for its contracts names them so too.
 */
export const CONTRACT_TERM_FIELDS = { startsOn: 'starts_on', endsOn: 'ends_on' } as const;

export interface CoverageTerm {
  /** First day covered (inclusive); null: from whenever the contract began. */
  startsOn: string | null;
  /** Last day covered (inclusive); null: no end recorded. */
  endsOn: string | null;
  /** The kind of the contract's current stage (unknown when its model no longer names the stage). */
  contractStageKind: StageKind | null | undefined;
}

/** Whether the contract is still in force as far as its stage tells (dates aside). */
export const contractInForce = (stageKind: StageKind | null | undefined): boolean => !stageKind || !CONTRACT_ENDED_STAGE_KINDS.includes(stageKind);

/** Whether a coverage holds on `date` (YYYY-MM-DD): the contract is in force and the date lies within its days. */
export function coverageActiveOn(term: CoverageTerm, date: string): boolean {
  if (!contractInForce(term.contractStageKind)) return false;
  if (term.startsOn !== null && date < term.startsOn) return false;
  return term.endsOn === null || date <= term.endsOn;
}

/**
 * How long an asset stays covered, seen on `date`: not covered when no coverage holds that day; otherwise until the
 * latest end among those that hold, or with no end (`until: null`) when one of them has none.
 */
export type CoveredUntil = { covered: false } | { covered: true; until: string | null };

export function coveredUntil(terms: readonly CoverageTerm[], date: string): CoveredUntil {
  const active = terms.filter((t) => coverageActiveOn(t, date));
  if (!active.length) return { covered: false };
  if (active.some((t) => t.endsOn === null)) return { covered: true, until: null };
  return { covered: true, until: active.map((t) => t.endsOn!).sort().at(-1)! };
}

/**
 * The term of a coverage being added: the dates given, else the contract's own (its `starts_on` / `ends_on` date
 * attributes, when its type defines them and they hold a date). Refused when it would end before it starts.
 */
export function coverageTermOf(
  given: { startsOn?: string | null | undefined; endsOn?: string | null | undefined },
  contractAttributes: Record<string, unknown>,
  contractDateFields: readonly string[],
): { ok: true; value: { startsOn: string | null; endsOn: string | null } } | { ok: false; code: 'COVERAGE_ENDS_BEFORE_START'; message: string } {
  const own = (key: string): string | null => {
    const v = contractAttributes[key];
    return contractDateFields.includes(key) && typeof v === 'string' && DATE_TEXT.test(v) ? v : null;
  };
  const startsOn = given.startsOn !== undefined ? given.startsOn : own(CONTRACT_TERM_FIELDS.startsOn);
  const endsOn = given.endsOn !== undefined ? given.endsOn : own(CONTRACT_TERM_FIELDS.endsOn);
  if (startsOn !== null && endsOn !== null && endsOn < startsOn) {
    return { ok: false, code: 'COVERAGE_ENDS_BEFORE_START', message: `The coverage would end on ${endsOn}, before it starts on ${startsOn}` };
  }
  return { ok: true, value: { startsOn, endsOn } };
}
