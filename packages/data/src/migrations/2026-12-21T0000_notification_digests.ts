import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The daily attention digest: each account's own choice (`notification_preferences`, versioned, one row per account,
 * none until the account saves one: the digest is off), and one row per account and organisation day for each digest
 * sent or being sent (`digest_deliveries`). The unique (account, day) key is the claim: a server process inserts it in
 * the transaction that decides to send, so two processes never both send the same day's digest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.createTable('notification_preferences')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('digest_enabled', t.bool, (c) => c.notNull())
    // The digest's sections the account chose (JSON array of section keys, domain DIGEST_SECTIONS).
    .addColumn('digest_sections', t.json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createTable('digest_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // The organisation's calendar date the digest is for.
    .addColumn('day', t.date, (c) => c.notNull())
    // sending (claimed, mail under way), sent, failed (the SMTP server refused or was unreachable: retried next hour).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('claimed_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .addColumn('error', 'text')
    .addUniqueConstraint('digest_deliveries_account_day', ['account_id', 'day'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
