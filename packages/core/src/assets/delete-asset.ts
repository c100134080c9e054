import { AppError } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { presentAsset } from './present-asset.js';
import { loadAssetRow } from './load-asset.js';
import { diffRecords } from '@custodia/domain';
import type { EventInput } from '@custodia/data';
import { assertNoLiveAttachments } from '../attachments/attachment-owners.js';
import { assertNotReferencedByAttributes } from '../shared/attribute-references.js';
import { lockRows } from '../shared/locks.js';
import { removeAllCoverageOf } from '../coverage/coverage-records.js';

/**
 * Removes a record created in error. Assets that really existed are decommissioned and disposed instead; deletion
 * keeps the full before-image in history, with the reason.
 */
export async function deleteAsset(ctx: Context, id: string, expectedVersion: number, reason: string): Promise<void> {
  await runChange(ctx, reason, async (tx, now) => {
    // Held first (PostgreSQL): an asset starting to name this one in its attributes commits before the check below.
    await lockRows(tx, 'assets', id);
    const row = await loadAssetRow(tx, id, ctx.access.scope);
    assertVersion('asset', Number(row.version), expectedVersion);
    await assertNoLiveAttachments(tx, { kind: 'asset', id }, 'ASSET_HAS_ATTACHMENTS');
    await assertNotReferencedByAttributes(tx, 'asset_ref', id, ctx.access.scope);
    // What discovery tied to the record goes with it, each with its own event in this transaction: linked devices are
    // unlinked (a later inventory matches them again), the asset's discrepancies are removed.
    const events: EventInput[] = [];
    const devices = await tx.selectFrom('discovered_devices').select(['id', 'version']).where('asset_id', '=', id).execute();
    for (const d of devices) {
      await tx.updateTable('discovered_devices').set({ asset_id: null, version: Number(d.version) + 1, updated_at: now }).where('id', '=', d.id).execute();
      events.push({ entityType: 'device', entityId: d.id, action: 'update', changes: { assetId: { before: id, after: null } } });
    }
    const discrepancies = await tx.selectFrom('discrepancies').select(['id', 'status', 'kind']).where('asset_id', '=', id).execute();
    for (const d of discrepancies) {
      events.push({ entityType: 'discrepancy', entityId: d.id, action: 'delete', changes: { status: { before: d.status, after: null }, kind: { before: d.kind, after: null }, assetId: { before: id, after: null } } });
    }
    if (discrepancies.length) await tx.deleteFrom('discrepancies').where('asset_id', '=', id).execute();
    // Its coverage, as contract or as covered asset, goes too, recorded on both sides.
    events.push(...await removeAllCoverageOf(tx, row));
    const deleted = await tx.deleteFrom('assets').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) await versionConflict(tx, 'assets', 'asset', id, expectedVersion);
    const { version: _v, createdAt: _c, updatedAt: _u, ...before } = presentAsset(row);
    return { result: undefined, events: [...events, { entityType: 'asset', entityId: id, action: 'delete', changes: diffRecords(before, null) }] };
  });
}
