import { type Kysely, sql } from 'kysely';

/**
 * Attachments beyond assets: a person's signed hand-over forms and agreements, a supplier's contracts and price lists,
 * an audit run's signed count sheets. `owner_kind` says which record holds the file; each kind has its own column
 * with a real foreign key (emptied if that record is ever deleted, which the use cases refuse while live attachments
 * remain), and `owner_label` keeps the owner's name as it was, as `asset_tag` does for assets. Rows of the first
 * migration are assets'; for other owners `asset_tag` (required there) holds an empty string.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attachments').addColumn('owner_kind', 'text', (c) => c.notNull().defaultTo('asset')).execute();
  await db.schema.alterTable('attachments').addColumn('owner_label', 'text').execute();
  await db.schema.alterTable('attachments').addColumn('person_id', 'text', (c) => c.references('people.id').onDelete('set null')).execute();
  await db.schema.alterTable('attachments').addColumn('supplier_id', 'text', (c) => c.references('suppliers.id').onDelete('set null')).execute();
  await db.schema.alterTable('attachments').addColumn('audit_run_id', 'text', (c) => c.references('audit_runs.id').onDelete('set null')).execute();
  await sql`create index attachments_person on attachments (person_id, uploaded_at) where person_id is not null`.execute(db);
  await sql`create index attachments_supplier on attachments (supplier_id, uploaded_at) where supplier_id is not null`.execute(db);
  await sql`create index attachments_audit_run on attachments (audit_run_id, uploaded_at) where audit_run_id is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
