import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, CLI_ENGINES, type CliDatabase, ROOT, cliEnv, runCli } from './support/cli.js';

/** Runs the CLI with a standard output whose reader has already gone (`custodia … | head` once head is done). */
function runIntoClosedPipe(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += String(d); });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** A reader that stops early is no failure: the command ends quietly, without a stack trace or "write EPIPE". */
describe('output into a closed pipe (sqlite)', () => {
  let database: CliDatabase;
  let tag = '';

  beforeAll(async () => {
    database = await CLI_ENGINES[0]!.create();
    expect((await runCli(['seed-demo', '--assets', '3', '--people', '2'], database.env)).code).toBe(0);
    tag = (await runCli(['export', 'assets'], database.env)).stdout.split('\r\n')[1]!.split(',')[0]!;
    expect(tag).toMatch(/^[A-Z]+-\d+$/);
    expect((await runCli(['attachment', 'add', tag, 'README.md'], database.env)).code).toBe(0);
  });
  afterAll(async () => { await database?.dispose(); });

  it.each([
    { command: 'export assets', args: () => ['export', 'assets'] },
    { command: 'attachment list', args: () => ['attachment', 'list', tag] },
    { command: 'history public-key', args: () => ['history', 'public-key'] },
  ])('$command ends with exit code 0 and says nothing', async ({ args }) => {
    const r = await runIntoClosedPipe(args(), database.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
