import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '@custodia/data';
import { CLI_ENGINES, runCli, withDb } from './support/cli.js';

/**
 * Two processes migrating one fresh database at once (a server starting while an administrator runs `custodia
 * migrate`): both succeed, every migration is applied once, and the schema is whole. On SQLite the second finds the
 * database busy or its snapshot outdated, rolls back and runs again; on PostgreSQL Kysely's advisory lock orders them.
 */
describe.each(CLI_ENGINES)('custodia migrate twice at once ($name)', (engine) => {
  it('both runs succeed and each migration is applied exactly once', async () => {
    const database = await engine.create();
    try {
      const runs = await Promise.all([runCli(['migrate'], database.env), runCli(['migrate'], database.env)]);
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      const names = await withDb(database, async (db) => (await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db)).rows.map((r) => r.name));
      expect(names).toEqual(Object.keys(MIGRATIONS));
      expect((await runCli(['migrate'], database.env)).stdout).toBe('Database is up to date.\n');
    } finally {
      await database.dispose();
    }
  });
});
