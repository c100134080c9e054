import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { ENGINES } from './support/databases.js';

// In CI every database test must also run on PostgreSQL: a CI run where it was skipped fails here.
describe('test engines', () => {
  it('includes PostgreSQL whenever CI is set', () => {
    if (process.env['CI'] !== 'true') return;
    expect(process.env['CUSTODIA_TEST_DATABASE_URL'], 'CUSTODIA_TEST_DATABASE_URL must be set in CI').toBeTruthy();
    expect(ENGINES.map((e) => e.name)).toEqual(['sqlite', 'postgres']);
  });

  it('reaches PostgreSQL when configured', async () => {
    const url = process.env['CUSTODIA_TEST_DATABASE_URL'];
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const r = await client.query('select current_setting($1) as v', ['server_version_num']);
    await client.end();
    expect(Number(r.rows[0].v)).toBeGreaterThanOrEqual(150000);
  });
});
