import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Attachments: files kept with an asset (invoices, licence certificates, photos, delivery notes, proofs of destruction).
 *
 * The bytes live in the database, in chunks, not in a directory beside it: a file and the row describing it then commit
 * or roll back together (no row pointing at a missing file, no file nobody knows of, whatever dies when), every server
 * of a PostgreSQL installation reads them alike, and a backup of the database is a backup of the evidence.
 * A deleted attachment keeps its row (name, SHA-256, uploader, who deleted it and why); its chunks are removed only
 * after the retention window (`purged_at` then says when).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema.createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Emptied only when the asset record itself is deleted (an asset with live attachments cannot be).
    .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('set null'))
    .addColumn('asset_tag', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('description', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .addColumn('deleted_by', 'text')
    .addColumn('delete_reason', 'text')
    .addColumn('purged_at', t.timestamp)
    .execute();
  await sql`create index attachments_asset on attachments (asset_id, uploaded_at) where asset_id is not null`.execute(db);
  await sql`create index attachments_to_purge on attachments (deleted_at) where deleted_at is not null and purged_at is null`.execute(db);

  await db.schema.createTable('attachment_chunks')
    .addColumn('attachment_id', 'text', (c) => c.notNull().references('attachments.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', t.bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_chunks_pk', ['attachment_id', 'seq'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
