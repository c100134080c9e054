import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { type Database, type DatabaseTarget, openDatabase, resolveDatabaseTarget } from '@custodia/data';
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
 * Opens the configured database (migrating it) and builds the use-case context of a CLI run. The database must exist
 * (`existingDatabaseTarget`) unless `creates`, for the commands that set up an installation.
 */
export async function openCliContext(source: 'cli' | 'import' | 'agent' = 'cli', options: { creates?: boolean } = {}): Promise<{ ctx: Context; database: Database }> {
  const database = await openDatabase(options.creates ? resolveDatabaseTarget() : existingDatabaseTarget());
  const actor = `cli:${process.env['CUSTODIA_ACTOR'] ?? safeUser()}`;
  const ctx: Context = { database, actor, source, requestId: null, now: () => new Date(), access: FULL_ACCESS };
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
