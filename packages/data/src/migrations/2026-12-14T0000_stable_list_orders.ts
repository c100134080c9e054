import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Orders of the discovery lists that reporting does not move (the default ones — devices by last seen, discrepancies
 * by last detection — change each time an agent reports, so a page walk can miss rows):
 * - devices by host name key, then id: the key is declared COLLATE "C" on PostgreSQL, so both engines sort it by code
 *   point (as every key a list pages by), and its index gains the id, so a page starts at its cursor in the index;
 * - discrepancies in the order they were raised (their UUIDv7 id) within one status, the queue's usual filter: the
 *   primary key serves the list of every status, this index the list of one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('discovered_devices_hostname').execute();
  if (columnTypes(db).pg) await sql`alter table discovered_devices alter column hostname_key type text collate "C"`.execute(db);
  await db.schema.createIndex('discovered_devices_hostname').on('discovered_devices').columns(['hostname_key', 'id']).execute();
  await db.schema.createIndex('discrepancies_status_raised').on('discrepancies').columns(['status', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
