import { AppError } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { lockRows } from '../shared/locks.js';
import { loadAssetRow } from '../assets/load-asset.js';
import { coverageEvents } from './coverage-records.js';

/**
 * `DELETE /assets/{contractId}/coverage/{assetId}`: the contract no longer covers the asset. Both must lie in the
 * caller's scope (404 otherwise, as for a coverage that does not exist). The row goes; an `uncover` event on the
 * contract and on the asset keeps what it was, in the same transaction. A coverage that ended is history already
 * (`active` false) and need not be removed. The contract's category is not checked here, so a coverage left by an asset
 * type that stopped being of category service_contract can still be removed.
 */
export async function removeCoverage(ctx: Context, contractId: string, assetId: string, reason?: string): Promise<void> {
  await runChange(ctx, reason, async (tx) => {
    await lockRows(tx, 'assets', contractId);
    const contract = await loadAssetRow(tx, contractId, ctx.access.scope);
    const asset = await loadAssetRow(tx, assetId, ctx.access.scope);
    const row = await tx.selectFrom('asset_coverage').selectAll().where('contract_id', '=', contractId).where('asset_id', '=', assetId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `${contract.tag} does not cover ${asset.tag}`);
    await tx.deleteFrom('asset_coverage').where('id', '=', row.id).execute();
    return { result: undefined, events: coverageEvents('uncover', row, contract, asset) };
  });
}
