import type { Context } from '../shared/context.js';
import { loadAssetRow } from './load-asset.js';

/** Assignment periods of an asset, newest first. */
export async function listAssignments(ctx: Context, assetId: string) {
  await loadAssetRow(ctx.database.db, assetId, ctx.access.scope);
  const rows = await ctx.database.db.selectFrom('assignments').selectAll().where('asset_id', '=', assetId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, assetId: r.asset_id, personId: r.person_id, startedOn: r.started_on, expectedReturnDate: r.expected_return_date, endedOn: r.ended_on, operator: r.operator }));
}

/** IMAC records of an asset, newest first. */
export async function listImac(ctx: Context, assetId: string) {
  await loadAssetRow(ctx.database.db, assetId, ctx.access.scope);
  const rows = await ctx.database.db.selectFrom('imac_records').selectAll().where('asset_id', '=', assetId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, assetId: r.asset_id, action: r.action as 'install' | 'move' | 'add' | 'change', performedOn: r.performed_on, operator: r.operator, personId: r.person_id,
    fromLocationId: r.from_location_id, toLocationId: r.to_location_id, details: r.details, createdAt: r.created_at,
  }));
}
