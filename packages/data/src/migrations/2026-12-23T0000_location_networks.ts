import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The network ranges of a location (IPv4 and IPv6 CIDR, normalised: `domain/register/network-ranges.ts`): a JSON list
 * of strings on the location itself, written with it (version, If-Match, one history event) as every other field of a
 * location. Discovery tells where a device is from them. Existing locations have none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('locations').addColumn('network_ranges', t.json, (c) => c.notNull().defaultTo('[]')).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
