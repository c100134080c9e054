import { type Kysely, sql } from 'kysely';

/**
 * What a file is for (`category`: invoice, proof of purchase, certificate of destruction…, the domain's
 * `ATTACHMENT_CATEGORIES`); every file attached before is `other`. A `version`, since a file's category and description
 * can now be changed, with If-Match like every other record people edit.
 *
 * The index serves the register's `no_proof_of_purchase` check: "no live attachment of these categories for this
 * asset" is one probe per asset (NOT EXISTS), on both engines, however many files the register holds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attachments').addColumn('category', 'text', (c) => c.notNull().defaultTo('other')).execute();
  await db.schema.alterTable('attachments').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql`create index attachments_asset_category on attachments (asset_id, category) where deleted_at is null and asset_id is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
