import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Discovery and verification: devices as agents and feeds report them (identity, components, operating system,
 * software inventory), the raw inventories kept as evidence, the source and time of each asset field (field
 * authority), the discrepancy queue, and physical audits (plans, runs, items found).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema.createTable('discovered_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('set null'))
    .addColumn('org_unit_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('agent', 'text')
    .addColumn('agent_token_id', 'text')
    .addColumn('agent_device_id', 'text')
    .addColumn('hostname', 'text')
    .addColumn('hostname_key', 'text')
    .addColumn('fqdn', 'text')
    .addColumn('serial', 'text')
    .addColumn('serial_key', 'text')
    .addColumn('uuid', 'text')
    .addColumn('manufacturer', 'text')
    .addColumn('model', 'text')
    .addColumn('virtualization', 'text')
    .addColumn('os_name', 'text')
    .addColumn('os_version', 'text')
    .addColumn('os_full_name', 'text')
    .addColumn('memory_mb', 'bigint')
    .addColumn('cpu_summary', 'text')
    .addColumn('ip_addresses', t.json, (c) => c.notNull())
    .addColumn('macs', t.json, (c) => c.notNull())
    .addColumn('components', t.json, (c) => c.notNull())
    .addColumn('software_count', 'integer', (c) => c.notNull())
    .addColumn('collected_at', t.timestamp)
    .addColumn('first_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  for (const [name, cols] of [
    ['discovered_devices_asset', ['asset_id']],
    ['discovered_devices_agent_device', ['agent_device_id']],
    ['discovered_devices_serial', ['serial_key']],
    ['discovered_devices_uuid', ['uuid']],
    ['discovered_devices_hostname', ['hostname_key']],
    ['discovered_devices_last_seen', ['last_seen_at', 'id']],
  ] as const) await db.schema.createIndex(name).on('discovered_devices').columns([...cols]).execute();

  // Physical MACs of each device, for matching by MAC without scanning JSON.
  await db.schema.createTable('device_macs')
    .addColumn('device_id', 'text', (c) => c.notNull().references('discovered_devices.id').onDelete('cascade'))
    .addColumn('mac', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_macs_pk', ['device_id', 'mac'])
    .execute();
  await db.schema.createIndex('device_macs_mac').on('device_macs').column('mac').execute();

  // The software inventory of a device as one sorted list (hundreds of entries, replaced together; its hash tells
  // whether anything changed). Licence compliance reads it.
  await db.schema.createTable('device_software')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('discovered_devices.id').onDelete('cascade'))
    .addColumn('items', t.json, (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  // Raw inventories as received (compressed), kept as evidence for a configurable number of days.
  await db.schema.createTable('inventory_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.references('discovered_devices.id').onDelete('cascade'))
    .addColumn('received_at', t.timestamp, (c) => c.notNull())
    .addColumn('collected_at', t.timestamp)
    .addColumn('claimed_collected_at', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('partial', t.bool, (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('anomaly', 'text')
    .addColumn('payload', t.bytes, (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('agent_token_id', 'text')
    .addColumn('remote_address', 'text')
    .execute();
  await db.schema.createIndex('inventory_snapshots_device').on('inventory_snapshots').columns(['device_id', 'received_at']).execute();
  await db.schema.createIndex('inventory_snapshots_received').on('inventory_snapshots').column('received_at').execute();

  // Field authority: who last set each asset field (person, audit, discovery, import, system) and when.
  await db.schema.createTable('asset_field_sources')
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('changed_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_field_sources_pk', ['asset_id', 'field'])
    .execute();

  await db.schema.createTable('audit_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('scope_location_id', 'text', (c) => c.references('locations.id'))
    .addColumn('scope_org_unit_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('scope_asset_type_id', 'text', (c) => c.references('asset_types.id'))
    .addColumn('due_on', t.date)
    .addColumn('assignees', t.json, (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema.createTable('audit_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('audit_plans.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', t.timestamp)
    .addColumn('closed_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('audit_runs_plan').on('audit_runs').columns(['plan_id', 'started_at']).execute();

  await db.schema.createTable('audit_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('audit_runs.id').onDelete('cascade'))
    .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('set null'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('expected', t.bool, (c) => c.notNull())
    .addColumn('expected_location_id', 'text', (c) => c.references('locations.id'))
    .addColumn('found_location_id', 'text', (c) => c.references('locations.id'))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('recorded_at', t.timestamp)
    .addColumn('recorded_by', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('audit_items_run').on('audit_items').columns(['run_id', 'result', 'tag']).execute();
  await db.schema.createIndex('audit_items_run_tag').on('audit_items').columns(['run_id', 'tag']).unique().execute();

  await db.schema.createTable('discrepancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.references('discovered_devices.id').onDelete('cascade'))
    .addColumn('audit_run_id', 'text', (c) => c.references('audit_runs.id').onDelete('cascade'))
    .addColumn('org_unit_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('field', 'text')
    .addColumn('register_value', t.json)
    .addColumn('discovered_value', t.json)
    .addColumn('evidence', t.json, (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('due_on', t.date)
    .addColumn('ignore_until', t.date)
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', t.timestamp)
    .addColumn('detected_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // One open discrepancy per subject: a re-run of an agent refreshes it instead of queueing another.
  await db.schema.createIndex('discrepancies_open_subject').on('discrepancies').column('dedupe_key').unique().where(sql.ref('status'), '=', 'open').execute();
  await db.schema.createIndex('discrepancies_queue').on('discrepancies').columns(['status', 'kind', 'detected_at', 'id']).execute();
  await db.schema.createIndex('discrepancies_asset').on('discrepancies').column('asset_id').execute();
  await db.schema.createIndex('discrepancies_device').on('discrepancies').column('device_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
