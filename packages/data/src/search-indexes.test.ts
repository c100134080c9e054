import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { ENGINES, hasPostgres } from '../../../test/support/databases.js';
import { type Database, openDatabase } from './database.js';
import { FieldCipher } from './crypto/field-cipher.js';
import { SEARCH_INDEXES, ensureSearchIndexes } from './search-indexes.js';

const NAMES = SEARCH_INDEXES.map((i) => i.name);

/** Our search indexes in the current schema: name → access method and validity. */
async function indexesOf(database: Database) {
  const rows = (await sql<{ name: string; method: string; valid: boolean }>`
    select c.relname as name, am.amname as method, i.indisvalid as valid
    from pg_class c join pg_index i on i.indexrelid = c.oid join pg_am am on am.oid = c.relam
    where c.relnamespace = current_schema()::regnamespace and c.relname in (${sql.join(NAMES)})`.execute(database.db)).rows;
  return Object.fromEntries(rows.map((r) => [r.name, `${r.method}${r.valid ? '' : ' (invalid)'}`]));
}
const allGin = () => Object.fromEntries(NAMES.map((n) => [n, 'gin']));

describe.each(ENGINES)('free-text search indexes ($name)', (engine) => {
  it('are built at start on PostgreSQL, once; SQLite has none to build', async () => {
    const database = await engine.open();
    try {
      if (engine.name === 'sqlite') {
        expect(database.searchIndexes).toEqual({ state: 'not-applicable' });
        expect(await ensureSearchIndexes(database.db, 'sqlite')).toEqual({ state: 'not-applicable' });
        return;
      }
      expect(database.searchIndexes).toEqual({ state: 'ready', built: NAMES });
      expect(await indexesOf(database)).toEqual(allGin());
      expect(await ensureSearchIndexes(database.db, 'postgres')).toEqual({ state: 'ready', built: [] });
    } finally {
      await database.dispose();
    }
  });
});

/**
 * Each case in a database of its own: the extension exists once per database, and a concurrent index build waits for
 * every transaction of its database, so the shared test database is no place for either.
 */
describe.runIf(hasPostgres)('free-text search indexes on a PostgreSQL database of their own', () => {
  const base = process.env['CUSTODIA_TEST_DATABASE_URL']!;
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const created: string[] = [];
  const role = `custodia_noext_${suffix}`;
  const admin = new pg.Client({ connectionString: base });
  const urlOf = (name: string, user?: string) => {
    const u = new URL(base);
    u.pathname = `/${name}`;
    if (user) u.username = user;
    return u.toString();
  };
  const newDatabase = async () => {
    const name = `custodia_search_${suffix}_${created.length}`;
    await admin.query(`create database ${name}`);
    created.push(name);
    return name;
  };
  const open = (url: string) => openDatabase({ engine: 'postgres', url }, { poolSize: 2, cipher: new FieldCipher([randomBytes(32)]) });

  beforeAll(async () => { await admin.connect(); });
  afterAll(async () => {
    for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  it('installs pg_trgm when it is missing and the role may, then builds the indexes', async () => {
    const name = await newDatabase();
    const database = await open(urlOf(name));
    try {
      expect(database.searchIndexes).toEqual({ state: 'ready', built: NAMES });
      const ext = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(database.db);
      expect(ext.rows).toEqual([{ schema: 'public' }]);
      expect(await indexesOf(database)).toEqual(allGin());
    } finally {
      await database.close();
    }
  });

  it('rebuilds an index an interrupted concurrent build left invalid, concurrently on a large table', async () => {
    const name = await newDatabase();
    const database = await open(urlOf(name));
    try {
      // A real invalid index under our name: a concurrent unique build that fails on duplicates leaves one behind.
      await sql`drop index assets_search_keys_trgm`.execute(database.db);
      await sql`create table dup_rows (x int)`.execute(database.db);
      await sql`insert into dup_rows values (1), (1)`.execute(database.db);
      await expect(sql`create unique index concurrently assets_search_keys_trgm on dup_rows (x)`.execute(database.db)).rejects.toMatchObject({ code: '23505' });
      expect((await indexesOf(database))['assets_search_keys_trgm']).toBe('btree (invalid)');

      expect(await ensureSearchIndexes(database.db, 'postgres', { concurrentlyAbove: -1 })).toEqual({ state: 'ready', built: ['assets_search_keys_trgm'] });
      expect(await indexesOf(database)).toEqual(allGin());
      const onTable = await sql<{ table: string }>`select indrelid::regclass::text as table from pg_index where indexrelid = 'assets_search_keys_trgm'::regclass`.execute(database.db);
      expect(onTable.rows).toEqual([{ table: 'assets' }]);
    } finally {
      await database.close();
    }
  });

  it('starts without them when the role may not install pg_trgm, says why, and builds them once it is installed', async () => {
    const name = await newDatabase();
    await admin.query(`create role ${role} login`);
    await admin.query(`grant connect on database ${name} to ${role}`);
    const owner = new pg.Client({ connectionString: urlOf(name) });
    await owner.connect();
    try {
      await owner.query(`grant create on schema public to ${role}`);
      let database = await open(urlOf(name, role));
      try {
        expect(database.searchIndexes).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('create extension pg_trgm') });
        expect(await indexesOf(database)).toEqual({});
        // The register itself is there: every migration ran.
        expect(Number((await sql<{ n: number }>`select count(*) as n from schema_migrations`.execute(database.db)).rows[0]!.n)).toBeGreaterThan(0);
      } finally {
        await database.close();
      }
      await owner.query('create extension pg_trgm');
      database = await open(urlOf(name, role));
      try {
        expect(database.searchIndexes).toEqual({ state: 'ready', built: NAMES });
        expect(await indexesOf(database)).toEqual(allGin());
      } finally {
        await database.close();
      }
    } finally {
      await owner.end();
    }
  });
});
