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

/** Prints an error the way a person can act on it, and sets a non-zero exit code. */
export function reportError(error: unknown): void {
  const e = error as { code?: string; message?: string; syscall?: string; path?: string; extra?: { report?: { problems: { line: number; column?: string; code: string; message: string }[] } } };
  process.stderr.write(`custodia: ${systemMessage(e) ?? `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`}\n`);
  const problems = e.extra?.report?.problems ?? [];
  for (const p of problems.slice(0, 50)) process.stderr.write(`  line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.code}: ${p.message}\n`);
  if (problems.length > 50) process.stderr.write(`  … and ${problems.length - 50} more (use --report to write them all)\n`);
  process.exitCode = 1;
}

/**
 * A file-system error as a person reads it: "data.csv: no such file or directory (ENOENT)" rather than Node's
 * "ENOENT: no such file or directory, open 'data.csv'". Null for any other error.
 */
function systemMessage(e: { code?: string; message?: string; syscall?: string; path?: string }): string | null {
  if (typeof e.syscall !== 'string' || typeof e.code !== 'string') return null;
  const reason = (e.message ?? '').replace(/^[A-Z0-9_]+: /, '').replace(/, [a-z_]+(?: '[^']*')*$/, '');
  return `${e.path ? `${e.path}: ` : ''}${reason} (${e.code})`;
}
