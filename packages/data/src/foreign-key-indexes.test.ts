import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, type TestDatabase } from '../../../test/support/databases.js';

/**
 * Deleting a parent row makes the engine look for its children; a foreign key without an index whose first column is
 * it turns that into a scan of the child table under the write lock. Only these small tables may do without.
 */
const SMALL_TABLES = new Set(['asset_types', 'catalogue_models', 'lifecycle_transitions', 'pending_logins', 'agent_tokens', 'oidc_identities', 'audit_plans']);
/** Assets reference their lifecycle model, never deleted (models are versioned); an index would slow every import. */
const NEVER_DELETED_PARENT = new Set(['assets.lifecycle_model_id']);

describe.each(ENGINES)('foreign keys of large tables are indexed ($name)', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await engine.open(); });
  afterAll(async () => { await db.dispose(); });

  async function unindexed(): Promise<string[]> {
    if (db.sqlite) {
      const s = db.sqlite;
      const tables = s.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'").pluck().all() as string[];
      return tables.flatMap((t) => {
        const firsts = (s.prepare(`pragma index_list("${t}")`).all() as { name: string }[])
          .map((i) => (s.prepare(`pragma index_info("${i.name}")`).all() as { seqno: number; name: string }[]).find((c) => c.seqno === 0)?.name);
        return (s.prepare(`pragma foreign_key_list("${t}")`).all() as { from: string }[]).filter((fk) => !firsts.includes(fk.from)).map((fk) => `${t}.${fk.from}`);
      });
    }
    const { rows } = await sql<{ key: string }>`
      select c.conrelid::regclass::text || '.' || a.attname as key
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.connamespace = current_schema()::regnamespace
        and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])`.execute(db.db);
    return rows.map((r) => r.key.replace(/^"|"$/g, ''));
  }

  it('has an index starting with every foreign-key column, except on small tables', async () => {
    const missing = (await unindexed()).filter((key) => !SMALL_TABLES.has(key.split('.')[0]!) && !NEVER_DELETED_PARENT.has(key)).sort();
    expect(missing).toEqual([]);
  });

  it('still refuses to delete a person who manages another, and deletes one who does not (through the partial index)', async () => {
    const now = '2026-12-02T00:00:00.000Z';
    const person = (id: string, manager: string | null) => ({ id, name: id, email: null, email_key: null, employee_number: null, org_unit_id: null, manager_id: manager, active: 1, version: 1, created_at: now, updated_at: now });
    await db.db.insertInto('people').values([person('fk-boss', null), person('fk-report', 'fk-boss'), person('fk-alone', null)]).execute();
    await expect(db.db.deleteFrom('people').where('id', '=', 'fk-boss').execute()).rejects.toThrow();
    await db.db.deleteFrom('people').where('id', '=', 'fk-alone').execute();
    expect((await db.db.selectFrom('people').select('id').where('id', 'like', 'fk-%').orderBy('id').execute()).map((r) => r.id)).toEqual(['fk-boss', 'fk-report']);
  });
});
