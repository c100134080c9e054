import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES, type TestDatabase } from '../../../../test/support/databases.js';
import { openImportDb } from '../../../../test/support/import.js';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { type DiscrepancyInput, raiseDiscrepancy } from './discrepancy-store.js';

/**
 * A subject reported again while a person settles its open discrepancy (PostgreSQL, where the two run at once): what it
 * was settled on is never written over, and the report is judged as one of a closed subject (queued anew here: its
 * value differs from the one dismissed).
 */
describe.each(ENGINES)('raising a discrepancy while it is settled ($name)', (engine) => {
  let db: TestDatabase;
  let ctx: Context;
  beforeAll(async () => { ({ db, ctx } = await openImportDb(engine)); });
  afterAll(async () => { await db.close(); });

  const input = (value: string): DiscrepancyInput => ({
    kind: 'attribute_mismatch', dedupeKey: 'attribute_mismatch:race:hostname', assetId: null, deviceId: null, orgUnitId: null, field: 'hostname',
    registerValue: 'pc-1', discoveredValue: value, evidence: { seen: value }, summary: `Host name ${value}`,
  });
  const raise = (value: string) => runChange(ctx, null, async (tx, now) => ({ result: null, events: await raiseDiscrepancy(tx, input(value), now, now.slice(0, 10)) }));
  const rows = () => db.db.selectFrom('discrepancies').select(['id', 'status', 'discovered_value', 'detected_at', 'version']).where('dedupe_key', '=', 'attribute_mismatch:race:hostname').orderBy('created_at').execute();

  it.runIf(engine.name === 'postgres')('a report arriving while the open one is dismissed is queued anew, never written into the dismissed one', async () => {
    await raise('pc-1.example');
    const [first] = await rows();
    let commit!: () => void;
    const held = new Promise<void>((resolve) => { commit = resolve; });
    let written!: () => void;
    const dismissed = new Promise<void>((resolve) => { written = resolve; });
    const person = db.db.transaction().execute(async (trx) => {
      await trx.updateTable('discrepancies').set({ status: 'resolved', resolution: 'dismiss', resolution_note: 'Checked', resolved_by: 'tester', resolved_at: new Date().toISOString(), version: Number(first!.version) + 1 })
        .where('id', '=', first!.id).execute();
      written();
      await held;
    });
    await dismissed;
    const reported = raise('pc-2.example');
    for (let waited = 0; ; waited += 20) {
      const { rows: waiting } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db.db);
      if (waiting[0]!.n > 0) break;
      if (waited > 10_000) throw new Error('the report never waited for the dismissal');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    commit();
    await person;
    await reported;

    const after = await rows();
    expect(after.map((r) => r.status)).toEqual(['resolved', 'open']);
    expect(after[0]).toMatchObject({ id: first!.id, detected_at: first!.detected_at, discovered_value: first!.discovered_value });
    expect(JSON.stringify(after[1]!.discovered_value)).toContain('pc-2.example');
  });
});
