/** Types and words of self-service's "My assets" (the API: /api/v1/me/assets). */
import { type HolderReportReason, type Resolution, holderReportOutcome, holderReportReason } from '@custodia/domain';
import { calendarDate, instantDate } from './dates';

/** My latest report of a problem with an asset (`MyAssetReport` in contracts). */
export interface MyAssetReport {
  status: 'open' | 'resolved' | 'ignored';
  reason: HolderReportReason; message: string | null; reportedAt: string;
  resolution: Resolution | null; resolvedAt: string | null; ignoreUntil: string | null;
}

export interface MyAsset {
  id: string; tag: string; name: string; assetTypeName: string; stage: string; assignedSince: string; expectedReturnDate: string | null; acknowledgedAt: string | null;
  report: MyAssetReport | null;
  /** The usage policies told at hand-over: the asset type's, then the catalogue model's. */
  policies: { source: 'type' | 'model'; id: string; name: string; text: string }[];
}

/** Where my report stands, in words: waiting for the team, set aside until a date, or its outcome. */
export function reportStatus(r: MyAssetReport): { title: string; detail: string } {
  const what = `“${holderReportReason(r.reason).label}”`;
  if (r.status === 'open') return { title: `You reported this on ${instantDate(r.reportedAt)} — the IT asset team will look at it.`, detail: what };
  if (r.status === 'ignored') return { title: `The IT asset team set your report aside until ${calendarDate(r.ignoreUntil)}.`, detail: `Your report of ${instantDate(r.reportedAt)}: ${what}` };
  return { title: holderReportOutcome(r.resolution), detail: `Your report of ${instantDate(r.reportedAt)}: ${what}` };
}
