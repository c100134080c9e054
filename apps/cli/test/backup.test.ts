import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, runCli, withDb } from './support/cli.js';

/** `custodia backup FILE`: FILE appears only once the copy is verified. */
describe('custodia backup (sqlite)', () => {
  let database: CliDatabase;

  beforeAll(async () => {
    database = await CLI_ENGINES[0]!.create();
    expect((await runCli(['seed-demo', '--assets', '3', '--people', '2'], database.env)).code).toBe(0);
  });
  afterAll(async () => { await database?.dispose(); });

  it('a copy that fails verification leaves no file behind, so the same command succeeds once the database is mended', async () => {
    const out = join(database.dir, 'monday.db');
    // A schema no version of Custodia makes: the append-only trigger of the history is gone.
    const trigger = await withDb(database, async (db) => {
      const row = await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger' and name = 'events_no_update'`.execute(db);
      await sql`drop trigger events_no_update`.execute(db);
      return row.rows[0]!.sql;
    });
    const before = readdirSync(database.dir).sort();
    const failed = await runCli(['backup', out], database.env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(`custodia: BACKUP_INVALID: ${out} holds a schema no version of Custodia makes (trigger events_no_update: missing); no backup was written\n`);
    expect(failed.stdout).toBe('');
    expect(readdirSync(database.dir).sort()).toEqual(before);

    await withDb(database, (db) => sql.raw(trigger).execute(db));
    const retried = await runCli(['backup', out], database.env);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toMatch(new RegExp(`^Backup written to ${out} and verified: integrity ok, 3 assets, \\d+ history events intact\\.\\n$`));
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(database.dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
