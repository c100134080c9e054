import { type InventorySnapshot, SCOPE_ALL, locateByAddresses, placeableAddresses, samePlaceOrWithin } from '@custodia/domain';
import type { EventInput } from '@custodia/data';
import type { Context } from '../shared/context.js';
import type { Tx } from '../shared/change.js';
import { localDateOf } from '../shared/today.js';
import { PlaceNames } from '../shared/place-names.js';
import { type NetworkPlaces, networkPlaces } from '../reference/location-networks.js';
import { applyAssetUpdate } from '../assets/update-asset.js';
import { raiseDiscrepancy, settleDiscrepancy } from './discrepancy-store.js';

export const locationMismatchKey = (assetId: string) => `location_mismatch:${assetId}`;

/**
 * Where a linked device reports from, against where the register places its asset. The device is placed by its
 * addresses and the locations' network ranges (`locateByAddresses`); when that place is neither the asset's
 * registered location, nor inside it, nor above it (an asset registered in a room of the site whose range holds the
 * device agrees), a `location_mismatch` discrepancy is queued on the `locationId` field with the evidence (addresses,
 * the range that matched), as an audit's "found at another location" is. A registered location is never moved here:
 * a person's location wins; accepting the discovered value moves it. An asset with no location gets the place (field
 * authority: discovery fills empty fields, recorded as set by discovery), so a device discovery registers is placed
 * rather than queued. A device placed where the register says settles an open one. No verdict (no range holds its
 * addresses, or two places are as likely) changes nothing.
 *
 * Free when no location has a range; otherwise one read of the asset (and the discrepancy's own reads) per placed device.
 */
export async function checkReportedLocation(
  ctx: Context, tx: Tx, places: NetworkPlaces, subject: { assetId: string; deviceId: string; snapshot: InventorySnapshot; collectedAt: string }, now: string,
): Promise<EventInput[]> {
  if (!places.map.entries.length) return [];
  const addresses = placeableAddresses(subject.snapshot);
  const located = locateByAddresses(addresses, places.map);
  if (located.kind !== 'located') return [];
  const asset = await tx.selectFrom('assets').leftJoin('locations', 'locations.id', 'assets.location_id')
    .select(['assets.tag', 'assets.location_id', 'assets.owner_org_unit_id', 'assets.version', 'locations.path'])
    .where('assets.id', '=', subject.assetId).executeTakeFirst();
  if (!asset) return [];
  const key = locationMismatchKey(subject.assetId);
  const placePath = places.paths.get(located.placeId)!;
  if (asset.location_id === null) {
    // Discovery's context records the field as set by discovery; the asset is reachable whatever the agent token's scope.
    const filled = await applyAssetUpdate({ ...ctx, access: { ...ctx.access, scope: SCOPE_ALL, sensitive: true } }, tx, subject.assetId, Number(asset.version), { locationId: located.placeId }, now);
    return [...filled.events, ...await settleDiscrepancy(tx, key, `Placed at the location it reports from (${located.address} in ${located.range})`, ctx.actor, now)];
  }
  if (asset.path && samePlaceOrWithin(asset.path, placePath)) {
    return settleDiscrepancy(tx, key, `Reported from ${located.address} (${located.range}), where the register places it`, ctx.actor, now);
  }
  const names = await new PlaceNames(tx).load([asset.location_id, located.placeId]);
  const there = names.name(located.placeId) ?? located.placeId;
  return raiseDiscrepancy(tx, {
    kind: 'location_mismatch', dedupeKey: key, assetId: subject.assetId, deviceId: subject.deviceId, orgUnitId: asset.owner_org_unit_id,
    field: 'locationId', registerValue: asset.location_id, discoveredValue: located.placeId,
    evidence: { source: subject.snapshot.source, collectedAt: subject.collectedAt, address: located.address, range: located.range, ipAddresses: addresses },
    summary: `${asset.tag} reports from ${there} (${located.address} in ${located.range}); the register places it at ${names.name(asset.location_id) ?? asset.location_id}`,
  }, now, localDateOf(ctx, now));
}

/**
 * Where a device reports from, for its page: the place its known addresses put it (named with its site), with the
 * range and address that tell it; null without a verdict. Read with the cached ranges, so it costs the epoch read.
 */
export async function reportsFrom(ctx: Context, known: Pick<InventorySnapshot, 'networks' | 'hardware'>): Promise<{ locationId: string; name: string; range: string; address: string } | null> {
  const places = await networkPlaces(ctx.database);
  const located = locateByAddresses(placeableAddresses(known), places.map);
  if (located.kind !== 'located') return null;
  const names = await new PlaceNames(ctx.database.db).load([located.placeId]);
  return { locationId: located.placeId, name: names.name(located.placeId) ?? located.placeId, range: located.range, address: located.address };
}
