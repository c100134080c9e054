import { type Kysely, sql } from 'kysely';
import { SEARCH_FOLD_EXPANSIONS, SEARCH_FOLD_FROM, SEARCH_FOLD_TO } from '@custodia/domain';

/**
 * PostgreSQL's form of the domain's `foldForSearch` around an expression: lower case, the accented letters folded, the
 * letters written as two expanded. Free-text queries compare this very expression, and the trigram indexes below are
 * built on it: an expression index serves only a query whose expression is the same, constants included, so both take
 * it from here (core's `containsFolded` wraps its operand in PG_FOLD_OPEN and PG_FOLD_CLOSE).
 * Changing it changes what the indexes hold: give the indexes built on it new names, so every database builds them anew.
 */
export function pgFoldedSql(column: string): string {
  return `${PG_FOLD_OPEN}${column}${PG_FOLD_CLOSE}`;
}
const pgText = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const PG_FOLD_OPEN = `${'replace('.repeat(SEARCH_FOLD_EXPANSIONS.length)}translate(lower(`;
export const PG_FOLD_CLOSE = `), ${pgText(SEARCH_FOLD_FROM)}, ${pgText(SEARCH_FOLD_TO)})${SEARCH_FOLD_EXPANSIONS.map(([c, to]) => `, ${pgText(c)}, ${pgText(to)})`).join('')}`;

/**
 * An asset's tag and serial keys in one text, split by U+0001, which no search term holds (a match cannot straddle
 * the two): the register's search compares this, and one trigram index serves both. Indexing `tag_key` itself would
 * invite trouble: pg_trgm's operator class also answers `=`, and the planner, misled by the statistics of a table
 * still being filled, chose it over the unique B-tree for the importer's look-ups by tag, each of which then read every
 * pending entry of the GIN index (a 100,000-row import fell from thousands of rows per second to 850). No equality
 * look-up uses these expressions.
 */
export const PG_ASSET_KEYS_SQL = "(tag_key || E'\\x01' || coalesce(serial_key, ''))";
/** A device's serial key for search, as an expression for the same reason (discovery looks devices up by `serial_key =`). */
export const PG_DEVICE_SERIAL_SQL = "coalesce(serial_key, '')";
/** The separator of PG_ASSET_KEYS_SQL: a term holding it is searched column by column, without the index. */
export const SEARCH_KEY_SEPARATOR = '\u0001';

/**
 * Trigram indexes (pg_trgm, GIN) for the free-text searches of the largest tables. A search is `LIKE '%term%'`, which no
 * B-tree serves: without them PostgreSQL reads the whole table (about 0.3 s per search at a million assets); with them a
 * term of three characters or more is a few index probes. Every branch of a search's `or` needs one, or the engine
 * scans anyway. SQLite has no equivalent for substrings and keeps scanning (see docs/performance.md).
 */
export const SEARCH_INDEXES: readonly { name: string; table: string; expression: string }[] = [
  { name: 'assets_search_keys_trgm', table: 'assets', expression: PG_ASSET_KEYS_SQL },
  { name: 'assets_name_fold_trgm', table: 'assets', expression: pgFoldedSql('name') },
  { name: 'discovered_devices_hostname_fold_trgm', table: 'discovered_devices', expression: pgFoldedSql('hostname') },
  { name: 'discovered_devices_serial_trgm', table: 'discovered_devices', expression: PG_DEVICE_SERIAL_SQL },
  { name: 'discovered_devices_os_fold_trgm', table: 'discovered_devices', expression: pgFoldedSql('os_full_name') },
];

export type SearchIndexStatus =
  | { state: 'not-applicable' }
  | { state: 'ready'; built: string[] }
  | { state: 'unavailable'; reason: string };

/** Tables with more rows than this (planner estimate) get their indexes built CONCURRENTLY, without blocking writes. */
export const BUILD_CONCURRENTLY_ABOVE_ROWS = 10_000;

/**
 * Builds the trigram indexes that are missing (or were left invalid by an interrupted concurrent build). Runs after the
 * migrations at every start, and not as a migration, because it depends on an extension the database may not allow
 * us to install: without pg_trgm (not shipped, or our role may not create extensions) the register works the same and
 * searches scan, and the indexes appear at the first start after an administrator runs `create extension pg_trgm`.
 * The extension is installed when missing and our role may; it lands in our schema, like our tables.
 */
export async function ensureSearchIndexes(db: Kysely<any>, engine: 'sqlite' | 'postgres', options: { concurrentlyAbove?: number } = {}): Promise<SearchIndexStatus> {
  if (engine !== 'postgres') return { state: 'not-applicable' };
  const extensionSchema = await trigramSchema(db);
  if (typeof extensionSchema !== 'string') return extensionSchema;
  const existing = new Map((await sql<{ name: string; valid: boolean }>`
    select c.relname as name, i.indisvalid as valid from pg_class c join pg_index i on i.indexrelid = c.oid
    where c.relnamespace = current_schema()::regnamespace and c.relname in (${sql.join(SEARCH_INDEXES.map((x) => x.name))})`.execute(db)).rows.map((r) => [r.name, r.valid]));
  const built: string[] = [];
  for (const index of SEARCH_INDEXES) {
    if (existing.get(index.name) === true) continue;
    if (existing.get(index.name) === false) await sql`drop index if exists ${sql.ref(index.name)}`.execute(db);
    const rows = Number((await sql<{ n: number }>`select greatest(reltuples, 0)::bigint as n from pg_class where oid = to_regclass(${index.table})`.execute(db)).rows[0]?.n ?? 0);
    const concurrently = rows > (options.concurrentlyAbove ?? BUILD_CONCURRENTLY_ABOVE_ROWS) ? sql.raw('concurrently ') : sql.raw('');
    try {
      await sql`create index ${concurrently}if not exists ${sql.ref(index.name)} on ${sql.ref(index.table)} using gin ((${sql.raw(index.expression)}) ${sql.ref(extensionSchema)}.gin_trgm_ops)`.execute(db);
      built.push(index.name);
    } catch (e) {
      // Another server starting at the same moment built it first.
      if (!isDuplicate(e)) throw e;
    }
  }
  return { state: 'ready', built };
}

/** The schema pg_trgm lives in, installing it when it is missing and allowed; otherwise why it is unavailable. */
async function trigramSchema(db: Kysely<any>): Promise<string | SearchIndexStatus> {
  const installed = async () => (await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)).rows[0]?.schema;
  const schema = await installed();
  if (schema) return schema;
  const available = (await sql`select 1 from pg_available_extensions where name = 'pg_trgm'`.execute(db)).rows.length > 0;
  if (!available) return { state: 'unavailable', reason: 'the pg_trgm extension is not available on this PostgreSQL server (it ships with PostgreSQL contrib)' };
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
  } catch (e) {
    if (!isDuplicate(e)) {
      return { state: 'unavailable', reason: `the pg_trgm extension is not installed and could not be (${(e as Error).message}); a superuser can run: create extension pg_trgm` };
    }
  }
  return (await installed()) ?? { state: 'unavailable', reason: 'the pg_trgm extension could not be installed' };
}

// Two sessions creating the same extension or index at once: unique violation on the catalog, or "already exists".
const isDuplicate = (e: unknown) => ['23505', '42P07', '42710'].includes((e as { code?: string }).code ?? '');
