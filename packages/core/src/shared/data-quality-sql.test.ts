import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { openImportDb } from '../../../../test/support/import.js';
import { pgBitmapPlan, sqlitePlan } from '../../../../test/support/query-plan.js';
import { dataQualityCondition } from './data-quality-sql.js';

/**
 * The `no_proof_of_purchase` check asks, per acquired asset, whether a live invoice or proof of purchase is attached:
 * that must be one look-up in the index of live files by asset and category, never a scan of the attachments, or the
 * register's filter and the dashboard slow down with every file kept.
 */
describe.each(ENGINES)('data-quality conditions ($name)', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => { ({ db } = await openImportDb(engine)); });
  afterAll(async () => { await db.dispose(); });

  const query = async () => {
    const condition = await dataQualityCondition(db.db, engine.name as 'sqlite' | 'postgres', 'no_proof_of_purchase', '2026-12-01');
    return db.db.selectFrom('assets').select('assets.id').where(condition);
  };

  it.runIf(engine.name === 'sqlite')('no_proof_of_purchase probes the live attachments of each asset by (asset, category)', async () => {
    const plan = await sqlitePlan(db, await query());
    expect(plan).toMatch(/SEARCH attachments USING (COVERING )?INDEX attachments_asset_category \(asset_id=\? AND category=\?\)/);
    expect(plan).not.toMatch(/SCAN attachments/);
  });

  it.runIf(engine.name === 'postgres')('no_proof_of_purchase reads the attachments through an index', async () => {
    const plan = await pgBitmapPlan(db, (await query()).compile());
    expect(plan).toMatch(/attachments_asset_category/);
    expect(plan).not.toMatch(/Seq Scan on attachments/);
  });
});
