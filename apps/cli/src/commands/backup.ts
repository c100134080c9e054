import { resolve } from 'node:path';
import { openSqlite } from '@custodia/data';
import { existingDatabaseTarget } from '../cli-context.js';
import { assertNewOutput, writeThroughTemporary } from '../output-file.js';
import { plural } from '../plural.js';
import { sqliteTargetOr, verifySqliteCopy } from './sqlite-copy.js';

/**
 * `custodia backup FILE`: SQLite online backup (consistent while the server runs) into a temporary file next to FILE,
 * which is then reopened and checked (integrity_check, foreign keys, the history chain) and only then named FILE. A
 * copy that fails verification is removed: nothing is left to mistake for a backup or to block the next attempt.
 * PostgreSQL backups use pg_dump (see README).
 */
export async function backupCommand(file: string): Promise<void> {
  const target = sqliteTargetOr('custodia backup copies the embedded SQLite database. On PostgreSQL use:\n  pg_dump --format=custom --file=custodia.dump "$DATABASE_URL"\nand restore with pg_restore --clean --dbname=… custodia.dump\n');
  if (!target) return;
  existingDatabaseTarget();
  const dest = resolve(file);
  assertNewOutput(dest);
  const copy = await writeThroughTemporary(dest, async (temporary) => {
    await backupTo(target.path, temporary);
    return verifySqliteCopy(temporary).catch((error: unknown) => {
      const e = error as Error;
      e.message = `${e.message.replaceAll(temporary, dest)}; no backup was written`;
      throw e;
    });
  }, ['-wal', '-shm']);
  process.stdout.write(`Backup written to ${dest} and verified: integrity ok, ${plural(copy.assets, 'asset')}, ${copy.events} history events intact.\n`);
}

/** SQLite's online backup of the database at `source` into the new file `dest`. */
export async function backupTo(source: string, dest: string): Promise<void> {
  const database = openSqlite(source);
  try {
    await database.backup(dest);
  } finally {
    database.close();
  }
}
