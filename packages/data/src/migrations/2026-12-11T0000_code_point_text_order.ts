import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Text sorts by code point on both engines. SQLite compares bytes; PostgreSQL compared by the database's collation,
 * which on a cluster initialised in en_US (the Docker image's default, most managed services') is linguistic: lists,
 * their keyset cursors and exports came out in another order than on SQLite ("apple" before "Banana", "a_b" before
 * "a-b"). The keys lists sort and page by are declared COLLATE "C" (their indexes are rebuilt with them); names, which
 * free-text search lower-cases under the database's collation, keep it and are sorted with an explicit COLLATE "C"
 * (core's `byCodePoint`), served by the name indexes rebuilt on that expression. Nothing changes on SQLite.
 */
const KEYS: readonly (readonly [table: string, column: string])[] = [
  ['assets', 'tag_key'], ['assets', 'tag'], ['accounts', 'login_key'], ['saved_views', 'name_key'], ['asset_types', 'key'],
  ['lifecycle_models', 'key'], ['roles', 'key'], ['audit_items', 'tag'],
];

export async function up(db: Kysely<any>): Promise<void> {
  if (!columnTypes(db).pg) return;
  for (const [table, column] of KEYS) await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(db);
  for (const [index, table] of [['assets_name', 'assets'], ['people_name', 'people']] as const) {
    await sql`drop index ${sql.ref(index)}`.execute(db);
    await sql`create index ${sql.ref(index)} on ${sql.table(table)} (name collate "C", id)`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
