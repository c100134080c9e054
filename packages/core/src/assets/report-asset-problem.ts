import { AppError } from '@custodia/contracts';
import type { ProblemReportCreate } from '@custodia/contracts';
import type { z } from 'zod';
import { MAX_OPEN_HOLDER_REPORTS, holderReportKey, holderReportSummary } from '@custodia/domain';
import { type EventInput, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, runChange } from '../shared/change.js';
import { isPostgres, lockKeys, lockRows } from '../shared/locks.js';
import { localDateOf } from '../shared/today.js';
import { latestOfSubject, raiseDiscrepancy } from '../discovery/discrepancy-store.js';
import type { HolderReportEvidence } from './my-asset-reports.js';
import { type MyAsset, assignedRows, notAssignedToYou, presentMine } from './my-assets.js';

/** Namespace of the advisory locks on a person's reports ("CHRp"), apart from any other lock. */
const HOLDER_REPORT_LOCKS = 0x43485270;

/**
 * The holder of an asset says the register is wrong about it ("Something is wrong" on My assets): raised as a
 * `reported_by_holder` discrepancy in the queue, with who said what and about which assignment, for an asset manager
 * to settle — the report itself changes nothing of the asset (a lost laptop stays in its stage until someone marks it).
 * One open report per asset and person: sent again while open, it replaces the reason and message and comes back to
 * the top of the queue. Refused, writing nothing: an asset not assigned to the caller's person (404, as a missing
 * one), a report the asset team set aside until a date not yet passed (409 `PROBLEM_REPORT_SET_ASIDE`), and a new
 * report beyond `MAX_OPEN_HOLDER_REPORTS` open ones (409 `TOO_MANY_PROBLEM_REPORTS`).
 */
export async function reportAssetProblem(ctx: Context, assetId: string, input: z.infer<typeof ProblemReportCreate>): Promise<MyAsset> {
  const personId = ctx.access.personId;
  if (!personId) throw notAssignedToYou(assetId);
  const message = input.message?.trim() ? input.message.trim() : null;
  return runChange(ctx, 'Problem reported by the asset\'s holder', async (tx, now) => {
    // A person's reports queue on one lock (PostgreSQL), so reports sent at once cannot all pass the cap, nor two of
    // one asset both find no open report; the asset row is then held, so a check-in or a reassignment committing
    // meanwhile is seen by the read below rather than after it. Nothing else takes this lock: no order to keep.
    await lockKeys(tx, HOLDER_REPORT_LOCKS, [personId]);
    await lockRows(tx, 'assets', assetId);
    const [row] = await assignedRows(tx, personId, assetId);
    if (!row) throw notAssignedToYou(assetId);
    const today = localDateOf(ctx, now);
    const key = holderReportKey(assetId, personId);
    // The open report is held too: settled by the team meanwhile, it is read as settled (a new report is queued, under
    // the cap), never rewritten after its resolution; a resolution arriving later finds a new version (412).
    let openQuery = tx.selectFrom('discrepancies').select(['id', 'evidence']).where('dedupe_key', '=', key).where('status', '=', 'open');
    if (isPostgres(tx)) openQuery = openQuery.forUpdate();
    const open = await openQuery.executeTakeFirst();
    if (!open) await assertMayOpen(tx, personId, key, today);

    const person = await tx.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirstOrThrow();
    const evidence: HolderReportEvidence = {
      reason: input.reason, message, reportedAt: now,
      personId, personName: person.name, reporterAccountId: ctx.access.accountId, reporterLogin: ctx.actor,
      assignmentId: row.assignment_id, assignedSince: row.started_on,
    };
    const events: EventInput[] = await raiseDiscrepancy(tx, {
      kind: 'reported_by_holder', dedupeKey: key, assetId, deviceId: null, orgUnitId: row.owner_org_unit_id,
      // What the holder says, with when: each report is news (a report after one the team kept or dismissed is queued
      // again), and one sent again while open rewrites the open one's evidence and summary.
      discoveredValue: { reason: input.reason, message, reportedAt: now },
      evidence: { ...evidence },
      summary: holderReportSummary({ personName: person.name, tag: row.tag, assetName: row.name, reason: input.reason, message }),
      // Like discovery's, a holder's report is raised without an owner or a due date: the queue counts those without.
      owner: null, dueOn: null,
    }, now, today);
    if (open) events.push(refreshed(open.id, readJson<Partial<HolderReportEvidence>>(open.evidence, {}), evidence));
    const [result] = await presentMine(tx, personId, [row]);
    return { result: result!, events };
  });
}

/** A first report on this asset: refused while the team's "ignore until" holds, or when the person has too many open. */
async function assertMayOpen(tx: Tx, personId: string, key: string, today: string): Promise<void> {
  const last = await latestOfSubject(tx, key).executeTakeFirst();
  // The same condition under which raiseDiscrepancy would queue nothing: said, rather than answered as if queued.
  if (last?.status === 'ignored' && last.ignore_until && last.ignore_until >= today) {
    throw new AppError('PROBLEM_REPORT_SET_ASIDE', `The IT asset team set your report on this asset aside until ${last.ignore_until}; you can report it again after that date`, { extra: { ignoreUntil: last.ignore_until } });
  }
  const { n } = await tx.selectFrom('discrepancies').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open').where('kind', '=', 'reported_by_holder').where('dedupe_key', 'like', `%:${personId}`)
    .executeTakeFirstOrThrow();
  if (Number(n) >= MAX_OPEN_HOLDER_REPORTS) {
    throw new AppError('TOO_MANY_PROBLEM_REPORTS', `You have ${MAX_OPEN_HOLDER_REPORTS} reports waiting for the IT asset team; you can send more once they have looked at them`, { extra: { limit: MAX_OPEN_HOLDER_REPORTS } });
  }
}

/** The history of a report sent again while open: what the holder now says instead. */
function refreshed(id: string, before: Partial<HolderReportEvidence>, after: HolderReportEvidence): EventInput {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of ['reason', 'message', 'reportedAt', 'assignmentId'] as const) {
    if ((before[field] ?? null) !== after[field]) changes[field] = { before: before[field] ?? null, after: after[field] };
  }
  return { entityType: 'discrepancy', entityId: id, action: 'update', changes };
}
