import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { type Database, type DatabaseTarget, FieldCipher, openDatabase } from '@custodia/data';
import { createMigratedPgDatabase } from './pg-template.js';

export { createMigratedPgDatabase };

/**
 * The engines every database test runs on: SQLite always, PostgreSQL when CUSTODIA_TEST_DATABASE_URL is set.
 * Each opened database is fresh: a new SQLite file, or a new PostgreSQL database dropped afterwards, cloned from a
 * template holding the migrations (see pg-template.ts). Either way the server's start then runs on it as in production:
 * the migrations (on PostgreSQL there are none left to apply) and the search indexes.
 */
export interface TestEngine {
  name: 'sqlite' | 'postgres';
  open(): Promise<TestDatabase>;
}
export interface TestDatabase extends Database {
  target: DatabaseTarget;
  dispose(): Promise<void>;
}

const PG_URL = process.env['CUSTODIA_TEST_DATABASE_URL'];

let counter = 0;

async function openSqliteDb(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'custodia-test-'));
  const database = await openDatabase({ engine: 'sqlite', path: join(dir, 'test.db') });
  return { ...database, dispose: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A PostgreSQL URL whose connections use their own schema. */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** A blank schema in the test database, for tests of the migrations themselves and of the CLI setting a database up. */
export async function createPgSchema(): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await installTrigramExtension(admin);
  await admin.end();
  return {
    schema,
    url: withSchema(PG_URL!, schema),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/**
 * pg_trgm in the shared `public` schema, once per database. Left to the server, it would be installed into the first
 * test schema that needs it and dropped with that schema (an extension exists once per database), taking every other
 * test schema's search indexes with it.
 */
async function installTrigramExtension(admin: pg.Client): Promise<void> {
  try {
    await admin.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
  } catch (e) {
    // Two test processes installing it at the same moment: the other one did.
    if (!['23505', '42710'].includes((e as { code?: string }).code ?? '')) throw e;
  }
}

async function openPgDb(): Promise<TestDatabase> {
  const s = await createMigratedPgDatabase();
  // A throw-away key: PostgreSQL has no directory of its own to keep a key file in.
  const database = await openDatabase({ engine: 'postgres', url: s.url }, { poolSize: 5, cipher: new FieldCipher([randomBytes(32)]) });
  return { ...database, dispose: async () => { await database.close(); await s.drop(); } };
}

/**
 * A fresh PostgreSQL database (not a schema) whose default collation is linguistic (ICU "en"), as on a cluster
 * initialised in en_US, the official Docker image's default and that of most managed services: ORDER BY and `<`
 * there put "apple" before "Banana", where the test database (C.UTF-8) and SQLite compare code points.
 */
export async function openLinguisticPgDb(): Promise<TestDatabase> {
  const name = `custodia_en_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try { await c.query(statement); } finally { await c.end(); }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C.UTF-8'`);
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgres', url: url.toString() }, { poolSize: 5, cipher: new FieldCipher([randomBytes(32)]) });
  return { ...database, dispose: async () => { await database.close(); await admin(`DROP DATABASE IF EXISTS ${name}`); } };
}

export const ENGINES: TestEngine[] = [
  { name: 'sqlite', open: openSqliteDb },
  ...(PG_URL ? [{ name: 'postgres' as const, open: openPgDb }] : []),
];

export const hasPostgres = Boolean(PG_URL);
