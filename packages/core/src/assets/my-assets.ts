import { AppError } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import type { AssetPolicy } from '@custodia/contracts';
import { policyList } from './asset-policies.js';
import { type MyAssetReport, reportsOf } from './my-asset-reports.js';

/** Self-service view of an assigned asset: what a consumer needs, nothing more (no costs, no other people). */
export interface MyAsset {
  id: string; tag: string; name: string; assetTypeName: string; stage: string; assignedSince: string; expectedReturnDate: string | null; acknowledgedAt: string | null;
  /** The person's latest report of a problem with it (open, or settled during this assignment). */
  report: MyAssetReport | null;
  /** The usage policies told at hand-over (asset type's, then catalogue model's), to read again. */
  policies: AssetPolicy[];
}

/** The assets assigned to `personId` now, with their open assignment (one, or none, when `assetId` is given). */
export async function assignedRows(db: Context['database']['db'], personId: string, assetId?: string) {
  let q = db.selectFrom('assets')
    .innerJoin('asset_types', 'asset_types.id', 'assets.asset_type_id')
    .innerJoin('assignments', (j) => j.onRef('assignments.asset_id', '=', 'assets.id').on('assignments.ended_on', 'is', null))
    .leftJoin('catalogue_models', 'catalogue_models.id', 'assets.model_id')
    .select(['assets.id', 'assets.tag', 'assets.name', 'asset_types.name as type_name', 'assets.stage', 'assets.owner_org_unit_id', 'assignments.id as assignment_id', 'assignments.started_on', 'assignments.expected_return_date', 'assignments.acknowledged_at',
      'asset_types.id as type_id', 'asset_types.usage_policy as type_policy', 'catalogue_models.id as model_id', 'catalogue_models.name as model_name', 'catalogue_models.usage_policy as model_policy'])
    .where('assets.assigned_person_id', '=', personId).where('assignments.person_id', '=', personId)
    .orderBy('assets.tag_key');
  if (assetId) q = q.where('assets.id', '=', assetId);
  return q.limit(1000).execute();
}
export type AssignedRow = Awaited<ReturnType<typeof assignedRows>>[number];

/** The rows as the person sees them, each with their latest report of a problem. */
export async function presentMine(db: Context['database']['db'], personId: string, rows: readonly AssignedRow[]): Promise<MyAsset[]> {
  const reports = await reportsOf(db, personId, rows);
  return rows.map((r) => ({
    id: r.id, tag: r.tag, name: r.name, assetTypeName: r.type_name, stage: r.stage, assignedSince: r.started_on, expectedReturnDate: r.expected_return_date, acknowledgedAt: r.acknowledged_at,
    report: reports.get(r.id) ?? null,
    policies: policyList({ id: r.type_id, name: r.type_name, usage_policy: r.type_policy },
      r.model_id && r.model_name ? { id: r.model_id, name: r.model_name, usage_policy: r.model_policy } : null),
  }));
}

export const notAssignedToYou = (assetId: string) => new AppError('NOT_FOUND', `No asset with id ${assetId} is assigned to you`);

/** The assets currently assigned to the signed-in person. An account not linked to a person has none. */
export async function listMyAssets(ctx: Context): Promise<MyAsset[]> {
  const personId = ctx.access.personId;
  return personId ? presentMine(ctx.database.db, personId, await assignedRows(ctx.database.db, personId)) : [];
}

/** The assignee confirms they received the asset; recorded on the assignment and in the asset's history. */
export async function acknowledgeReceipt(ctx: Context, assetId: string): Promise<MyAsset> {
  const personId = ctx.access.personId;
  if (!personId) throw notAssignedToYou(assetId);
  return runChange(ctx, 'Receipt acknowledged by the assignee', async (tx, nowIso) => {
    const [row] = await assignedRows(tx, personId, assetId);
    if (!row) throw notAssignedToYou(assetId);
    if (row.acknowledged_at) throw new AppError('CONFLICT', 'Receipt was already acknowledged');
    // Conditional, so that of acknowledgements sent at once, or one racing a check-in, only one that still holds wins
    // (PostgreSQL reads above without a lock; SQLite writes one at a time anyway).
    const updated = await tx.updateTable('assignments').set({ acknowledged_at: nowIso })
      .where('id', '=', row.assignment_id).where('acknowledged_at', 'is', null).where('ended_on', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      const now = await tx.selectFrom('assignments').select(['acknowledged_at', 'ended_on']).where('id', '=', row.assignment_id).executeTakeFirst();
      if (now && now.ended_on === null && now.acknowledged_at) throw new AppError('CONFLICT', 'Receipt was already acknowledged');
      throw notAssignedToYou(assetId);
    }
    const [result] = await presentMine(tx, personId, [{ ...row, acknowledged_at: nowIso }]);
    return {
      result: result!,
      events: [{ entityType: 'asset', entityId: assetId, action: 'acknowledge', changes: { receiptAcknowledgedAt: { before: null, after: nowIso } } }],
    };
  });
}
