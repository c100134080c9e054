import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The local contacts of a location (ITIL ITAM Table 2.2, "Assign": location with local contacts): a JSON list of
 * `{personId, role, phone, notes}` on the location itself, written with it (version, If-Match, one history event), as
 * every other field of a location. Existing locations have none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('locations').addColumn('contacts', t.json, (c) => c.notNull().defaultTo('[]')).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
