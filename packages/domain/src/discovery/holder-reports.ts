import type { Resolution } from './staleness.js';

/**
 * Reports by the people holding assets (self-service "Something is wrong"): the person the register assigns an asset
 * to is the best-placed witness of what the register gets wrong about it (ITAM guide §2.2.5, Table 3.6 "verify IT
 * asset data"). A report raises a `reported_by_holder` discrepancy; it never changes the asset by itself — an asset
 * manager settles it with one of the kind's resolutions.
 */

export const HOLDER_REPORT_REASON_KEYS = ['not_mine', 'returned', 'details_wrong', 'lost_or_stolen', 'other'] as const;
export type HolderReportReason = (typeof HOLDER_REPORT_REASON_KEYS)[number];

export interface HolderReportReasonInfo {
  key: HolderReportReason;
  /** In the holder's words, for the choice they make. */
  label: string;
  /** For the asset team, in the queue. */
  title: string;
  /** Whether the holder must say more: the reason alone does not say what to correct. */
  messageRequired: boolean;
}

export const HOLDER_REPORT_REASONS: readonly HolderReportReasonInfo[] = [
  { key: 'not_mine', label: 'It is not mine: I never had it', title: 'Never had it', messageRequired: false },
  { key: 'returned', label: 'I gave it back', title: 'Says it was returned', messageRequired: false },
  { key: 'details_wrong', label: 'Its details are wrong (serial number, model, name…)', title: 'Details wrong', messageRequired: true },
  { key: 'lost_or_stolen', label: 'It was lost or stolen', title: 'Lost or stolen', messageRequired: false },
  { key: 'other', label: 'Something else', title: 'Other problem', messageRequired: true },
];

const BY_REASON = new Map(HOLDER_REPORT_REASONS.map((r) => [r.key, r]));

export const holderReportReason = (key: HolderReportReason): HolderReportReasonInfo => BY_REASON.get(key)!;

export const isHolderReportReason = (value: unknown): value is HolderReportReason => typeof value === 'string' && BY_REASON.has(value as HolderReportReason);

/**
 * Reports one person may have waiting in the queue at once (open ones; a report sent again on the same asset refreshes
 * the open one and does not count twice). Enough for anyone's desk — a person rarely holds more than a few assets —
 * and a bound on what one account can pour into the asset team's queue.
 */
export const MAX_OPEN_HOLDER_REPORTS = 20;

/** Characters of the holder's message quoted in the summary; the whole message stays in the evidence. */
const SUMMARY_QUOTE_MAX = 160;

/** One open report per asset and person: a second one while the first is open refreshes it. */
export const holderReportKey = (assetId: string, personId: string): string => `reported_by_holder:${assetId}:${personId}`;

/**
 * The queue's summary, readable by an asset manager: "Léa Martin says LAP-000123 (ThinkPad) is not theirs: “…”".
 * The person is named without a pronoun of their gender, which the register does not hold.
 */
export function holderReportSummary(r: { personName: string; tag: string; assetName: string; reason: HolderReportReason; message: string | null }): string {
  const asset = r.assetName && r.assetName !== r.tag ? `${r.tag} (${r.assetName})` : r.tag;
  const says: Record<HolderReportReason, string> = {
    not_mine: `${r.personName} says ${asset} is not theirs`,
    returned: `${r.personName} says they gave ${asset} back`,
    details_wrong: `${r.personName} says the register's details of ${asset} are wrong`,
    lost_or_stolen: `${r.personName} reports ${asset} lost or stolen`,
    other: `${r.personName} reports a problem with ${asset}`,
  };
  const message = r.message?.replace(/\s+/g, ' ').trim() ?? '';
  if (!message) return says[r.reason];
  const quoted = message.length > SUMMARY_QUOTE_MAX ? `${message.slice(0, SUMMARY_QUOTE_MAX - 1).trimEnd()}…` : message;
  return `${says[r.reason]}: “${quoted}”`;
}

/**
 * What the holder is told of their report once the asset team settled it, by the resolution chosen — a short status,
 * never the team's note, which is written for the team.
 */
export const HOLDER_REPORT_OUTCOMES: Readonly<Partial<Record<Resolution, string>>> = {
  mark_missing: 'The IT asset team recorded the asset as missing, lost or stolen.',
  corrected: 'The IT asset team corrected the register.',
  keep_register: 'The IT asset team checked it: the register stays as it is.',
  ignore_until: 'The IT asset team set your report aside for now.',
  dismiss: 'The IT asset team closed your report.',
};

/** The holder's status line for a settled report (one settled without a resolution reads as closed). */
export const holderReportOutcome = (resolution: Resolution | null): string =>
  (resolution ? HOLDER_REPORT_OUTCOMES[resolution] : undefined) ?? 'The IT asset team closed your report.';
