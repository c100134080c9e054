import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, CLI_ENGINES, type CliDatabase, ROOT, cliEnv, runCli } from './support/cli.js';

/** `custodia serve` on an empty database: a one-time set-up link, never a default password. */
describe.each(CLI_ENGINES)('first run of the server ($name)', (engine) => {
  let database: CliDatabase;
  let child: ChildProcess | null = null;
  beforeAll(async () => { database = await engine.create(); });
  afterAll(async () => {
    if (child) { child.kill('SIGTERM'); await new Promise((r) => child!.once('close', r)); }
    await database.dispose();
  });

  it('prints the set-up link; the token creates the first administrator once; the CLI then issues API tokens', async () => {
    child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: ROOT, env: cliEnv({ ...database.env, CUSTODIA_LOG_LEVEL: 'warn' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const link = await new Promise<{ base: string; token: string }>((done, fail) => {
      child!.stdout!.on('data', (d: Buffer) => {
        out += String(d);
        const base = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
        const token = /\/setup#token=(csu_[A-Za-z0-9_-]+)/.exec(out)?.[1];
        if (base && token) done({ base, token });
      });
      child!.on('exit', (code) => fail(new Error(`server exited (${code}): ${out}`)));
      setTimeout(() => fail(new Error(`no set-up link in: ${out}`)), 60_000);
    });
    expect(out).not.toMatch(/password:\s*\S/i);
    const post = (body: unknown) => fetch(`${link.base}/api/v1/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await fetch(`${link.base}/api/v1/assets`)).status).toBe(401);
    const created = await post({ token: link.token, login: 'admin', displayName: 'First admin', password: 'a long enough passphrase' });
    expect(created.status, await created.clone().text()).toBe(201);
    const cookie = String(created.headers.get('set-cookie')).split(';')[0]!;
    expect((await fetch(`${link.base}/api/v1/assets`, { headers: { cookie } })).status).toBe(200);
    expect((await post({ token: link.token, login: 'again', displayName: 'Again', password: 'a long enough passphrase' })).status).toBe(409);

    const token = await runCli(['token', 'create', 'admin', '--access', 'read', '--name', 'script'], database.env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^cst_/);
    expect((await fetch(`${link.base}/api/v1/assets`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } })).status).toBe(200);
    expect((await runCli(['token', 'create', 'nobody'], database.env)).code).not.toBe(0);
  }, 120_000);
});
