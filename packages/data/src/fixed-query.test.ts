import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Kysely, sql } from 'kysely';
import { ENGINES, type TestDatabase } from '../../../test/support/databases.js';
import { fixedQuery } from './fixed-query.js';
import { openDatabase } from './database.js';
import type { Tables } from './schema.js';

/** A fixed query answers as the query it was built from would, with each call's parameters, on the database or a transaction. */
describe.each(ENGINES)('fixedQuery ($name)', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
    const now = '2026-11-29T00:00:00.000Z';
    await db.db.insertInto('manufacturers').values(['a', 'b', 'c'].map((k) => ({ id: `fq-${k}`, name: `Maker ${k}`, name_key: `fq-${k}`, version: 1, created_at: now, updated_at: now }))).execute();
  });
  afterAll(async () => { await db.dispose(); });

  const byKeyAndName = fixedQuery((k: Kysely<Tables>, key: string, name: string) => k.selectFrom('manufacturers').select(['id', 'name']).where('name_key', '=', key).where('name', '=', name));

  it('binds each call its own parameters, in order', async () => {
    expect(await byKeyAndName(db.db, 'fq-a', 'Maker a')).toEqual([{ id: 'fq-a', name: 'Maker a' }]);
    expect(await byKeyAndName(db.db, 'fq-b', 'Maker b')).toEqual([{ id: 'fq-b', name: 'Maker b' }]);
    expect(await byKeyAndName(db.db, 'fq-b', 'Maker a')).toEqual([]);
  });

  it.runIf(engine.name === 'postgres')('is a named statement on PostgreSQL, prepared once per connection and used again', async () => {
    // One transaction, so every statement below runs on the same connection, whose prepared statements are listed.
    await db.db.transaction().execute(async (tx) => {
      for (const k of ['a', 'b', 'a']) expect(await byKeyAndName(tx, `fq-${k}`, `Maker ${k}`)).toEqual([{ id: `fq-${k}`, name: `Maker ${k}` }]);
      const prepared = (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(tx)).rows;
      const ours = prepared.filter((p) => p.statement.includes('"name_key" = $1'));
      expect(ours).toEqual([{ name: expect.stringMatching(/^cst_[0-9a-f]{24}$/), statement: expect.stringContaining('from "manufacturers"') }]);
      // An ordinary query is not prepared by name.
      await tx.selectFrom('manufacturers').select('id').where('name', '=', 'nobody').execute();
      expect((await sql`select name from pg_prepared_statements`.execute(tx)).rows).toHaveLength(prepared.length);
    });
  });

  it.runIf(engine.name === 'postgres')('runs unnamed where named statements are turned off (CUSTODIA_PG_PREPARED=off)', async () => {
    const plain = await openDatabase(db.target, { migrate: false, poolSize: 1, cipher: db.cipher, preparedStatements: false });
    try {
      await plain.db.transaction().execute(async (tx) => {
        expect(await byKeyAndName(tx, 'fq-a', 'Maker a')).toEqual([{ id: 'fq-a', name: 'Maker a' }]);
        expect((await sql`select name from pg_prepared_statements`.execute(tx)).rows).toEqual([]);
      });
    } finally {
      await plain.close();
    }
  });

  it('runs inside a transaction and sees its uncommitted rows', async () => {
    await db.db.transaction().execute(async (tx) => {
      await tx.updateTable('manufacturers').set({ name: 'Renamed' }).where('id', '=', 'fq-c').execute();
      expect(await byKeyAndName(tx, 'fq-c', 'Renamed')).toEqual([{ id: 'fq-c', name: 'Renamed' }]);
      await tx.updateTable('manufacturers').set({ name: 'Maker c' }).where('id', '=', 'fq-c').execute();
    });
    expect(await byKeyAndName(db.db, 'fq-c', 'Maker c')).toEqual([{ id: 'fq-c', name: 'Maker c' }]);
  });

  it('refuses a builder whose parameters are not exactly its arguments (a constant would shift the others)', async () => {
    const withConstant = fixedQuery((k: Kysely<Tables>, key: string) => k.selectFrom('manufacturers').select('id').where('name', '=', 'Maker a').where('name_key', '=', key));
    await expect(withConstant(db.db, 'fq-a')).rejects.toThrow(/not exactly its arguments/);
    const unused = fixedQuery((k: Kysely<Tables>, _key: string) => k.selectFrom('manufacturers').select('id'));
    await expect(unused(db.db, 'fq-a')).rejects.toThrow(/not exactly its arguments/);
  });
});
