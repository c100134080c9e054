import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The history of the dashboard's data-quality figures (ITAM practice guide: quality continually reviewed and
 * improved): one row per day, owner org unit (null: assets with no owner unit) and figure, with the assets of that
 * unit it is counted over, so a reader's trend is the sum over the units of their scope, scoped as the dashboard is.
 * A day's figures are taken again through the day and replace the earlier ones: the unique key allows one row per
 * day, unit and figure — on the unit's id, or '' for none, since a unique index treats nulls as distinct.
 * No foreign key to org_units: org units are never deleted, and a history row must not hold up a change to them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.createTable('data_quality_snapshots')
    .addColumn('day', t.date, (c) => c.notNull())
    .addColumn('org_unit_id', 'text')
    .addColumn('figure', 'text', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('assets', 'integer', (c) => c.notNull())
    .addColumn('taken_at', t.timestamp, (c) => c.notNull())
    .execute();
  await sql`create unique index data_quality_snapshots_day_unit on data_quality_snapshots (day, coalesce(org_unit_id, ''), figure)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
