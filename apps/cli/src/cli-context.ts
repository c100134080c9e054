import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { type Database, type DatabaseTarget, FieldCipher, openDatabase, organisationTimeZone, resolveDatabaseTarget } from '@custodia/data';
import { type Context, FULL_ACCESS, bootstrapRegister } from '@custodia/core';
import { cliError } from './cli-error.js';

/**
 * The configured database, which must exist. Only the commands that set up an installation create a database (and
 * with it the encryption key and history signing key next to it): `serve`, `migrate`, `seed-demo`, `restore` and
 * `account create`. Every other command reads, verifies or adds to a register that exists, so on SQLite it refuses,
 * before anything is created, when there is no database file at the configured path: a mistyped CUSTODIA_DATA_DIR
 * then fails instead of answering from a new empty register ("History intact", an empty export, a fresh public key).
 */
export function existingDatabaseTarget(): DatabaseTarget {
  const target = resolveDatabaseTarget();
  if (target.engine === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    throw cliError('DATABASE_NOT_FOUND', `No Custodia database at ${target.path}: check CUSTODIA_DATA_DIR or DATABASE_URL (custodia migrate creates a new one)`);
  }
  return target;
}

/**
 * The configured database, which must hold a register: `existingDatabaseTarget`, and on PostgreSQL (where a database
 * that does not exist fails to connect) a database that Custodia has set up. An empty one — DATABASE_URL naming the
 * wrong database, or the right one before `custodia migrate` — is refused before anything is written there or next to
 * it (migrations, keys).
 */
export async function existingRegister(): Promise<DatabaseTarget> {
  const target = existingDatabaseTarget();
  if (target.engine !== 'postgres') return target;
  await probePostgres(target, async (db) => {
    await db.withTables<{ schema_migrations: { name: string } }>().selectFrom('schema_migrations').select('name').limit(1).execute().catch((error: unknown) => {
      // undefined_table: the migrations' own table is missing, so Custodia never set this database up.
      if ((error as { code?: string }).code !== '42P01') throw error;
      throw cliError('DATABASE_NOT_FOUND', `No Custodia register in the PostgreSQL database ${describePg(target.url)}: check DATABASE_URL (custodia migrate sets up a new one)`);
    });
  });
  return target;
}

/**
 * Opens `target` (`openDatabase`); a database that cannot be opened or reached is reported as DATABASE_UNAVAILABLE
 * naming it. PostgreSQL is reached first with a throwaway key, so that a server out of reach leaves nothing behind
 * (opening creates the encryption key file when there is none).
 */
export async function openCliDatabase(target: DatabaseTarget, options: Parameters<typeof openDatabase>[1] = {}): Promise<Database> {
  if (target.engine === 'postgres') await probePostgres(target);
  try {
    return await openDatabase(target, options);
  } catch (error) {
    throw unavailable(target, error);
  }
}

/** Connects to PostgreSQL (the pool connects on a first query) and runs `check`; the probe's key decrypts nothing. */
async function probePostgres(target: { engine: 'postgres'; url: string }, check?: (db: Database['db']) => Promise<void>): Promise<void> {
  const probe = await openDatabase(target, { migrate: false, poolSize: 1, cipher: new FieldCipher([randomBytes(32)]) });
  try {
    await probe.db.connection().execute(async () => undefined).catch((error: unknown) => { throw unavailable(target, error); });
    await check?.(probe.db);
  } finally {
    await probe.close();
  }
}

/** Failures of opening or reaching the database itself (not of what a command then does with it). */
const UNREACHABLE = /^(SQLITE_(CANTOPEN|NOTADB|CORRUPT|PERM|READONLY|IOERR|AUTH)\w*|E(CONNREFUSED|CONNRESET|HOSTUNREACH|NETUNREACH|TIMEDOUT|NOTFOUND|AI_AGAIN|ACCES)|08\w{3}|28\w{3}|3D000)$/;

/** `error` as DATABASE_UNAVAILABLE naming the database (which file; which database on which host) when it is one of those. */
function unavailable(target: DatabaseTarget, error: unknown): unknown {
  const e = error as { code?: unknown; message?: string };
  const code = typeof e.code === 'string' ? e.code : '';
  const timedOut = /timeout exceeded when trying to connect|^Connection terminated/i.test(e.message ?? '');
  if (!UNREACHABLE.test(code) && !timedOut) return error;
  const where = target.engine === 'sqlite' ? `the SQLite database at ${target.path}` : `the PostgreSQL database ${describePg(target.url)}`;
  return Object.assign(cliError('DATABASE_UNAVAILABLE', `Cannot open ${where}: ${e.message}${code ? ` (${code})` : ''}`), { cause: error });
}

/** A PostgreSQL URL as it can be shown: host, port and database, never the password. */
function describePg(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname.replace(/^\//, '') || '(default)'} on ${u.host || 'the local server'}`;
  } catch {
    return 'named by DATABASE_URL';
  }
}

/**
 * Opens the configured database (migrating it) and builds the use-case context of a CLI run. The database must hold a
 * register (`existingRegister`) unless `creates`, for the commands that set up an installation.
 */
export async function openCliContext(source: 'cli' | 'import' | 'agent' = 'cli', options: { creates?: boolean } = {}): Promise<{ ctx: Context; database: Database }> {
  // Checked before the database is opened: a mistaken setting stops the command with its reason.
  const timeZone = organisationTimeZone();
  const database = await openCliDatabase(options.creates ? resolveDatabaseTarget() : await existingRegister());
  const actor = `cli:${process.env['CUSTODIA_ACTOR'] ?? safeUser()}`;
  const ctx: Context = { database, actor, source, requestId: null, now: () => new Date(), timeZone, access: FULL_ACCESS };
  await bootstrapRegister({ ...ctx, source: 'system' });
  return { ctx, database };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
