import { closeSync, existsSync, mkdirSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configuredCipher, openDatabase, openSqlite } from '@custodia/data';
import { cliError } from '../cli-error.js';
import { plural } from '../plural.js';
import { backupTo } from './backup.js';
import { sqliteTargetOr, verifySqliteCopy } from './sqlite-copy.js';

/**
 * `custodia restore FILE --yes`: puts a backup made by `custodia backup` back in place of the SQLite database.
 * - The backup is verified first (integrity, foreign keys, history chain, a schema Custodia makes, not from a newer
 *   version): a damaged or foreign file changes nothing. So is the key: the encryption key(s) its sensitive values were
 *   encrypted with must be configured here.
 * - Without `--yes` it only says what it would do.
 * - The database it replaces is kept, as it is: an online backup of it goes to `<database>.before-restore-<time>`.
 * - The backup's pages go into the database through SQLite's backup API, in one transaction that respects the WAL and
 *   other connections: never a mix of the two. A running server answers from the restored register at once (its
 *   caches key on the history's head and the access epoch); stop it first when you can all the same.
 * - Migrations then bring a backup of an older version up to date.
 */
export async function restoreCommand(file: string, options: { yes: boolean }, now: Date = new Date()): Promise<void> {
  const target = sqliteTargetOr('custodia restore replaces the embedded SQLite database. On PostgreSQL restore a pg_dump file with:\n  pg_restore --clean --dbname="$DATABASE_URL" custodia.dump\n');
  if (!target) return;
  const source = resolve(file);
  if (!existsSync(source)) throw Object.assign(new Error(`${source}: no such file`), { code: 'NOT_FOUND' });
  if (!statSync(source).isFile()) throw cliError('NOT_A_FILE', `${source} is not a file; give the path of a backup made by custodia backup`);
  if (isPostgresDump(source)) {
    throw cliError('BACKUP_INVALID', `${source} is a PostgreSQL dump, not a backup of the SQLite database; restore it into PostgreSQL with pg_restore (or psql for a plain SQL dump)`);
  }
  if (existsSync(target.path) && realpathSync(source) === realpathSync(target.path)) {
    throw Object.assign(new Error(`${source} is the database itself; give the path of a backup`), { code: 'CONFLICT' });
  }
  const backup = await verifySqliteCopy(source);
  // A new random key (what a first start creates) could not read what the backup holds encrypted.
  const cipher = configuredCipher(target);
  const unreadable = backup.keyIds.filter((id) => !cipher?.hasKey(id));
  if (unreadable.length) {
    throw Object.assign(new Error(`${source} holds sensitive values encrypted with key ${unreadable.join(', ')}, which this installation does not have. `
      + 'Put the backed-up installation\'s key in place first (CUSTODIA_ENCRYPTION_KEY_FILE, or encryption.key next to the database)'), { code: 'ENCRYPTION_KEY_MISSING' });
  }
  const described = `${source} (${plural(backup.assets, 'asset')}, ${backup.events} history events, verified)`;
  if (!options.yes) {
    process.stdout.write(`Would replace the database at ${target.path} with ${described}, keeping the current one aside.\nRun again with --yes to restore.\n`);
    process.exitCode = 2;
    return;
  }

  let kept: string | null = null;
  if (existsSync(target.path)) {
    kept = `${target.path}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    // Kept as it is, not verified: a damaged database is what a restore is most often for.
    await backupTo(target.path, kept).catch((error: unknown) => {
      throw Object.assign(new Error(`The current database could not be copied aside (${(error as Error).message}); move ${target.path} away by hand, then restore again`), { code: 'CONFLICT' });
    });
  }
  // A new machine restoring its first database has no data directory yet.
  mkdirSync(dirname(target.path), { recursive: true });
  // Not read-only: a read-only connection cannot remove the -wal and -shm files it makes next to the backup.
  const backupFile = openSqlite(source);
  try {
    await backupFile.backup(target.path);
  } finally {
    backupFile.close();
  }
  const restored = await openDatabase(target);
  await restored.close();
  const copy = await verifySqliteCopy(target.path);
  process.stdout.write(`Restored ${described} into ${target.path}: ${plural(copy.assets, 'asset')}, ${copy.events} history events intact.\n`);
  if (kept) process.stdout.write(`The database it replaced is kept at ${kept}.\n`);
}

/** Whether the file begins as pg_dump's output does: its custom-format archive (`PGDMP`) or a plain SQL dump. */
function isPostgresDump(path: string): boolean {
  const head = Buffer.alloc(64);
  const fd = openSync(path, 'r');
  try {
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('latin1');
    return text.startsWith('PGDMP') || /^--\r?\n-- PostgreSQL database dump/.test(text);
  } finally {
    closeSync(fd);
  }
}
