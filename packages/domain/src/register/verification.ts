import { addDays } from './dates.js';

/**
 * Verification (§2.4.1): an asset's `last_verified_on` is the last date someone confirmed it physically or by
 * discovery. Never verified, or verified longer ago than the allowed age, is a data-quality finding.
 */
export const VERIFICATION_MAX_AGE_DAYS = 365;

export type VerificationStatus = 'never' | 'overdue' | 'current';

/**
 * The oldest last-verified date still current on `today` (both YYYY-MM-DD): a verification exactly `maxAgeDays`
 * days ago is current, one a day earlier is overdue. Reports compare `last_verified_on < cutoff` in SQL.
 */
export function verificationCutoff(today: string, maxAgeDays: number = VERIFICATION_MAX_AGE_DAYS): string {
  return addDays(today, -maxAgeDays);
}

/** Whether an asset's verification is missing, older than `maxAgeDays` days on `today`, or current. */
export function verificationStatus(lastVerifiedOn: string | null, today: string, maxAgeDays: number = VERIFICATION_MAX_AGE_DAYS): VerificationStatus {
  if (!lastVerifiedOn) return 'never';
  return lastVerifiedOn < verificationCutoff(today, maxAgeDays) ? 'overdue' : 'current';
}

/**
 * A verification has happened: its date may be today in any time zone (`latestToday`, see `todayAnywhere`), never
 * later — a date typed years ahead would keep the asset "verified" until then. Returns the problem, or null.
 */
export function verifiedOnProblem(lastVerifiedOn: string | null | undefined, latestToday: string): string | null {
  return lastVerifiedOn && lastVerifiedOn > latestToday ? `The last verification cannot be in the future (after ${latestToday})` : null;
}

/**
 * The register's data-quality checks: each is a dashboard figure, and the register filters on it (`quality=`) so the
 * figure leads to the assets to fix. `missing_required`: a required attribute of the asset's type is absent or blank.
 * `no_proof_of_purchase`: an acquired asset without an invoice reference or an invoice or proof of purchase attached
 * (`lacksProofOfPurchase` in `proof-of-purchase.ts`).
 */
export const DATA_QUALITY_CHECKS = [
  { key: 'no_location', label: 'Without a location' },
  { key: 'never_verified', label: 'Never verified' },
  { key: 'verification_overdue', label: `Last verified over ${VERIFICATION_MAX_AGE_DAYS} days ago` },
  { key: 'missing_required', label: 'Missing required attributes' },
  { key: 'no_proof_of_purchase', label: 'No proof of purchase' },
] as const;

export type DataQualityKey = (typeof DATA_QUALITY_CHECKS)[number]['key'];
export const DATA_QUALITY_KEYS = DATA_QUALITY_CHECKS.map((c) => c.key) as [DataQualityKey, ...DataQualityKey[]];

/**
 * The dashboard's data-quality figures whose history is kept day by day (`GET /api/v1/reports/data-quality/trend`),
 * in the dashboard's order: assets in use without an assignee, assets assigned to people who have left, and the
 * register's checks.
 */
export const DATA_QUALITY_FIGURES = [
  { key: 'in_use_without_assignee', label: 'In use without an assignee' },
  { key: 'assigned_to_inactive', label: 'Assigned to people who have left' },
  ...DATA_QUALITY_CHECKS,
] as const;

export type DataQualityFigureKey = (typeof DATA_QUALITY_FIGURES)[number]['key'];
export const DATA_QUALITY_FIGURE_KEYS = DATA_QUALITY_FIGURES.map((c) => c.key) as [DataQualityFigureKey, ...DataQualityFigureKey[]];
