import { type Database, fixedQuery, newId, readJson, writeJson, type Tables } from '@custodia/data';
import type { Kysely } from 'kysely';

const KEY = 'access_epoch';

/**
 * A change token for everything a resolved caller depends on: sessions ended, tokens revoked, accounts deactivated,
 * grants, roles and two-factor settings. Every such change writes a new token in its own transaction; request
 * authentication may reuse what it resolved before only while the token is unchanged, so a revocation applies to
 * the very next request on every server process.
 */
export async function bumpAccessEpoch(db: Kysely<Tables>, at: Date = new Date()): Promise<void> {
  const value = writeJson(newId());
  const now = at.toISOString();
  await db.insertInto('settings').values({ key: KEY, value, updated_at: now }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
}

const statements = new WeakMap<object, { get(key: string): unknown }>();
const epochQuery = fixedQuery((db: Kysely<Tables>, key: string) => db.selectFrom('settings').select('value').where('key', '=', key));

/**
 * The current epoch. Read on every authenticated request, so on SQLite it is one prepared statement on the raw handle
 * (the query builder cost more than the read itself); PostgreSQL runs a fixed query (a named statement).
 */
export async function readAccessEpoch(database: Database): Promise<string> {
  if (database.sqlite) {
    let statement = statements.get(database.sqlite);
    if (!statement) statements.set(database.sqlite, (statement = database.sqlite.prepare('select value from settings where key = ?').pluck()));
    const value = statement.get(KEY);
    return typeof value === 'string' ? readJson<string>(value, '') : '';
  }
  // jsonb arrives parsed: the token is already a string here (readJson would parse it a second time).
  const [row] = await epochQuery(database.db, KEY);
  return typeof row?.value === 'string' ? row.value : '';
}
