import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqlite, resolveDatabaseTarget, openDatabase, verifyEventChain } from '@custodia/data';

/**
 * `custodia backup FILE`: SQLite online backup (consistent while the server runs), then the copy is reopened and
 * checked: integrity_check, foreign keys, and the history chain. PostgreSQL backups use pg_dump (see README).
 */
export async function backupCommand(file: string): Promise<void> {
  const target = resolveDatabaseTarget();
  if (target.engine !== 'sqlite') {
    process.stderr.write('custodia backup copies the embedded SQLite database. On PostgreSQL use:\n  pg_dump --format=custom --file=custodia.dump "$DATABASE_URL"\nand restore with pg_restore --clean --dbname=… custodia.dump\n');
    process.exitCode = 2;
    return;
  }
  const dest = resolve(file);
  if (existsSync(dest)) throw Object.assign(new Error(`${dest} already exists; choose a new file name`), { code: 'CONFLICT' });
  const source = openSqlite(target.path);
  try {
    await source.backup(dest);
  } finally {
    source.close();
  }
  const copy = openSqlite(dest, { readonly: true });
  const integrity = copy.pragma('integrity_check', { simple: true });
  const fkProblems = copy.pragma('foreign_key_check') as unknown[];
  copy.close();
  if (integrity !== 'ok' || fkProblems.length) throw Object.assign(new Error(`Backup at ${dest} failed verification: ${String(integrity)}, ${fkProblems.length} foreign-key problems`), { code: 'INTERNAL' });
  const reopened = await openDatabase({ engine: 'sqlite', path: dest }, { migrate: false });
  try {
    const chain = await verifyEventChain(reopened.db);
    if (!chain.ok) throw Object.assign(new Error(`Backup at ${dest}: history chain broken at event ${chain.break.seq}`), { code: 'INTERNAL' });
    const assets = await reopened.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    process.stdout.write(`Backup written to ${dest} and verified: integrity ok, ${Number(assets.n)} assets, ${chain.events} history events intact.\n`);
  } finally {
    await reopened.close();
  }
}
