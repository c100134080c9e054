import { AppError } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';

/** Self-service view of an assigned asset: what a consumer needs, nothing more (no costs, no other people). */
export interface MyAsset { id: string; tag: string; name: string; assetTypeName: string; stage: string; assignedSince: string; expectedReturnDate: string | null; acknowledgedAt: string | null }

async function rows(ctx: Context, personId: string, assetId?: string) {
  let q = ctx.database.db.selectFrom('assets')
    .innerJoin('asset_types', 'asset_types.id', 'assets.asset_type_id')
    .innerJoin('assignments', (j) => j.onRef('assignments.asset_id', '=', 'assets.id').on('assignments.ended_on', 'is', null))
    .select(['assets.id', 'assets.tag', 'assets.name', 'asset_types.name as type_name', 'assets.stage', 'assignments.id as assignment_id', 'assignments.started_on', 'assignments.expected_return_date', 'assignments.acknowledged_at'])
    .where('assets.assigned_person_id', '=', personId).where('assignments.person_id', '=', personId)
    .orderBy('assets.tag_key');
  if (assetId) q = q.where('assets.id', '=', assetId);
  return q.limit(1000).execute();
}

const present = (r: Awaited<ReturnType<typeof rows>>[number]): MyAsset => ({
  id: r.id, tag: r.tag, name: r.name, assetTypeName: r.type_name, stage: r.stage, assignedSince: r.started_on, expectedReturnDate: r.expected_return_date, acknowledgedAt: r.acknowledged_at,
});

/** The assets currently assigned to the signed-in person. An account not linked to a person has none. */
export async function listMyAssets(ctx: Context): Promise<MyAsset[]> {
  const personId = ctx.access.personId;
  return personId ? (await rows(ctx, personId)).map(present) : [];
}

/** The assignee confirms they received the asset; recorded on the assignment and in the asset's history. */
export async function acknowledgeReceipt(ctx: Context, assetId: string): Promise<MyAsset> {
  const personId = ctx.access.personId;
  if (!personId) throw new AppError('NOT_FOUND', `No asset with id ${assetId} is assigned to you`);
  return runChange(ctx, 'Receipt acknowledged by the assignee', async (tx, nowIso) => {
    const [row] = await rows({ ...ctx, database: { ...ctx.database, db: tx } }, personId, assetId);
    if (!row) throw new AppError('NOT_FOUND', `No asset with id ${assetId} is assigned to you`);
    if (row.acknowledged_at) throw new AppError('CONFLICT', 'Receipt was already acknowledged');
    // Conditional, so that of acknowledgements sent at once, or one racing a check-in, only one that still holds wins
    // (PostgreSQL reads above without a lock; SQLite writes one at a time anyway).
    const updated = await tx.updateTable('assignments').set({ acknowledged_at: nowIso })
      .where('id', '=', row.assignment_id).where('acknowledged_at', 'is', null).where('ended_on', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      const now = await tx.selectFrom('assignments').select(['acknowledged_at', 'ended_on']).where('id', '=', row.assignment_id).executeTakeFirst();
      if (now && now.ended_on === null && now.acknowledged_at) throw new AppError('CONFLICT', 'Receipt was already acknowledged');
      throw new AppError('NOT_FOUND', `No asset with id ${assetId} is assigned to you`);
    }
    return {
      result: present({ ...row, acknowledged_at: nowIso }),
      events: [{ entityType: 'asset', entityId: assetId, action: 'acknowledge', changes: { receiptAcknowledgedAt: { before: null, after: nowIso } } }],
    };
  });
}
