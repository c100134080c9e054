import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOf } from '@custodia/domain';
import { CLI_ENGINES, type CliDatabase, runCli, withDb } from './support/cli.js';

/**
 * `custodia report quality-snapshot` records today's data-quality figures, the organisation's today (here Kiritimati,
 * fourteen hours ahead of UTC), as the server's hourly job does; run again the same day it replaces them.
 */
describe.each(CLI_ENGINES)('custodia report quality-snapshot ($name)', (engine) => {
  let database: CliDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await engine.create();
    env = { ...database.env, CUSTODIA_TIME_ZONE: 'Pacific/Kiritimati' };
    expect((await runCli(['seed-demo', '--assets', '12', '--people', '5'], env)).code).toBe(0);
  });
  afterAll(async () => { await database?.dispose(); });

  it('records one row per owner unit and figure for the organisation\'s today, and the same rows when run again', async () => {
    const units = await withDb(database, async (db) => (await db.selectFrom('assets').select('owner_org_unit_id').distinct().execute()).length);
    for (const run of [1, 2]) {
      const r = await runCli(['report', 'quality-snapshot'], env);
      expect(r.code, r.stderr).toBe(0);
      const day = dateOf(new Date(), 'Pacific/Kiritimati');
      expect(r.stdout, `run ${run}`).toBe(`Recorded the data-quality figures of ${day}: 12 assets, in ${units} group${units === 1 ? '' : 's'} by owner org unit.\n`);
      const rows = await withDb(database, (db) => db.selectFrom('data_quality_snapshots').select(['day', 'figure', 'assets']).execute());
      expect(rows.length, `run ${run}`).toBe(units * 7);
      expect(new Set(rows.map((row) => String(row.day)))).toEqual(new Set([day]));
      expect(rows.filter((row) => row.figure === 'no_location').reduce((sum, row) => sum + Number(row.assets), 0)).toBe(12);
    }
  });
});
