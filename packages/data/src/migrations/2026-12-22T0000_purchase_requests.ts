import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Purchase requests (ITIL ITAM Table 2.2, Acquire: "approved requests for procurement"): what someone asks to buy for
 * an org unit (which pays, and owns what is bought), decided by someone else, then ordered. Statuses and their moves
 * are the domain's (`domain/procurement/purchase-requests.ts`); every change is versioned and recorded in the history.
 *
 * The assets an order registers are linked to their request by `purchase_request_assets`, a row per pair, rather than
 * by a column on `assets`: the asset record, its presentation, imports, exports and bulk changes stay as they are, and
 * an asset deleted as registered in error takes its link with it (`on delete cascade`); the request's history keeps
 * which assets its order registered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.createTable('purchase_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('requester_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('for_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('model_id', 'text', (c) => c.references('catalogue_models.id'))
    .addColumn('description', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_cost_minor', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('needed_by', t.date)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_at', t.timestamp)
    .addColumn('decided_by_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('decided_at', t.timestamp)
    .addColumn('decision_note', 'text')
    .addColumn('supplier_id', 'text', (c) => c.references('suppliers.id'))
    .addColumn('order_reference', 'text')
    .addColumn('ordered_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // The list's order (newest first) within an org unit, and each foreign key's own index (optional ones partial).
  await sql`create index purchase_requests_org_unit on purchase_requests (org_unit_id, created_at, id)`.execute(db);
  await sql`create index purchase_requests_requester on purchase_requests (requester_account_id, created_at)`.execute(db);
  await sql`create index purchase_requests_status on purchase_requests (status, created_at)`.execute(db);
  await sql`create index purchase_requests_for_person on purchase_requests (for_person_id) where for_person_id is not null`.execute(db);
  await sql`create index purchase_requests_model on purchase_requests (model_id) where model_id is not null`.execute(db);
  await sql`create index purchase_requests_decided_by on purchase_requests (decided_by_account_id) where decided_by_account_id is not null`.execute(db);
  await sql`create index purchase_requests_supplier on purchase_requests (supplier_id) where supplier_id is not null`.execute(db);

  await db.schema.createTable('purchase_request_assets')
    .addColumn('request_id', 'text', (c) => c.notNull().references('purchase_requests.id'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('purchase_request_assets_pk', ['request_id', 'asset_id'])
    .execute();
  await sql`create index purchase_request_assets_asset on purchase_request_assets (asset_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
