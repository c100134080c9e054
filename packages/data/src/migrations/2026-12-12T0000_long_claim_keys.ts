import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Unique-attribute claim keys longer than 200 characters are stored by their SHA-256 digest (`sha256:` and hex; data's
 * `storedClaimKey`), which PostgreSQL's B-tree can index. Claims written before in full (SQLite took any length) are
 * re-keyed so that they still clash with the same value written now. The rule is copied here: migrations are frozen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // length() counts characters, a JavaScript string UTF-16 units (two for some): select generously, decide in JS.
  const rows = await db.selectFrom('asset_unique_values').select(['asset_type_id', 'field_key', 'value_key']).where((eb) => eb(eb.fn('length', ['value_key']), '>', 100)).execute();
  for (const r of rows as { asset_type_id: string; field_key: string; value_key: string }[]) {
    if (r.value_key.length <= 200 || r.value_key.startsWith('sha256:')) continue;
    await db.updateTable('asset_unique_values').set({ value_key: `sha256:${createHash('sha256').update(r.value_key, 'utf8').digest('hex')}` })
      .where('asset_type_id', '=', r.asset_type_id).where('field_key', '=', r.field_key).where('value_key', '=', r.value_key).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
