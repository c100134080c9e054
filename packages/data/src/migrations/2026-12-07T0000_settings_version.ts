import type { Kysely } from 'kysely';

/**
 * A version per settings row: settings edited by people (discovery rules, agent networks) are changed with If-Match
 * like every other record, so two administrators editing at once cannot silently overwrite each other.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('settings').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}
