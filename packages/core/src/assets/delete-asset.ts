import { AppError } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { presentAsset } from './present-asset.js';
import { loadAssetRow } from './load-asset.js';
import { diffRecords } from '@custodia/domain';
import { assertNoLiveAttachments } from '../attachments/attachment-owners.js';
import { assertNotReferencedByAttributes } from '../shared/attribute-references.js';

/**
 * Removes a record created in error. Assets that really existed are decommissioned and disposed instead; deletion
 * keeps the full before-image in history, with the reason.
 */
export async function deleteAsset(ctx: Context, id: string, expectedVersion: number, reason: string): Promise<void> {
  await runChange(ctx, reason, async (tx) => {
    const row = await loadAssetRow(tx, id, ctx.access.scope);
    assertVersion('asset', Number(row.version), expectedVersion);
    await assertNoLiveAttachments(tx, { kind: 'asset', id }, 'ASSET_HAS_ATTACHMENTS');
    await assertNotReferencedByAttributes(tx, 'asset_ref', id);
    const deleted = await tx.deleteFrom('assets').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) await versionConflict(tx, 'assets', 'asset', id, expectedVersion);
    const { version: _v, createdAt: _c, updatedAt: _u, ...before } = presentAsset(row);
    return { result: undefined, events: [{ entityType: 'asset', entityId: id, action: 'delete', changes: diffRecords(before, null) }] };
  });
}
