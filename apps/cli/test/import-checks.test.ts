import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, counts, runCli, toCsv } from './support/cli.js';

/** What `custodia import` checks before it writes, so that its exit code tells a script whether anything was imported. */
describe.each(CLI_ENGINES)('custodia import — checked before writing ($name)', (engine) => {
  let database: CliDatabase;
  const path = (name: string) => join(database.dir, name);

  beforeAll(async () => {
    database = await engine.create();
    expect((await runCli(['migrate'], database.env)).code).toBe(0);
  });
  afterAll(async () => { await database?.dispose(); });

  it('refuses a --report path it cannot write before importing anything; the same file then imports', async () => {
    const file = path('sites.csv');
    writeFileSync(file, toCsv([['name', 'code', 'kind'], ['Lyon', 'LYS', 'site'], ['Porto', 'OPO', 'site']]));
    mkdirSync(path('reports'));
    const before = await counts(database);
    for (const [report, reason] of [[path('no-such-dir/report.json'), 'ENOENT'], [path('reports'), 'EISDIR']] as const) {
      const r = await runCli(['import', 'locations', file, '--report', report, '--no-progress'], database.env);
      expect(r.stderr).toBe(`custodia: REPORT_NOT_WRITABLE: The report cannot be written to ${report} (${reason}); nothing was imported\n`);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(await counts(database)).toEqual(before);
    }
    expect(existsSync(path('no-such-dir'))).toBe(false);

    const report = path('reports/sites.json');
    const r = await runCli(['import', 'locations', file, '--report', report, '--no-progress'], database.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Imported 2 rows from sites.csv: 2 created, 0 updated, 0 unchanged or already present.\n');
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ applied: true, rows: 2, created: 2 });
    expect((await counts(database)).locations).toBe(before.locations + 2);
  });

  it('a dry run of a file already applied is refused as the real run would be, and an upsert dry run still answers', async () => {
    const file = path('rooms.csv');
    writeFileSync(file, toCsv([['name', 'code', 'kind'], ['Room 1', 'R-1', 'room']]));
    expect((await runCli(['import', 'locations', file, '--no-progress'], database.env)).code).toBe(0);
    const before = await counts(database);

    const dry = await runCli(['import', 'locations', file, '--dry-run', '--no-progress'], database.env);
    expect(dry.stderr).toMatch(/^custodia: IMPORT_ALREADY_APPLIED: This file was already imported \(import [0-9a-f-]{36}, .+\); re-run with mode upsert/);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toBe('');
    const real = await runCli(['import', 'locations', file, '--no-progress'], database.env);
    expect(real.stderr.split(' (import')[0]).toBe(dry.stderr.split(' (import')[0]);
    expect(real.code).toBe(1);

    const upsert = await runCli(['import', 'locations', file, '--dry-run', '--mode', 'upsert', '--no-progress'], database.env);
    expect(upsert.code, upsert.stderr).toBe(0);
    expect(upsert.stdout).toBe('Dry run: would import 1 row from rooms.csv: 0 created, 0 updated, 1 unchanged or already present.\n');
    expect(await counts(database)).toEqual(before);
  });
});
