import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, CLI_ENGINES, type CliDatabase, ROOT, cliEnv, runCli } from './support/cli.js';

/** `custodia export assets -o FILE`: FILE is replaced only by a complete export, and never by surprise. */
describe('custodia export assets -o FILE (sqlite)', () => {
  let database: CliDatabase;
  const file = (name: string) => join(database.dir, name);

  beforeAll(async () => {
    database = await CLI_ENGINES[0]!.create();
    expect((await runCli(['seed-demo', '--assets', '5', '--people', '3'], database.env)).code).toBe(0);
  });
  afterAll(async () => { await database?.dispose(); });

  it('refuses a FILE that exists, and replaces it with --force', async () => {
    const out = file('taken.csv');
    writeFileSync(out, 'keep me\n');
    const refused = await runCli(['export', 'assets', '-o', out], database.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`custodia: CONFLICT: ${out} already exists; choose a new file name or add --force to replace it\n`);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');

    const forced = await runCli(['export', 'assets', '-o', out, '--force'], database.env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toBe(`Exported 5 assets to ${out}\n`);
    expect(readFileSync(out, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(6);
  });

  it.each([
    { filter: ['--org-unit', 'nosuch'], message: 'NOT_FOUND: No org unit with id nosuch' },
    { filter: ['--location', 'nosuch'], message: 'NOT_FOUND: No location with id nosuch' },
    { filter: ['--type', 'nosuch'], message: 'NOT_FOUND: Unknown asset type "nosuch"' },
    { filter: ['--stage', 'bogus'], message: expect.stringMatching(/^NOT_FOUND: Unknown stage "bogus"; the lifecycle models' stages are (\w+, )+in_use, /) },
  ])('a failing export ($filter) leaves FILE as it was, even with --force, and no temporary file behind', async ({ filter, message }) => {
    const out = file('kept.csv');
    writeFileSync(out, 'the previous export\n');
    const before = readdirSync(database.dir).sort();
    for (const format of ['csv', 'xlsx']) {
      const r = await runCli(['export', 'assets', '--format', format, '-o', out, '--force', ...filter], database.env);
      expect(r.code).toBe(1);
      expect(r.stderr.replace(/^custodia: |\n$/g, '')).toEqual(message);
      expect(readFileSync(out, 'utf8')).toBe('the previous export\n');
      expect(readdirSync(database.dir).sort()).toEqual(before);
    }
    // Nor does standard output get a header before the refusal.
    const toStdout = await runCli(['export', 'assets', ...filter], database.env);
    expect(toStdout.code).toBe(1);
    expect(toStdout.stdout).toBe('');
  });

  it('writes straight into a device: -o /dev/stdout redirected by the shell into a file that exists', async () => {
    const out = file('redirected.xlsx');
    writeFileSync(out, 'the previous export\n');
    execFileSync('sh', ['-c', `"${process.execPath}" "${CLI}" export assets --format xlsx -o /dev/stdout > "${out}"`], { cwd: ROOT, env: cliEnv(database.env), stdio: ['ignore', 'ignore', 'pipe'] });
    // An XLSX file is a ZIP archive.
    expect(readFileSync(out).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  });
});
