import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { FieldCipher, MIGRATIONS, encryptionKeyIds, migrateToLatest, openDatabase, openSqlite, resolveDatabaseTarget, verifyEventChain } from '@custodia/data';

/** What a verified copy of the SQLite database holds. */
export interface VerifiedCopy {
  assets: number;
  events: number;
  /** The ids of the keys its sensitive values (attributes, two-factor secrets, history) are encrypted with. */
  keyIds: string[];
}

const fail = (message: string) => Object.assign(new Error(message), { code: 'BACKUP_INVALID' });

/**
 * Checks a copy of the SQLite database the way a restore needs it: SQLite's integrity check, the foreign keys, and the
 * history chain, read-only. Throws naming what is wrong; a file that is not a Custodia database fails here too, and
 * leaves nothing next to it (the -wal and -shm files SQLite makes to read a WAL database are removed again).
 */
export async function verifySqliteCopy(path: string): Promise<VerifiedCopy> {
  const created = ['-wal', '-shm'].filter((suffix) => !existsSync(path + suffix));
  try {
    return await verifyCopy(path);
  } catch (error) {
    // Made by this read: the -shm is an index of the WAL, and a -wal made by a read-only connection is empty.
    for (const suffix of created) {
      if (suffix === '-shm' || !statSync(path + suffix, { throwIfNoEntry: false })?.size) rmSync(path + suffix, { force: true });
    }
    throw error;
  }
}

async function verifyCopy(path: string): Promise<VerifiedCopy> {
  let integrity: unknown;
  let foreignKeys: unknown[];
  let applied: string[] = [];
  let schema: Map<string, string> = new Map();
  try {
    const copy = openSqlite(path, { readonly: true });
    try {
      integrity = copy.pragma('integrity_check', { simple: true });
      foreignKeys = copy.pragma('foreign_key_check') as unknown[];
      const recorded = copy.prepare("select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'").get();
      if (recorded) applied = copy.prepare('select name from schema_migrations').pluck().all() as string[];
      schema = schemaOf(copy);
    } finally {
      copy.close();
    }
  } catch (error) {
    throw fail(`${path} is not a readable SQLite database: ${(error as Error).message}`);
  }
  if (integrity !== 'ok' || foreignKeys.length) throw fail(`${path} failed verification: ${String(integrity)}, ${foreignKeys.length} foreign-key problems`);
  if (!applied.length) throw fail(`${path} is not a Custodia database: it records no migrations`);
  const unknown = applied.filter((name) => !(name in MIGRATIONS));
  if (unknown.length) throw fail(`${path} comes from a newer version of Custodia (migrations ${unknown.join(', ')}); upgrade first`);
  const foreign = differences(schema, await schemaAfter(applied));
  if (foreign.length) throw fail(`${path} holds a schema no version of Custodia makes (${foreign.join('; ')})`);
  // Verifying decrypts nothing: a throwaway key keeps openDatabase from creating an encryption.key next to the copy.
  const reopened = await openDatabase({ engine: 'sqlite', path }, { migrate: false, readerThreads: 0, cipher: new FieldCipher([randomBytes(32)]) }).catch((error: unknown) => {
    throw fail(`${path} is not a Custodia database: ${(error as Error).message}`);
  });
  try {
    const chain = await verifyEventChain(reopened.db).catch((error: unknown) => { throw fail(`${path} is not a Custodia database: ${(error as Error).message}`); });
    if (!chain.ok) throw fail(`${path}: history chain broken at event ${chain.break.seq}`);
    const assets = await reopened.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return { assets: Number(assets.n), events: chain.events, keyIds: keyIdsIn(reopened.sqlite!) };
  } finally {
    await reopened.close();
  }
}

type SqliteDatabase = ReturnType<typeof openSqlite>;

/** Every key id named by an encrypted value where sensitive values are stored. */
function keyIdsIn(db: SqliteDatabase): string[] {
  const ids = new Set<string>();
  const texts = [
    "select attributes from assets where attributes like '%enc:v1:%'",
    "select totp_secret from accounts where totp_secret like 'enc:v1:%'",
    "select changes from events where changes like '%enc:v1:%'",
  ];
  for (const query of texts) for (const text of db.prepare(query).pluck().iterate()) for (const id of encryptionKeyIds(String(text))) ids.add(id);
  return [...ids].sort();
}

/** Tables, indexes, triggers and views by type and name, with the SQL that made them (SQLite's own objects aside). */
function schemaOf(db: SqliteDatabase): Map<string, string> {
  const rows = db.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all() as { type: string; name: string; sql: string | null }[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, r.sql ?? '']));
}

/**
 * The schema these migrations make, built in memory: a copy whose schema differs (a trigger, view or column that no
 * migration makes) would bring it into the live database, so it is refused.
 */
async function schemaAfter(applied: readonly string[]): Promise<Map<string, string>> {
  // An in-memory database gets a throwaway key of its own (loadCipher) and no reader threads.
  const reference = await openDatabase({ engine: 'sqlite', path: ':memory:' }, { migrate: false });
  try {
    await migrateToLatest(reference.db, Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => applied.includes(name))));
    return schemaOf(reference.sqlite!);
  } finally {
    await reference.close();
  }
}

/** What one schema has that the other has not, or has differently, as "trigger evil: not made by Custodia". */
function differences(actual: Map<string, string>, expected: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [object, made] of actual) {
    if (!expected.has(object)) out.push(`${object}: not made by Custodia`);
    else if (expected.get(object) !== made) out.push(`${object}: changed`);
  }
  for (const object of expected.keys()) if (!actual.has(object)) out.push(`${object}: missing`);
  return out;
}

/**
 * The SQLite database a copy command works on. On PostgreSQL it writes `advice` (what to use instead), sets exit code
 * 2 and gives null.
 */
export function sqliteTargetOr(advice: string): { engine: 'sqlite'; path: string } | null {
  const target = resolveDatabaseTarget();
  if (target.engine === 'sqlite') return target;
  process.stderr.write(advice);
  process.exitCode = 2;
  return null;
}
