import { AppError } from '@custodia/contracts';
import { inScope } from '@custodia/domain';
import type { EventInput } from '@custodia/data';
import type { Context } from '../shared/context.js';
import type { Tx } from '../shared/change.js';
import type { DeviceRow } from './device-store.js';
import { settleLinkedDevice } from './discrepancy-store.js';

/** The discovered device a discrepancy is about, unlinked and within the caller's scope (an unlinked device belongs to its agent token's org unit). */
export async function unlinkedDeviceOf(tx: Tx, ctx: Context, deviceId: string | null): Promise<DeviceRow> {
  const device = deviceId ? await tx.selectFrom('discovered_devices').selectAll().where('id', '=', deviceId).executeTakeFirst() : undefined;
  if (!device) throw new AppError('CONFLICT', 'This discrepancy has no discovered device');
  if (device.asset_id) throw new AppError('DEVICE_ALREADY_LINKED');
  if (ctx.access.scope.kind !== 'all') {
    const path = device.org_unit_id ? (await tx.selectFrom('org_units').select('path').where('id', '=', device.org_unit_id).executeTakeFirst())?.path ?? null : null;
    // A possible duplicate is filed under the candidate asset's unit: seeing it does not reach a device reported elsewhere.
    if (!inScope(ctx.access.scope, path)) throw new AppError('NOT_FOUND', `No device ${device.id}`, { securityNote: 'discrepancy resolution on a device outside scope' });
  }
  return device;
}

/**
 * Links the device to the asset only while it is still linked to none: two people resolving two discrepancies of one
 * device at once (its "not registered" and its "possible duplicate") cannot both link it — the second is refused (409)
 * and its whole change, a new asset included, rolls back. The device's other discrepancies that only held while it was
 * unlinked are settled with it.
 */
export async function linkDevice(tx: Tx, deviceId: string, assetId: string, resolvingKey: string, actor: string, now: string): Promise<EventInput[]> {
  const linked = await tx.updateTable('discovered_devices').set({ asset_id: assetId, updated_at: now }).where('id', '=', deviceId).where('asset_id', 'is', null).executeTakeFirst();
  if (Number(linked.numUpdatedRows) !== 1) throw new AppError('DEVICE_ALREADY_LINKED', 'The discovered device was linked to an asset meanwhile');
  return [
    { entityType: 'device', entityId: deviceId, action: 'link', changes: { assetId: { before: null, after: assetId } } },
    ...await settleLinkedDevice(tx, deviceId, 'The device was linked to an asset', actor, now, resolvingKey),
  ];
}
