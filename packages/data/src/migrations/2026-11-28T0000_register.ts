import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/** The IT asset register: reference data, lifecycle models, asset types, assets, IMAC, transitions and the history chain. */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const versioned = <T extends { addColumn: any }>(b: T): T =>
    b
      .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
      .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c: any) => c.notNull());

  await versioned(
    db.schema.createTable('org_units')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('parent_id', 'text', (c) => c.references('org_units.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('org_units_path').on('org_units').column('path').execute();
  await db.schema.createIndex('org_units_parent').on('org_units').column('parent_id').execute();

  await versioned(
    db.schema.createTable('locations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('parent_id', 'text', (c) => c.references('locations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('latitude', t.real)
      .addColumn('longitude', t.real),
  ).execute();
  await db.schema.createIndex('locations_path').on('locations').column('path').execute();
  await db.schema.createIndex('locations_parent').on('locations').column('parent_id').execute();

  await versioned(
    db.schema.createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('email_key', 'text', (c) => c.unique())
      .addColumn('employee_number', 'text', (c) => c.unique())
      .addColumn('org_unit_id', 'text', (c) => c.references('org_units.id'))
      .addColumn('manager_id', 'text', (c) => c.references('people.id'))
      .addColumn('active', t.bool, (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('people_org_unit').on('people').column('org_unit_id').execute();
  await db.schema.createIndex('people_name').on('people').columns(['name', 'id']).execute();

  for (const table of ['manufacturers', 'suppliers'] as const) {
    let b = db.schema.createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull().unique())
      .addColumn('url', 'text');
    b = table === 'manufacturers'
      ? b.addColumn('support_email', 'text').addColumn('support_phone', 'text')
      : b.addColumn('email', 'text').addColumn('phone', 'text').addColumn('notes', 'text');
    await versioned(b).execute();
  }

  await db.schema.createTable('lifecycle_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('lifecycle_models_key_version', ['key', 'version'])
    .execute();

  await versioned(
    db.schema.createTable('asset_types')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('attribute_schema', t.json, (c) => c.notNull())
      .addColumn('lifecycle_model_id', 'text', (c) => c.notNull().references('lifecycle_models.id'))
      .addColumn('tag_pattern', 'text', (c) => c.notNull())
      .addColumn('tag_seq', 'bigint', (c) => c.notNull().defaultTo(0)),
  ).execute();

  await versioned(
    db.schema.createTable('catalogue_models')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('manufacturer_id', 'text', (c) => c.notNull().references('manufacturers.id'))
      .addColumn('asset_type_id', 'text', (c) => c.notNull().references('asset_types.id'))
      .addColumn('model_number', 'text')
      .addColumn('default_specs', t.json, (c) => c.notNull())
      .addColumn('eol_date', t.date)
      .addColumn('eol_months', 'integer')
      .addColumn('substitution_group', 'text'),
  ).execute();
  await db.schema.createIndex('catalogue_models_manufacturer').on('catalogue_models').column('manufacturer_id').execute();

  await versioned(
    db.schema.createTable('assets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('tag_key', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('asset_type_id', 'text', (c) => c.notNull().references('asset_types.id'))
      .addColumn('lifecycle_model_id', 'text', (c) => c.notNull().references('lifecycle_models.id'))
      .addColumn('model_id', 'text', (c) => c.references('catalogue_models.id'))
      .addColumn('manufacturer_id', 'text', (c) => c.references('manufacturers.id'))
      .addColumn('serial', 'text')
      .addColumn('serial_key', 'text')
      .addColumn('serial_scope', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('owner_org_unit_id', 'text', (c) => c.references('org_units.id'))
      .addColumn('custodian_id', 'text', (c) => c.references('people.id'))
      .addColumn('assigned_person_id', 'text', (c) => c.references('people.id'))
      .addColumn('expected_return_date', t.date)
      .addColumn('location_id', 'text', (c) => c.references('locations.id'))
      .addColumn('purchase_date', t.date)
      .addColumn('purchase_cost_minor', 'bigint')
      .addColumn('purchase_currency', 'text')
      .addColumn('supplier_id', 'text', (c) => c.references('suppliers.id'))
      .addColumn('order_reference', 'text')
      .addColumn('invoice_reference', 'text')
      .addColumn('warranty_end', t.date)
      .addColumn('eol_date', t.date)
      .addColumn('services', t.json, (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('attributes', t.json, (c) => c.notNull())
      .addColumn('last_verified_on', t.date)
      .addUniqueConstraint('assets_serial_per_manufacturer', ['serial_scope', 'serial_key']),
  ).execute();
  for (const [name, cols] of [
    ['assets_location_stage', ['location_id', 'stage', 'tag_key']],
    ['assets_stage_tag', ['stage', 'tag_key']],
    ['assets_type', ['asset_type_id', 'tag_key']],
    ['assets_owner', ['owner_org_unit_id']],
    ['assets_assignee', ['assigned_person_id']],
    ['assets_model', ['model_id']],
    ['assets_name', ['name', 'id']],
    ['assets_created', ['created_at', 'id']],
    ['assets_updated', ['updated_at', 'id']],
  ] as const) {
    await db.schema.createIndex(name).on('assets').columns([...cols]).execute();
  }

  await db.schema.createTable('asset_unique_values')
    .addColumn('asset_type_id', 'text', (c) => c.notNull().references('asset_types.id'))
    .addColumn('field_key', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('asset_unique_values_pk', ['asset_type_id', 'field_key', 'value_key'])
    .execute();
  await db.schema.createIndex('asset_unique_values_asset').on('asset_unique_values').column('asset_id').execute();

  await db.schema.createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('started_on', t.date, (c) => c.notNull())
    .addColumn('expected_return_date', t.date)
    .addColumn('ended_on', t.date)
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignments_asset').on('assignments').columns(['asset_id', 'started_on']).execute();
  await db.schema.createIndex('assignments_person').on('assignments').column('person_id').execute();

  await db.schema.createTable('imac_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('performed_on', t.date, (c) => c.notNull())
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('from_location_id', 'text', (c) => c.references('locations.id'))
    .addColumn('to_location_id', 'text', (c) => c.references('locations.id'))
    .addColumn('details', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imac_records_asset').on('imac_records').column('asset_id').execute();

  await db.schema.createTable('lifecycle_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('lifecycle_model_id', 'text', (c) => c.notNull().references('lifecycle_models.id'))
    .addColumn('transition_key', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('evidence', t.json, (c) => c.notNull())
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('performed_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lifecycle_transitions_asset').on('lifecycle_transitions').column('asset_id').execute();

  // History: append-only, hash-chained. `changes` is canonical JSON text (not jsonb) so the signed bytes survive storage.
  await db.schema.createTable('events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('request_id', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_entity').on('events').columns(['entity_type', 'entity_id', 'seq']).execute();

  await db.schema.createTable('event_chain')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('event_chain').values({ id: 1, last_seq: 0, last_hash: '0'.repeat(64) }).execute();

  if (t.pg) {
    await sql`CREATE FUNCTION custodia_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'events are append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION custodia_events_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
    await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
  }

  await db.schema.createTable('import_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('created_count', 'integer', (c) => c.notNull())
    .addColumn('updated_count', 'integer', (c) => c.notNull())
    .addColumn('skipped_count', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addColumn('finished_at', t.timestamp)
    .addColumn('report', t.json, (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
