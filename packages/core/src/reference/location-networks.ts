import { type Kysely, sql } from 'kysely';
import { type NetworkMap, buildNetworkMap, checkNetworkRanges } from '@custodia/domain';
import { type Database, type Tables, newId, readJson, writeJson } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import { violationsError } from '../shared/verdict-error.js';

const EPOCH_KEY = 'locations_epoch';

/**
 * A location's network ranges as they will be stored: checked as a whole (`checkNetworkRanges`: 422 at
 * `networkRanges.N` with a stable code, nothing written) and normalised. Undefined when the write leaves them alone.
 */
export function normalisedNetworkRanges(ranges: readonly string[] | undefined): string | undefined {
  if (ranges === undefined) return undefined;
  const checked = checkNetworkRanges(ranges);
  if (!checked.ok) throw violationsError(checked.violations);
  return writeJson(checked.value);
}

/**
 * A change token for what discovery reads of the locations (ranges, and the tree's paths that a range's place and a
 * registered place are compared by): every location write (create, update, move, delete) writes a new one in its
 * own transaction, so a process that placed devices with older ranges sees the change at its next inventory.
 */
export async function bumpLocationsEpoch(tx: Tx): Promise<void> {
  const value = writeJson(newId());
  const now = new Date().toISOString();
  await tx.insertInto('settings').values({ key: EPOCH_KEY, value, updated_at: now }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
}

/** The locations' ranges, parsed, with their places' paths; `entries` is empty when no location has a range. */
export interface NetworkPlaces { map: NetworkMap; paths: ReadonlyMap<string, string> }

const cache = new WeakMap<object, { epoch: string; places: NetworkPlaces }>();

/**
 * The network ranges of every location, parsed once per change of the locations (`bumpLocationsEpoch`) and kept per
 * database: an ingestion reads the one-row epoch, and the locations only after a location changed. Read before an
 * inventory's (or a batch's) transaction, like the discovery settings.
 */
export async function networkPlaces(database: Database): Promise<NetworkPlaces> {
  const db: Kysely<Tables> = database.db;
  const row = await db.selectFrom('settings').select('value').where('key', '=', EPOCH_KEY).executeTakeFirst();
  const epoch = row ? JSON.stringify(row.value) : '';
  const known = cache.get(db);
  if (known && known.epoch === epoch) return known.places;
  const rows = await db.selectFrom('locations').select(['id', 'path', 'network_ranges'])
    .where(sql<string>`cast(network_ranges as text)`, '!=', '[]').execute();
  const ranged = rows.map((r) => ({ id: r.id, path: r.path, ranges: readJson<string[]>(r.network_ranges, []) })).filter((r) => r.ranges.length);
  const places: NetworkPlaces = { map: buildNetworkMap(ranged), paths: new Map(ranged.map((r) => [r.id, r.path])) };
  cache.set(db, { epoch, places });
  return places;
}
