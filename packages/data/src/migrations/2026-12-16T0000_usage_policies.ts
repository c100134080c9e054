import type { Kysely } from 'kysely';

/**
 * The usage policy of a catalogue model and of an asset type (ITIL ITAM Table 2.2, "Allocate/assign": model-specific
 * policies, such as cloud options, security or BYOD): text people are told when an asset is handed over. Both are
 * optional; the existing rows have none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalogue_models').addColumn('usage_policy', 'text').execute();
  await db.schema.alterTable('asset_types').addColumn('usage_policy', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
