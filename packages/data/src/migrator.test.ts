import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, type Migration, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPgSchema, hasPostgres } from '../../../test/support/databases.js';
import { type Database, openDatabase } from './database.js';
import { MIGRATIONS, migrateToLatest } from './migrator.js';
import { storedClaimKey } from './unique-claim-key.js';

/** A database with no schema at all, and how to throw it away. */
interface Blank { database: Database; dispose(): Promise<void> }

const engines: { name: string; open(): Promise<Blank> }[] = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'custodia-migrate-'));
      const database = await openDatabase({ engine: 'sqlite', path: join(dir, 'm.db') }, { migrate: false });
      return { database, dispose: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  ...(hasPostgres ? [{
    name: 'postgres',
    open: async () => {
      const schema = await createPgSchema();
      const database = await openDatabase({ engine: 'postgres', url: schema.url }, { migrate: false, poolSize: 2 });
      return { database, dispose: async () => { await database.close(); await schema.drop(); } };
    },
  }] : []),
];

/** A migration that changes the schema, then fails: what a crash in the middle of one leaves to roll back. */
const BROKEN: Migration = {
  up: async (db) => {
    await sql`create table half_done (x integer)`.execute(db);
    throw new Error('the process died here');
  },
};
const WITH_BROKEN = { ...MIGRATIONS, '9999-12-31T0000_broken': BROKEN };

const exists = (db: Kysely<any>, table: string) => sql`select 1 from ${sql.table(table)}`.execute(db).then(() => true, () => false);
const applied = async (db: Kysely<any>) => (await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db)).rows.map((r) => r.name);

