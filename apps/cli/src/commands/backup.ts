import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqlite } from '@custodia/data';
import { existingDatabaseTarget } from '../cli-context.js';
import { plural } from '../plural.js';
import { sqliteTargetOr, verifySqliteCopy } from './sqlite-copy.js';

/**
 * `custodia backup FILE`: SQLite online backup (consistent while the server runs), then the copy is reopened and
 * checked: integrity_check, foreign keys, and the history chain. PostgreSQL backups use pg_dump (see README).
 */
export async function backupCommand(file: string): Promise<void> {
  const target = sqliteTargetOr('custodia backup copies the embedded SQLite database. On PostgreSQL use:\n  pg_dump --format=custom --file=custodia.dump "$DATABASE_URL"\nand restore with pg_restore --clean --dbname=… custodia.dump\n');
  if (!target) return;
  existingDatabaseTarget();
  const dest = resolve(file);
  if (existsSync(dest)) throw Object.assign(new Error(`${dest} already exists; choose a new file name`), { code: 'CONFLICT' });
  await backupTo(target.path, dest);
  const copy = await verifySqliteCopy(dest);
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
