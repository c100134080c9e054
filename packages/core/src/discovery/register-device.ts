import { AppError, type AssetCreate, type DiscoverySettings } from '@custodia/contracts';
import { type DeviceIdentity, type InventorySnapshot, SCOPE_ALL } from '@custodia/domain';
import type { EventInput } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import type { Tx } from '../shared/change.js';
import { loadAssetType } from '../lifecycle/asset-types.js';
import { insertAsset } from '../assets/create-asset.js';
import { chassisOf, discoveredFields } from './discovered-fields.js';

/**
 * Registers a discovered device as a new asset: the type from its chassis (or the one chosen), in the configured
 * lifecycle stage (or the one chosen), named as the host, with the fields discovery knows.
 */
export async function registerDiscoveredDevice(
  ctx: Context, tx: Tx, s: InventorySnapshot, identity: DeviceIdentity, settings: DiscoverySettings, orgUnitId: string | null, now: string,
  choice: { assetTypeId?: string | undefined; stage?: string | undefined } = {},
): Promise<{ assetId: string; events: EventInput[] }> {
  let typeId = choice.assetTypeId;
  if (!typeId) {
    const key = settings.assetTypeByChassis[chassisOf(s)];
    typeId = (await tx.selectFrom('asset_types').select('id').where('key', '=', key).executeTakeFirst())?.id;
    if (!typeId) throw new AppError('REFERENCE_NOT_FOUND', `The discovery settings name the asset type "${key}", which does not exist`);
  }
  const type = await loadAssetType(tx, typeId).catch(() => {
    throw new AppError('REFERENCE_NOT_FOUND', 'No such asset type', { errors: [{ field: 'assetTypeId', code: 'REFERENCE_NOT_FOUND', message: 'Unknown asset type' }] });
  });
  const fields = discoveredFields(s, identity, type.attributeSchema);
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (k.startsWith('attributes.')) attributes[k.slice(11)] = v;
  const input: AssetCreate = {
    name: (identity.hostname ?? identity.serial ?? identity.macs[0] ?? 'Discovered device').slice(0, 200), assetTypeId: type.id, stage: choice.stage ?? settings.registerStage,
    serial: identity.serial, ownerOrgUnitId: orgUnitId, attributes, lastVerifiedOn: localDateOf(ctx, now),
    notes: `Registered by discovery (${s.source}${s.agent ? `, ${s.agent}` : ''})`,
  } as AssetCreate;
  // An agent registers into its own org unit whatever the caller's grants cover; people go through their scope.
  const creator: Context = ctx.source === 'agent' ? { ...ctx, access: { ...ctx.access, scope: SCOPE_ALL } } : ctx;
  try {
    const { asset, events } = await insertAsset(creator, tx, input, now);
    return { assetId: asset.id, events };
  } catch (error) {
    // A value the type refuses (a host name outside its pattern…) must not lose the device: register without it.
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED' || !error.errors.some((e) => e.field?.startsWith('attributes.') || e.field === 'serial')) throw error;
    for (const e of error.errors) if (e.field?.startsWith('attributes.')) delete attributes[e.field.slice(11)];
    const retry = { ...input, attributes, serial: error.errors.some((e) => e.field === 'serial') ? null : input.serial } as AssetCreate;
    const { asset, events } = await insertAsset(creator, tx, retry, now);
    return { assetId: asset.id, events };
  }
}
