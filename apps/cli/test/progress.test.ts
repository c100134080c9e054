import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, hasScript, runCli, runOnTerminal, toCsv } from './support/cli.js';

/**
 * Progress of `import` and `inventory import`: a bar on standard error when it is a terminal (unless --no-progress);
 * nothing at all when it is piped or logged, where only the outcome and the problems belong.
 */
describe.each(CLI_ENGINES)('progress of long commands ($name)', (engine) => {
  let database: CliDatabase;
  let people: (name: string) => string;
  let feeds: string;

  beforeAll(async () => {
    database = await engine.create();
    expect((await runCli(['migrate'], database.env)).code).toBe(0);
    people = (name) => {
      const file = join(database.dir, `${name}.csv`);
      writeFileSync(file, toCsv([['name', 'email'], ...Array.from({ length: 50 }, (_, i) => [`Person ${i}`, `${name}-${i}@example.com`])]));
      return file;
    };
    feeds = join(database.dir, 'feeds');
    mkdirSync(feeds);
    for (const n of [1, 2, 3]) writeFileSync(join(feeds, `feed-${n}.csv`), `hostname,serial\nhost-${n},SN-PROGRESS-${n}\n`);
  });
  afterAll(async () => { await database?.dispose(); });

  it('writes no progress when standard error is not a terminal', async () => {
    const imported = await runCli(['import', 'people', people('piped')], database.env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toBe('');
    const inventories = await runCli(['inventory', 'import', feeds], database.env);
    expect(inventories.code, inventories.stderr).toBe(0);
    expect(inventories.stderr).toBe('');
    expect(inventories.stdout).toBe('Read 3 file(s): 3 created.\n');
  });

  it.skipIf(!hasScript)('shows a bar on a terminal, and none with --no-progress', async () => {
    const withBar = await runOnTerminal(['import', 'people', people('terminal')], database.env);
    expect(withBar.code, withBar.output).toBe(0);
    expect(withBar.output).toContain('importing 50 rows');
    const without = await runOnTerminal(['import', 'people', people('quiet'), '--no-progress'], database.env);
    expect(without.code, without.output).toBe(0);
    expect(without.output).not.toContain('importing');
    const inventories = await runOnTerminal(['inventory', 'import', feeds], database.env);
    expect(inventories.code, inventories.output).toBe(0);
    expect(inventories.output).toContain('inventories');
    expect(inventories.output).toContain('3/3');
  });
});
