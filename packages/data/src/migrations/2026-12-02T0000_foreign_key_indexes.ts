import { type Kysely, sql } from 'kysely';

/**
 * An index for each foreign key of a large table whose parent can be deleted. Deleting a parent row makes both engines
 * look for child rows, and without an index that is a scan of the child table while the write lock is held: deleting a
 * supplier, person or manufacturer created in error read every asset (seconds at a million, every other request
 * waiting on SQLite), deleting an asset read every audit item, deleting a person or location every IMAC record.
 *
 * Partial (`is not null`): both engines use such an index for `column = ?`, and rows without the reference (most
 * custodians, found locations, …) cost nothing to write. Small tables (asset types, catalogue models, tokens, audit
 * plans, OIDC identities, pending sign-ins) are left as they are: their scans are short.
 */
const INDEXES: readonly [table: string, column: string][] = [
  ['assets', 'supplier_id'],
  ['assets', 'custodian_id'],
  ['assets', 'manufacturer_id'],
  ['people', 'manager_id'],
  ['imac_records', 'person_id'],
  ['imac_records', 'from_location_id'],
  ['imac_records', 'to_location_id'],
  ['audit_items', 'asset_id'],
  ['audit_items', 'expected_location_id'],
  ['audit_items', 'found_location_id'],
  ['discrepancies', 'org_unit_id'],
  ['discovered_devices', 'org_unit_id'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of INDEXES) {
    await db.schema.createIndex(`${table}_fk_${column}`).on(table).column(column).where(sql.ref(column), 'is not', null).execute();
  }
}
