import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Saved views: a signed-in account's named filters, sort and columns of a list page (the register for now), one of
 * which may open by default. Private to their account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema.createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Names compare case-insensitively within an account and page ("Laptops" and "laptops" are one view).
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('page', 'text', (c) => c.notNull())
    // The page's URL query string (without '?'), as the API validated and normalised it.
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('columns', t.json, (c) => c.notNull())
    .addColumn('is_default', t.bool, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('saved_views_account_page_name', ['account_id', 'page', 'name_key'])
    .execute();
  // At most one default view per account and page (a bare boolean condition reads the same on both engines).
  await sql`create unique index saved_views_one_default on saved_views (account_id, page) where is_default`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
