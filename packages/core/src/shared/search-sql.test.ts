import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase, hasPostgres } from '../../../../test/support/databases.js';
import { openImportDb } from '../../../../test/support/import.js';
import { capturingQueries, pgBitmapPlan } from '../../../../test/support/query-plan.js';
import type { Context } from './context.js';
import { createAsset } from '../assets/create-asset.js';
import { listAssets } from '../assets/list-assets.js';
import { listDevices } from '../discovery/devices.js';
import { sql } from 'kysely';
import { SEARCH_INDEXES } from '@custodia/data';


/**
 * A trigram index serves a search only if the query's expression is the index's, constants included; a difference
 * (quoting aside) silently brings back a scan of the table. The plans are read with scans priced out, so they show
 * which indexes can serve the search at all, whatever the size of the test's tables.
 */
// Skipped, not empty, without PostgreSQL: a file whose suites are all missing fails the run.
describe.skipIf(!hasPostgres)('free-text search through the trigram indexes (postgres)', () => {
  let db: TestDatabase;
  let ctx: Context;
  beforeAll(async () => { ({ db, ctx } = await openImportDb(ENGINES.find((e) => e.name === 'postgres')!)); });
  afterAll(async () => { await db.dispose(); });

  /** The plan of the query `use` sends whose text holds `marker`. */
  async function planOf(use: (c: Context) => Promise<unknown>, marker: string): Promise<string> {
    const { queries } = await capturingQueries(db, (database) => use({ ...ctx, database }));
    const query = queries.find((q) => q.sql.includes(marker));
    expect(query, `no query with ${marker}`).toBeDefined();
    return pgBitmapPlan(db, query!);
  }

  it('the register search reads the tag, serial and folded-name indexes', async () => {
    const laptop = (await db.db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id;
    await createAsset(ctx, { assetTypeId: laptop, name: 'Écran Müller', serial: 'SN-77' });
    await createAsset(ctx, { assetTypeId: laptop, name: 'Weißer Straßenkreuzer' });
    for (const q of ['ecran muller', 'sn-77', 'LAP-0', 'STRASSEN']) {
      const plan = await planOf((c) => listAssets(c, { q, limit: 50, sort: 'tag', includeTotal: 'true' } as never), 'translate(');
      expect(plan).toMatch(/Bitmap Index Scan on assets_search_keys_trgm/);
      expect(plan).toMatch(/Bitmap Index Scan on assets_name_fold_trgm/);
      expect(plan).not.toMatch(/Seq Scan on assets/);
    }
    // And it finds what it should, accents and case aside, by tag or serial but never across the two.
    const names = async (q: string) => (await listAssets(ctx, { q, limit: 50, sort: 'tag' } as never)).items.map((a) => a.name);
    expect(await names('ecran muller')).toEqual(['Écran Müller']);
    expect(await names('weisser strassen')).toEqual(['Weißer Straßenkreuzer']);
    expect(await names('sn-77')).toEqual(['Écran Müller']);
    const tag = (await listAssets(ctx, { q: 'sn-77', limit: 1, sort: 'tag' } as never)).items[0]!.tag;
    expect(await names(tag.toLowerCase())).toEqual(['Écran Müller']);
    expect(await names(`${tag.slice(-2)}sn`)).toEqual([]);
    expect(await names(`${tag.slice(-2)}\u0001sn`)).toEqual([]);
  });

  it('no trigram index is on a bare column, so exact look-ups keep to their B-trees', async () => {
    // pg_trgm's operator class answers `=` too. On a bare column the planner, with the statistics of a table still
    // being filled, chose it for the importer's look-ups by tag; an index on an expression no look-up uses cannot be.
    const keys = await sql<{ name: string; columns: string }>`
      select c.relname as name, i.indkey::text as columns from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relnamespace = current_schema()::regnamespace and c.relname like '%\_trgm'`.execute(db.db);
    expect(keys.rows.map((r) => r.name).sort()).toEqual(SEARCH_INDEXES.map((i) => i.name).sort());
    // Column number 0 stands for an expression.
    for (const row of keys.rows) expect(row, row.name).toMatchObject({ columns: '0' });
  });

  it('the device search reads the host name, serial and operating system indexes', async () => {
    const plan = await planOf((c) => listDevices(c, { q: 'debian', limit: 50 } as never), 'translate(');
    expect(plan).toMatch(/Bitmap Index Scan on discovered_devices_hostname_fold_trgm/);
    expect(plan).toMatch(/Bitmap Index Scan on discovered_devices_serial_trgm/);
    expect(plan).toMatch(/Bitmap Index Scan on discovered_devices_os_fold_trgm/);
    expect(plan).not.toMatch(/Seq Scan on discovered_devices/);
  });
});
