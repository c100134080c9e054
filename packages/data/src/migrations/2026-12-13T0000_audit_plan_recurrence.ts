import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Recurring audit plans (cycle counting): a plan may recur every N days, weeks or months on a schedule anchored on a
 * date (`domain/audits/recurrence.ts`); closing a run moves its due date to the next occurrence. All three are null for
 * a one-off plan, which every existing plan is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('audit_plans').addColumn('recurrence_every', 'integer').execute();
  await db.schema.alterTable('audit_plans').addColumn('recurrence_unit', 'text').execute();
  await db.schema.alterTable('audit_plans').addColumn('recurrence_anchor_on', t.date).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
