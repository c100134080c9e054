import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Coverage of assets by a support, maintenance or warranty contract (ITIL ITAM Table 2.2, Acquire: "maintenance,
 * warranty and support contracts with activation information"): a row per contract (an asset of category
 * `service_contract`) and asset it covers, at most one per pair, with the days covered (either end may be open) and a
 * note. Removing a coverage deletes its row; the history of both assets keeps it. Both references are plain foreign
 * keys: an asset is deleted only with its coverage removed first, in the same transaction (`deleteAsset`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.createTable('asset_coverage')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('assets.id'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
    .addColumn('starts_on', t.date)
    .addColumn('ends_on', t.date)
    .addColumn('note', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('asset_coverage_pair', ['contract_id', 'asset_id'])
    .execute();
  // The unique pair serves the contract's side (and its foreign key); this one the covered asset's.
  await sql`create index asset_coverage_asset on asset_coverage (asset_id, contract_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
