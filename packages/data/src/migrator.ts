import { type Kysely, type Migration, type MigrationProvider, Migrator, PostgresAdapter, sql } from 'kysely';
import * as m0001 from './migrations/2026-11-28T0000_register.js';
import * as m0002 from './migrations/2026-11-29T0000_access.js';
import * as m0003 from './migrations/2026-11-30T0000_discovery.js';
import * as m0004 from './migrations/2026-11-30T0100_saved_views.js';
import * as m0005 from './migrations/2026-12-01T0000_discrepancy_indexes.js';
import * as m0006 from './migrations/2026-12-02T0000_foreign_key_indexes.js';
import * as m0007 from './migrations/2026-12-03T0000_attachments.js';
import * as m0008 from './migrations/2026-12-04T0000_attachment_owners.js';
import * as m0009 from './migrations/2026-12-05T0000_totp_last_step.js';
import * as m0010 from './migrations/2026-12-06T0000_idempotency_keys.js';
import * as m0011 from './migrations/2026-12-07T0000_settings_version.js';
import * as m0012 from './migrations/2026-12-08T0000_role_grants_unique.js';
import * as m0013 from './migrations/2026-12-09T0000_asset_eol_from_model.js';
import * as m0014 from './migrations/2026-12-10T0000_import_runs_applied_once.js';
import * as m0015 from './migrations/2026-12-11T0000_code_point_text_order.js';
import * as m0016 from './migrations/2026-12-12T0000_long_claim_keys.js';
import * as m0017 from './migrations/2026-12-13T0000_audit_plan_recurrence.js';
import * as m0018 from './migrations/2026-12-13T0100_audit_samples.js';
import * as m0019 from './migrations/2026-12-14T0000_stable_list_orders.js';
import * as m0020 from './migrations/2026-12-15T0000_attachment_categories.js';
import * as m0021 from './migrations/2026-12-16T0000_usage_policies.js';
import * as m0022 from './migrations/2026-12-17T0000_data_quality_snapshots.js';
import * as m0023 from './migrations/2026-12-18T0000_location_contacts.js';
import * as m0024 from './migrations/2026-12-19T0000_contract_coverage.js';
import * as m0025 from './migrations/2026-12-21T0000_notification_digests.js';
import * as m0026 from './migrations/2026-12-22T0000_purchase_requests.js';
import * as m0027 from './migrations/2026-12-23T0000_location_networks.js';
import * as m0028 from './migrations/2026-12-24T0000_webhooks.js';

/** Every migration, in order. Landed migrations are frozen: add a new file, never edit one. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-28T0000_register': m0001,
  '2026-11-29T0000_access': m0002,
  '2026-11-30T0000_discovery': m0003,
  '2026-11-30T0100_saved_views': m0004,
  '2026-12-01T0000_discrepancy_indexes': m0005,
  '2026-12-02T0000_foreign_key_indexes': m0006,
  '2026-12-03T0000_attachments': m0007,
  '2026-12-04T0000_attachment_owners': m0008,
  '2026-12-05T0000_totp_last_step': m0009,
  '2026-12-06T0000_idempotency_keys': m0010,
  '2026-12-07T0000_settings_version': m0011,
  '2026-12-08T0000_role_grants_unique': m0012,
  '2026-12-09T0000_asset_eol_from_model': m0013,
  '2026-12-10T0000_import_runs_applied_once': m0014,
  '2026-12-11T0000_code_point_text_order': m0015,
  '2026-12-12T0000_long_claim_keys': m0016,
  '2026-12-13T0000_audit_plan_recurrence': m0017,
  '2026-12-13T0100_audit_samples': m0018,
  '2026-12-14T0000_stable_list_orders': m0019,
  '2026-12-15T0000_attachment_categories': m0020,
  '2026-12-16T0000_usage_policies': m0021,
  '2026-12-17T0000_data_quality_snapshots': m0022,
  '2026-12-18T0000_location_contacts': m0023,
  '2026-12-19T0000_contract_coverage': m0024,
  '2026-12-21T0000_notification_digests': m0025,
  '2026-12-22T0000_purchase_requests': m0026,
  '2026-12-23T0000_location_networks': m0027,
  '2026-12-24T0000_webhooks': m0028,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Readonly<Record<string, Migration>>) {}
  async getMigrations() {
    return this.migrations;
  }
}

/**
 * Runs the pending migrations in one transaction, on both engines (both have transactional DDL; on SQLite through
 * `CustodiaSqliteDialect`): a failure, or the process killed in the middle, leaves the schema as it was before, and the
 * next run starts again from there (security test plan FT-11). `migrations` is for tests; the default is the product's.
 */
export async function migrateToLatest(db: Kysely<any>, migrations: Readonly<Record<string, Migration>> = MIGRATIONS): Promise<string[]> {
  // On PostgreSQL the migrator looks for its tables in every schema; pin it to ours, or another schema's tables hide them.
  const schema = db.getExecutor().adapter instanceof PostgresAdapter
    ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
    : undefined;
  const migrator = new Migrator({
    db, provider: new StaticProvider(migrations), migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its own tables by listing every table of the database (and the serial sequence of each column); a
  // schema another process drops meanwhile makes that listing fail (undefined table, schema or column) before any
  // migration ran. On SQLite, a second process migrating
  // at the same time finds the database busy, or its snapshot outdated by the first one's commit. Running again is safe:
  // the transaction rolled back, and what the other process applied is then seen as done.
  const race = (e: unknown) => {
    const code = (e as { code?: string } | undefined)?.code ?? '';
    return ['42P01', '3F000', '42703'].includes(code) || code.startsWith('SQLITE_BUSY');
  };
  for (let attempt = 0; attempt < 5 && error && race(error); attempt++) {
    await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
