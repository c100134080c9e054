/** Types and words of self-service's "My assets" (the API: /api/v1/me/assets). */
import { useQuery } from '@tanstack/react-query';
import { type HolderReportReason, type Resolution, holderReportOutcome, holderReportReason } from '@custodia/domain';
import { get } from './api';
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

/** The query key of my assets: invalidated after a change to one of them. */
export const MY_ASSETS_KEY = ['my-assets'] as const;

/** The assets assigned to me, one read shared by the overview's card and the My assets page (only with `self.assets`). */
export function useMyAssets(enabled = true) {
  return useQuery({ queryKey: MY_ASSETS_KEY, queryFn: async () => (await get<{ items: MyAsset[] }>('/api/v1/me/assets')).items, enabled });
}

/** Where my report stands, in words: waiting for the team, set aside until a date, or its outcome. */
export function reportStatus(r: MyAssetReport): { title: string; detail: string } {
  const what = `“${holderReportReason(r.reason).label}”`;
  if (r.status === 'open') return { title: `You reported this on ${instantDate(r.reportedAt)} — the IT asset team will look at it.`, detail: what };
  if (r.status === 'ignored') return { title: `The IT asset team set your report aside until ${calendarDate(r.ignoreUntil)}.`, detail: `Your report of ${instantDate(r.reportedAt)}: ${what}` };
  return { title: holderReportOutcome(r.resolution), detail: `Your report of ${instantDate(r.reportedAt)}: ${what}` };
}
