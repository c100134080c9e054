import { type HolderReportReason, type Resolution, holderReportKey } from '@custodia/domain';
import { readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';

/** A person's report of a problem with an asset assigned to them, as they see it (`MyAssetReport` in contracts). */
export interface MyAssetReport {
  status: 'open' | 'resolved' | 'ignored';
  reason: HolderReportReason; message: string | null; reportedAt: string;
  resolution: Resolution | null; resolvedAt: string | null; ignoreUntil: string | null;
}

/** What a `reported_by_holder` discrepancy keeps of the report (its `evidence`). */
export interface HolderReportEvidence {
  reason: HolderReportReason; message: string | null; reportedAt: string;
  personId: string; personName: string; reporterAccountId: string | null; reporterLogin: string;
  assignmentId: string; assignedSince: string;
}

/**
 * The person's latest report on each of these assets, read by subject key (index `discrepancies_subject_latest`): the
 * open one, else the latest settled one if it was made during the current assignment — a report from an earlier
 * period with the same asset is history, not news.
 */
export async function reportsOf(db: Context['database']['db'], personId: string, rows: readonly { id: string; assignment_id: string }[]): Promise<Map<string, MyAssetReport>> {
  const found = new Map<string, MyAssetReport>();
  if (!rows.length) return found;
  const byKey = new Map(rows.map((r) => [holderReportKey(r.id, personId), r]));
  const reports = await db.selectFrom('discrepancies')
    .select(['asset_id', 'dedupe_key', 'status', 'evidence', 'resolution', 'resolved_at', 'ignore_until'])
    .where('dedupe_key', 'in', [...byKey.keys()])
    .orderBy('updated_at', 'desc').orderBy('id', 'desc')
    .execute();
  // Open first (one per subject at most), then the latest of the rest: one report per subject is looked at.
  const seen = new Set<string>();
  for (const d of [...reports.filter((d) => d.status === 'open'), ...reports.filter((d) => d.status !== 'open')]) {
    const row = byKey.get(d.dedupe_key);
    if (!row || seen.has(d.dedupe_key)) continue;
    seen.add(d.dedupe_key);
    const evidence = readJson<Partial<HolderReportEvidence>>(d.evidence, {});
    if (d.status !== 'open' && evidence.assignmentId !== row.assignment_id) continue;
    found.set(row.id, {
      status: d.status as MyAssetReport['status'], reason: evidence.reason as HolderReportReason, message: evidence.message ?? null, reportedAt: String(evidence.reportedAt),
      resolution: (d.resolution as Resolution | null) ?? null, resolvedAt: d.resolved_at, ignoreUntil: d.ignore_until,
    });
  }
  return found;
}
