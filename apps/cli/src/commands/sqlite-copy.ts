import { randomBytes } from 'node:crypto';
import { FieldCipher, MIGRATIONS, openDatabase, openSqlite, verifyEventChain } from '@custodia/data';

/** What a verified copy of the SQLite database holds. */
export interface VerifiedCopy { assets: number; events: number }

const fail = (message: string) => Object.assign(new Error(message), { code: 'BACKUP_INVALID' });

/**
 * Checks a copy of the SQLite database the way a restore needs it: SQLite's integrity check, the foreign keys, and the
 * history chain, read-only. Throws naming what is wrong; a file that is not a Custodia database fails here too.
 */
export async function verifySqliteCopy(path: string): Promise<VerifiedCopy> {
  let integrity: unknown;
  let foreignKeys: unknown[];
  let applied: string[] = [];
  try {
    const copy = openSqlite(path, { readonly: true });
    try {
      integrity = copy.pragma('integrity_check', { simple: true });
      foreignKeys = copy.pragma('foreign_key_check') as unknown[];
      const recorded = copy.prepare("select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'").get();
      if (recorded) applied = copy.prepare('select name from schema_migrations').pluck().all() as string[];
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
  // Verifying decrypts nothing: a throwaway key keeps openDatabase from creating an encryption.key next to the copy.
  const reopened = await openDatabase({ engine: 'sqlite', path }, { migrate: false, readerThreads: 0, cipher: new FieldCipher([randomBytes(32)]) }).catch((error: unknown) => {
    throw fail(`${path} is not a Custodia database: ${(error as Error).message}`);
  });
  try {
    const chain = await verifyEventChain(reopened.db).catch((error: unknown) => { throw fail(`${path} is not a Custodia database: ${(error as Error).message}`); });
    if (!chain.ok) throw fail(`${path}: history chain broken at event ${chain.break.seq}`);
    const assets = await reopened.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return { assets: Number(assets.n), events: chain.events };
  } finally {
    await reopened.close();
  }
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
