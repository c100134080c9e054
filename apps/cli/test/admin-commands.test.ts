import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_INDEXES, openDatabase, verifyEventChain } from '@custodia/data';
import { CLI_ENGINES, type CliDatabase, counts, runCli, withDb } from './support/cli.js';

/** Case 8: migrate, seed-demo and backup. */
describe.each(CLI_ENGINES)('custodia migrate, seed-demo, backup ($name)', (engine) => {
  let database: CliDatabase;

  beforeAll(async () => { database = await engine.create(); });
  afterAll(async () => { await database?.dispose(); });

  it('migrate applies the migration to a fresh database, then reports it up to date', async () => {
    const first = await runCli(['migrate'], database.env);
    expect(first.code, first.stderr).toBe(0);
    // PostgreSQL also gets the trigram indexes of free-text search, once.
    const searchIndexes = engine.name === 'postgres' ? `Built search indexes: ${SEARCH_INDEXES.map((i) => i.name).join(', ')}\n` : '';
    expect(first.stdout).toMatch(/^Applied \d+ migration\(s\): \d{4}-\d\d-\d\dT\d{4}_register(, [\w-]+)*\n/);
    expect(first.stdout.slice(first.stdout.indexOf('\n') + 1)).toBe(searchIndexes);
    const second = await runCli(['migrate'], database.env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe('Database is up to date.\n');
    expect((await counts(database)).assets).toBe(0);
  });

  it('seed-demo --assets 500 fills the empty register, and refuses to run on a non-empty one', async () => {
    const r = await runCli(['seed-demo', '--assets', '500', '--people', '60'], database.env);
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Demo register ready in [\d.]+s: 500 assets, 60 people, 32 rooms over 5 countries\.\n$/);
    const seeded = await counts(database);
    expect(seeded).toMatchObject({ assets: 500, people: 60 });
    expect(seeded.assignments).toBeGreaterThan(100);
    // People belong to departments and have managers (each department's head manages the others of it), so org-unit
    // scopes, leavers and hand-over forms have something to show.
    const staff = await withDb(database, (db) => db.selectFrom('people as p').leftJoin('people as m', 'm.id', 'p.manager_id')
      .select(['p.org_unit_id', 'p.manager_id', 'm.org_unit_id as manager_unit']).execute());
    expect(staff.every((p) => p.org_unit_id !== null)).toBe(true);
    expect(staff.filter((p) => p.manager_id !== null).length).toBeGreaterThan(staff.length / 2);
    expect(staff.filter((p) => p.manager_id !== null).every((p) => p.manager_unit === p.org_unit_id)).toBe(true);
    expect(seeded.events).toBeGreaterThan(500);

    const again = await runCli(['seed-demo', '--assets', '10'], database.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^custodia: CONFLICT: The register already holds 500 assets, 60 people, \d+ locations, \d+ org units; seed-demo only fills an empty register\n$/);
    expect(await counts(database)).toEqual(seeded);

    const verify = await runCli(['history', 'verify'], database.env);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`History intact: ${seeded.events} events verified`);
  });

  if (engine.name === 'sqlite') {
    it('backup writes a verified copy with the same register, and refuses to overwrite a file', async () => {
      const out = join(database.dir, 'out.db');
      const r = await runCli(['backup', out], database.env);
      expect(r.stderr).toBe('');
      expect(r.code, r.stderr).toBe(0);
      const source = await counts(database);
      expect(r.stdout).toBe(`Backup written to ${out} and verified: integrity ok, ${source.assets} assets, ${source.events} history events intact.\n`);

      const raw = new BetterSqlite3(out, { readonly: true });
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('foreign_key_check')).toEqual([]);
        expect(raw.prepare('SELECT count(*) AS n FROM assets').get()).toEqual({ n: 500 });
      } finally {
        raw.close();
      }
      const copy = await openDatabase({ engine: 'sqlite', path: out }, { migrate: false });
      try {
        const chain = await verifyEventChain(copy.db);
        expect(chain).toMatchObject({ ok: true, events: source.events });
        const tags = await copy.db.selectFrom('assets').select('tag').orderBy('tag').execute();
        expect(tags).toHaveLength(500);
      } finally {
        await copy.close();
      }

      const size = statSync(out).size;
      const refused = await runCli(['backup', out], database.env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(`custodia: CONFLICT: ${out} already exists; choose a new file name\n`);
      expect(statSync(out).size).toBe(size);
    });
  } else {
    it('backup explains pg_dump on PostgreSQL and exits with code 2', async () => {
      const out = join(database.dir, 'out.db');
      const r = await runCli(['backup', out], database.env);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('On PostgreSQL use:\n  pg_dump --format=custom');
      expect(r.stderr).toContain('pg_restore');
      expect(existsSync(out)).toBe(false);
    });
  }
});
