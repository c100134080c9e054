import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Outbound webhooks. `webhooks`: the targets administrators register (URL, subscribed event kinds, an optional org-unit
 * filter, active flag, the signing secret encrypted with the database's field cipher, versioned). `webhook_deliveries`:
 * the outbox, one row per webhook and history event it wants, written in the transaction that appends the event, then
 * posted by the server's worker (pending → delivered, or failed after the last attempt); pings have no event.
 * `event_chain.webhooks_stamp` is rewritten by every webhook change: the event appender reads it with the chain head
 * it locks anyway, so it knows for free whether its cached list of webhooks is current ('' : there never were any).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // JSON array of event kinds (`asset.create`, …: domain WEBHOOK_EVENT_KINDS).
    .addColumn('event_kinds', t.json, (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('active', t.bool, (c) => c.notNull())
    // `enc:v1:…`: the secret deliveries are signed with, encrypted at rest (FieldCipher); shown once, at creation.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_fk_org_unit_id').on('webhooks').column('org_unit_id').where(sql.ref('org_unit_id'), 'is not', null).execute();
  await db.schema.createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    // The history event sent (null for a ping).
    .addColumn('event_seq', 'bigint')
    .addColumn('event_kind', 'text', (c) => c.notNull())
    // pending, delivered, failed.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    // When the next attempt is due; while one is under way, when its claim lapses.
    .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_attempt_at', t.timestamp)
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  // The delivery log of a webhook, newest first (the foreign key's index too); the worker's read of a webhook's pending
  // deliveries in event order, which never walks the delivered ones.
  await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('webhook_deliveries_pending').on('webhook_deliveries').columns(['webhook_id', 'status', 'event_seq']).execute();
  await db.schema.alterTable('event_chain').addColumn('webhooks_stamp', 'text', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
