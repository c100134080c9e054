import { AppError, type AssetCreate } from '@custodia/contracts';
import { type EventInput, type Row, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import type { Tx } from '../shared/change.js';
import { insertAsset } from '../assets/create-asset.js';

/**
 * A tag an audit found that the register does not know, registered as a new asset: with the tag as read, at the
 * location where it was found, owned by the org unit the finding is filed under (the plan's), verified on the day.
 * The asset type is the person's choice: an audit reads a label, not what the thing is.
 */
export async function registerFoundTag(
  ctx: Context, tx: Tx, row: Row<'discrepancies'>, choice: { assetTypeId?: string | undefined; stage?: string | undefined }, now: string,
): Promise<{ assetId: string; events: EventInput[] }> {
  if (!choice.assetTypeId) throw new AppError('VALIDATION_FAILED', 'Choose the asset type', { errors: [{ field: 'assetTypeId', code: 'REQUIRED', message: 'The type of the asset found' }] });
  const evidence = readJson<{ tag?: string; foundLocationId?: string | null; auditPlan?: string }>(row.evidence, {});
  if (!evidence.tag) throw new AppError('CONFLICT', 'This finding names no tag to register');
  const input = {
    name: evidence.tag, tag: evidence.tag, assetTypeId: choice.assetTypeId, ...(choice.stage ? { stage: choice.stage } : {}),
    ownerOrgUnitId: row.org_unit_id, locationId: evidence.foundLocationId ?? null, lastVerifiedOn: localDateOf(ctx, now),
    notes: `Registered from the audit “${evidence.auditPlan ?? ''}”, where its tag was found`,
  } as AssetCreate;
  const { asset, events } = await insertAsset(ctx, tx, input, now);
  return { assetId: asset.id, events };
}
