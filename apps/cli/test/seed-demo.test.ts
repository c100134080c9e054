import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, counts, runCli } from './support/cli.js';

/** `custodia seed-demo` fills only an empty register, with the numbers it is given. */
describe('custodia seed-demo (sqlite)', () => {
  let database: CliDatabase;

  beforeAll(async () => { database = await CLI_ENGINES[0]!.create(); });
  afterAll(async () => { await database?.dispose(); });

  it.each([
    { option: '--people', value: 'abc', range: 'of at least 1' },
    { option: '--people', value: '0', range: 'of at least 1' },
    { option: '--assets', value: '-5', range: 'of at least 0' },
    { option: '--assets', value: '2.5', range: 'of at least 0' },
    { option: '--seed', value: 'x', range: 'from 0 to 4294967295' },
  ])('refuses $option $value before anything is created', async ({ option, value, range }) => {
    const r = await runCli(['seed-demo', option, value], database.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: option '${option} <n>' argument '${value}' is invalid. Expected a whole number ${range}.\n`);
    expect(existsSync(join(database.dir, 'custodia.db'))).toBe(false);
  });

  it('refuses a register that holds reference data but no assets, and writes nothing', async () => {
    const file = join(database.dir, 'locations.csv');
    writeFileSync(file, 'name,code,kind\nHead office,HQ,site\n');
    expect((await runCli(['migrate'], database.env)).code).toBe(0);
    const imported = await runCli(['import', 'locations', file, '--no-progress'], database.env);
    expect(imported.code, imported.stderr).toBe(0);
    const before = await counts(database);

    const r = await runCli(['seed-demo', '--assets', '5', '--people', '3'], database.env);
    expect(r.stderr).toBe('custodia: CONFLICT: The register already holds 1 location; seed-demo only fills an empty register\n');
    expect(r.code).toBe(1);
    expect(await counts(database)).toEqual(before);
  });
});
