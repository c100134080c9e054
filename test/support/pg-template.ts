import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { FieldCipher, MIGRATIONS, migrateToLatest, openDatabase } from '@custodia/data';

/**
 * Fresh PostgreSQL test databases cloned from a migrated template (`CREATE DATABASE … TEMPLATE`): a clone takes a
 * fraction of a second where running the migrations takes seconds, and the suite opens one or more for most test files.
 *
 * - The template holds what the migrations make, and nothing else (plus pg_trgm in `public`, which the tests always
 *   installed before the server started). Everything a start does beyond migrating (the search indexes, and whatever
 *   the tests' bootstrap seeds) still runs on each clone, as in production.
 * - It is named by a hash of the migrations (names, and the text of every file they are made from), so a changed
 *   migration gets a template of its own and is never served from an old one. A template is kept for later runs.
 * - It is built once, under an advisory lock of the admin database: the other Vitest workers, and other test runs on
 *   the same server, wait for it. A template is finished only once it is marked `IS_TEMPLATE`; a build that died half
 *   way is found unmarked, dropped and built again. It refuses connections, since a clone needs its template unused.
 * - Templates of other migrations unused for a day are dropped, as are test databases a killed process left behind.
 *
 * Tests of the migrations themselves (packages/data/src/migrator.test.ts, the CLI's `migrate`) start from blank
 * schemas instead (`createPgSchema`).
 */

const PG_URL = process.env['CUSTODIA_TEST_DATABASE_URL'];

const TEMPLATE_PREFIX = 'custodia_tpl_';
/** Prefix of the test databases cloned from a template: `custodia_t_<pid>_<time in base 36>_<random>`. */
const CLONE_PREFIX = 'custodia_t_';
/** Templates of other migrations, and clones, are left alone this long: a run still using them ends well before. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;
/** The advisory lock (two-key form, apart from the application's one-key locks) under which templates are managed. */
const LOCK = [0x43757374, 0x54706c31] as const;

const MIGRATION_FILES = [new URL('../../packages/data/src/migrator.ts', import.meta.url)];
const MIGRATIONS_DIR = new URL('../../packages/data/src/migrations/', import.meta.url);

/** The hash of the migration list: their names in order, the migrator, and every file in the migrations folder. */
export function migrationsHash(): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(Object.keys(MIGRATIONS)));
  const files = [...MIGRATION_FILES, ...readdirSync(MIGRATIONS_DIR).sort().map((f) => new URL(f, MIGRATIONS_DIR))];
  for (const file of files) hash.update(`\0${file.pathname.split('/').pop()}\0`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

export function urlOfDatabase(name: string): string {
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try { return await fn(admin); } finally { await admin.end(); }
}

/** The template's name, once it exists; one check per process (Vitest workers keep their modules between files). */
let template: Promise<string> | undefined;
function migratedTemplate(): Promise<string> {
  template ??= withAdmin(ensureTemplate).catch((e: unknown) => { template = undefined; throw e; });
  return template;
}

async function ensureTemplate(admin: pg.Client): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${migrationsHash()}`;
  await admin.query('select pg_advisory_lock($1, $2)', [...LOCK]);
  try {
    const found = await admin.query<{ done: boolean }>('select datistemplate as done from pg_database where datname = $1', [name]);
    if (!found.rows[0]?.done) await buildTemplate(admin, name);
    // When it was last used, so that another run's sweep leaves it alone.
    await admin.query(`comment on database ${name} is '${Date.now()}'`);
    await dropStale(admin, name);
  } finally {
    await admin.query('select pg_advisory_unlock($1, $2)', [...LOCK]);
  }
  return name;
}

async function buildTemplate(admin: pg.Client, name: string): Promise<void> {
  // A build that died half way (never marked a template) is thrown away.
  await admin.query(`drop database if exists ${name} with (force)`);
  // The encoding and locale of the test database, as the schemas made in it had.
  // (The ICU locale's column is daticulocale up to PostgreSQL 16, datlocale from 17.)
  const own = (await admin.query(`select pg_encoding_to_char(encoding) as encoding, to_jsonb(d) as d
    from pg_database d where datname = current_database()`)).rows[0];
  const icu: string | undefined = own.d.datlocprovider === 'i' ? own.d.daticulocale ?? own.d.datlocale : undefined;
  await admin.query(`create database ${name} template template0 encoding '${own.encoding}'`
    + ` lc_collate '${own.d.datcollate}' lc_ctype '${own.d.datctype}'${icu ? ` locale_provider icu icu_locale '${icu}'` : ''}`);
  await admin.query(`comment on database ${name} is '${Date.now()}'`);
  const tpl = new pg.Client({ connectionString: urlOfDatabase(name) });
  await tpl.connect();
  try { await tpl.query('create extension if not exists pg_trgm schema public'); } finally { await tpl.end(); }
  const database = await openDatabase({ engine: 'postgres', url: urlOfDatabase(name) }, { migrate: false, poolSize: 1, cipher: new FieldCipher([randomBytes(32)]) });
  try { await migrateToLatest(database.db); } finally { await database.close(); }
  await admin.query(`alter database ${name} with is_template true allow_connections false`);
}

/** Templates of other migrations unused for a day, and clones older than a day (their process was killed). */
async function dropStale(admin: pg.Client, keep: string): Promise<void> {
  const rows = (await admin.query<{ name: string; used: string | null }>(
    `select datname as name, shobj_description(oid, 'pg_database') as used from pg_database where datname like $1 or datname like $2`,
    [`${TEMPLATE_PREFIX}%`, `${CLONE_PREFIX}%`])).rows;
  const now = Date.now();
  for (const { name, used } of rows) {
    const since = name.startsWith(TEMPLATE_PREFIX) ? Number(used) : parseInt(name.slice(CLONE_PREFIX.length).split('_')[1] ?? '', 36);
    if (name === keep || !Number.isFinite(since) || now - since < STALE_AFTER_MS) continue;
    try {
      await admin.query(`alter database ${name} with is_template false`);
      await admin.query(`drop database if exists ${name}`);
    } catch { /* in use after all: left for a later sweep */ }
  }
}

let counter = 0;

/**
 * A new database holding the current migrations, and how to drop it. Its name carries the process id, the time and a
 * random part, so no other worker or concurrent run makes the same one.
 */
export async function createMigratedPgDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${CLONE_PREFIX}${process.pid}_${Date.now().toString(36)}_${counter++}${randomBytes(3).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    const from = await migratedTemplate();
    try {
      // The default strategy (WAL_LOG) copies the template through the WAL: no checkpoint, unlike FILE_COPY, which
      // forces two per clone and makes every clone wait for the whole server's dirty pages under a busy suite.
      await withAdmin((admin) => admin.query(`create database ${name} template ${from}`));
      break;
    } catch (e) {
      // The template was dropped (another run's sweep) or is being rebuilt: look for it again.
      const code = (e as { code?: string }).code;
      if (attempt >= 5 || !['3D000', '55006'].includes(code ?? '')) throw e;
      template = undefined;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
  }
  return {
    name,
    url: urlOfDatabase(name),
    // FORCE: a connection the test left open (a pool not closed after a failure) must not keep the database alive.
    // A DROP DATABASE forces a checkpoint: usually a tenth of a second, a second or more when the server has much
    // to write (other tests busy), about what dropping a migrated schema took.
    drop: () => withAdmin(async (admin) => { await admin.query(`drop database if exists ${name} with (force)`); }),
  };
}