/** FT-11 of the security test plan: migrations are transactional on both engines. */
describe.each(engines)('migrations ($name)', (engine) => {
  it('FT-11: a migration failing half-way leaves the schema as it was; the next run applies everything', async () => {
    const { database, dispose } = await engine.open();
    const db = database.db;
    try {
      await expect(migrateToLatest(db, WITH_BROKEN)).rejects.toThrow(/Migration 9999-12-31T0000_broken failed: the process died here/);
      // Nothing of this run stayed: not the migrations before the broken one, nor the half of it.
      expect(await exists(db, 'half_done')).toBe(false);
      expect(await exists(db, 'assets')).toBe(false);
      expect(await applied(db)).toEqual([]);

      expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS));
      expect(await exists(db, 'assets')).toBe(true);
      await expect(migrateToLatest(db, WITH_BROKEN)).rejects.toThrow(/broken failed/);
      expect(await exists(db, 'half_done')).toBe(false);
      expect(await applied(db)).toEqual(Object.keys(MIGRATIONS));
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it('role_grants_unique: duplicate grants keep their oldest row, and a new duplicate is refused by the database', async () => {
    const { database, dispose } = await engine.open();
    const db = database.db;
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '2026-12-08T0000_role_grants_unique'));
    try {
      await migrateToLatest(db, before);
      const at = '2026-12-01T00:00:00.000Z';
      // Booleans are written as 0/1 on both engines, as the application writes them (schema.ts: Bool).
      await db.insertInto('accounts').values({ id: 'a1', login: 'a', login_key: 'a', display_name: 'A', active: 1, version: 1, created_at: at, updated_at: at }).execute();
      await db.insertInto('org_units').values({ id: 'u1', name: 'U', kind: 'country', path: '/u1/', version: 1, created_at: at, updated_at: at }).execute();
      await db.insertInto('roles').values({ id: 'r1', key: 'r', name: 'R', description: '', built_in: 1, permissions: '[]', requires_two_factor: 0, version: 1, created_at: at, updated_at: at }).execute();
      const grant = (id: string, unit: string | null) => db.insertInto('role_grants').values({ id, account_id: 'a1', role_id: 'r1', org_unit_id: unit, created_at: at, created_by: 't' }).execute();
      for (const [id, unit] of [['g1', null], ['g2', null], ['g3', 'u1'], ['g4', 'u1'], ['g5', null]] as const) await grant(id, unit);
      expect((await migrateToLatest(db))[0]).toBe('2026-12-08T0000_role_grants_unique');
      expect((await db.selectFrom('role_grants').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['g1', 'g3']);
      await expect(grant('g6', null)).rejects.toThrow();
      await expect(grant('g7', 'u1')).rejects.toThrow();
    } finally {
      await dispose();
    }
  });

  it('import_runs_applied_once: runs applied twice keep their rows (all but the first marked applied_twice), and a new one is refused', async () => {
    const { database, dispose } = await engine.open();
    const db = database.db;
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '2026-12-10T0000_import_runs_applied_once'));
    try {
      await migrateToLatest(db, before);
      const run = (id: string, mode: string, sha = 'abc', kind = 'assets') => db.insertInto('import_runs').values({
        id, kind, file_name: 'f.csv', file_sha256: sha, mode, status: 'applied', row_count: 1, created_count: 1, updated_count: 0, skipped_count: 0,
        actor: 't', started_at: '2026-12-01T00:00:00.000Z', finished_at: '2026-12-01T00:00:00.000Z', report: '{}',
      }).execute();
      for (const [id, mode] of [['i1', 'create'], ['i2', 'create'], ['i3', 'upsert'], ['i4', 'create']] as const) await run(id, mode);
      expect((await migrateToLatest(db))[0]).toBe('2026-12-10T0000_import_runs_applied_once');
      expect((await db.selectFrom('import_runs').select(['id', 'status']).orderBy('id').execute()).map((r) => [r.id, r.status])).toEqual([
        ['i1', 'applied'], ['i2', 'applied_twice'], ['i3', 'applied'], ['i4', 'applied_twice'],
      ]);
      await expect(run('i5', 'create')).rejects.toThrow();
      await run('i6', 'upsert');
      await run('i7', 'create', 'abc', 'people');
    } finally {
      await dispose();
    }
  });

  it('asset_eol_from_model: an end of life equal to what its catalogue model gives is marked derived; others stay as set by hand', async () => {
    const { database, dispose } = await engine.open();
    const db = database.db;
    const name = '2026-12-09T0000_asset_eol_from_model';
    try {
      await migrateToLatest(db, Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => n < name)));
      const at = '2026-12-01T00:00:00.000Z';
      const v = { created_at: at, updated_at: at };
      await db.insertInto('lifecycle_models').values({ id: 'lm', key: 'hw', version: 1, name: 'HW', definition: '{}', created_at: at } as never).execute();
      await db.insertInto('asset_types').values({ id: 't', key: 'laptop', name: 'Laptop', category: 'hardware', attribute_schema: '[]', lifecycle_model_id: 'lm', tag_pattern: 'L-{seq:4}', ...v } as never).execute();
      await db.insertInto('manufacturers').values({ id: 'm', name: 'M', name_key: 'm', ...v } as never).execute();
      await db.insertInto('catalogue_models').values([
        { id: 'months', name: 'Months', manufacturer_id: 'm', asset_type_id: 't', default_specs: '{}', eol_months: 36, ...v },
        { id: 'fixed', name: 'Fixed', manufacturer_id: 'm', asset_type_id: 't', default_specs: '{}', eol_date: '2030-06-30', ...v },
      ] as never).execute();
      const asset = (id: string, model: string | null, purchase: string | null, eol: string | null) => ({
        id, tag: id, tag_key: id, name: id, asset_type_id: 't', lifecycle_model_id: 'lm', model_id: model, serial_scope: '-', stage: 'in_stock',
        purchase_date: purchase, eol_date: eol, services: '[]', attributes: '{}', ...v,
      });
      await db.insertInto('assets').values([
        asset('a1', 'months', '2024-01-31', '2027-01-31'), asset('a2', 'months', '2023-11-30', '2026-11-30'), asset('a3', 'fixed', null, '2030-06-30'),
        asset('a4', 'months', '2024-01-31', '2031-12-31'), asset('a5', null, '2024-01-31', '2027-01-31'), asset('a6', 'months', null, null),
      ] as never).execute();
      expect(await migrateToLatest(db, Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => n <= name)))).toEqual([name]);
      const rows = await db.selectFrom('assets').select(['id', 'eol_from_model']).orderBy('id').execute();
      expect(rows.map((r) => [r.id, Boolean(r.eol_from_model)])).toEqual([['a1', true], ['a2', true], ['a3', true], ['a4', false], ['a5', false], ['a6', false]]);
    } finally {
      await dispose();
    }
  });

  it('long_claim_keys: claim keys over 200 characters are re-keyed to the form storedClaimKey gives; shorter ones stay', async () => {
    const { database, dispose } = await engine.open();
    const db = database.db;
    const name = '2026-12-12T0000_long_claim_keys';
    try {
      await migrateToLatest(db, Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => n < name)));
      const at = '2026-12-01T00:00:00.000Z';
      await db.insertInto('lifecycle_models').values({ id: 'lm', key: 'hw', version: 1, name: 'HW', definition: '{}', created_at: at } as never).execute();
      await db.insertInto('asset_types').values({ id: 't', key: 'laptop', name: 'Laptop', category: 'hardware', attribute_schema: '[]', lifecycle_model_id: 'lm', tag_pattern: 'L-{seq:4}', created_at: at, updated_at: at } as never).execute();
      const keys = { short: '"LIC-1"', edge: `"${'B'.repeat(198)}"`, long: `"${'A'.repeat(300)}"`, wide: `"${'\u{1F511}'.repeat(120)}"` };
      for (const [id, key] of Object.entries(keys)) {
        await db.insertInto('assets').values({ id, tag: id, tag_key: id, name: id, asset_type_id: 't', lifecycle_model_id: 'lm', serial_scope: '-', stage: 'in_stock', services: '[]', attributes: '{}', created_at: at, updated_at: at } as never).execute();
        await db.insertInto('asset_unique_values').values({ asset_type_id: 't', field_key: 'licence', value_key: key, asset_id: id }).execute();
      }
      expect(await migrateToLatest(db, Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => n <= name)))).toEqual([name]);
      const stored = Object.fromEntries((await db.selectFrom('asset_unique_values').select(['asset_id', 'value_key']).execute()).map((r) => [r.asset_id, r.value_key]));
      expect(stored).toEqual(Object.fromEntries(Object.entries(keys).map(([id, key]) => [id, storedClaimKey(key)])));
      expect(stored['long']).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(stored['wide']).toMatch(/^sha256:/);
      expect(stored['edge']).toBe(keys.edge);
    } finally {
      await dispose();
    }
  });
});
