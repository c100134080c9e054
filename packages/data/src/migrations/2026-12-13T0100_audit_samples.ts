import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Random samples (`domain/audits/sampling.ts`): a plan may check a number or a percentage of its scope; each run
 * records how its sample was drawn (method, seed, from how many, how many), and each item whether it was drawn. Every
 * existing run checked all of its scope, so its items are all `sampled` and its sample columns null.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('audit_plans').addColumn('sample_count', 'integer').execute();
  await db.schema.alterTable('audit_plans').addColumn('sample_percent', 'integer').execute();
  await db.schema.alterTable('audit_runs').addColumn('sample_method', 'text').execute();
  await db.schema.alterTable('audit_runs').addColumn('sample_seed', 'text').execute();
  await db.schema.alterTable('audit_runs').addColumn('sample_population', 'integer').execute();
  await db.schema.alterTable('audit_runs').addColumn('sample_size', 'integer').execute();
  await db.schema.alterTable('audit_items').addColumn('sampled', t.bool, (c) => c.notNull().defaultTo(t.pg ? true : 1)).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
