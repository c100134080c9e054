import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, hasScript, runCli, runOnTerminal, withDb } from './support/cli.js';

const PASSWORD = 'correct horse battery staple 42';

/** Everything an account command may write: accounts, grants, tokens, history events and security-log entries. */
async function written(database: CliDatabase) {
  return withDb(database, async (db) => {
    const count = async (table: 'accounts' | 'role_grants' | 'api_tokens' | 'events' | 'security_log') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { accounts: await count('accounts'), grants: await count('role_grants'), tokens: await count('api_tokens'), events: await count('events'), securityLog: await count('security_log') };
  });
}

/** The operator's account commands obey the API's rules and leave the same trace in the security log. */
describe.each(CLI_ENGINES)('custodia account: the API\'s rules and the security log ($name)', (engine) => {
  let database: CliDatabase;

  beforeAll(async () => {
    database = await engine.create();
    expect((await runCli(['migrate'], database.env)).code).toBe(0);
  });
  afterAll(async () => { await database?.dispose(); });

  it.each([
    { refused: 'an empty login', args: ['account', 'create', ''], message: 'VALIDATION_FAILED: LOGIN: Too small: expected string to have >=1 characters; LOGIN: no spaces; may be an e-mail address; nothing was created' },
    { refused: 'a login with a space', args: ['account', 'create', 'ann smith'], message: 'VALIDATION_FAILED: LOGIN: no spaces; may be an e-mail address; nothing was created' },
    { refused: 'an invalid e-mail address', args: ['account', 'create', 'ann', '--email', 'not-an-address'], message: 'VALIDATION_FAILED: --email: Invalid email address; nothing was created' },
    { refused: 'an empty display name', args: ['account', 'create', 'ann', '--name', ''], message: 'VALIDATION_FAILED: --name: must not be empty; nothing was created' },
    { refused: 'a role with two scopes', args: ['account', 'create', 'ann', '--role', 'custodian@a@b'], message: 'VALIDATION_FAILED: --role "custodian@a@b": expected a role key, or KEY@ORG_UNIT_ID for a subtree; nothing was created' },
    { refused: '--password-stdin with nothing piped in', args: ['account', 'create', 'ann', '--role', 'it_asset_manager', '--password-stdin'], input: '', message: 'PASSWORD_REJECTED: Standard input holds no password; nothing was written' },
    { refused: '--password-stdin with an empty line', args: ['account', 'create', 'ann', '--password-stdin'], input: '\n', message: 'PASSWORD_REJECTED: Standard input holds no password; nothing was written' },
    { refused: 'a token with an empty name', args: ['token', 'create', 'ann', '--name', ''], message: 'VALIDATION_FAILED: --name: must not be empty; nothing was created' },
  ])('refuses $refused as the API does, and writes nothing', async ({ args, input, message }) => {
    const before = await written(database);
    const r = await runCli(args, database.env, input === undefined ? {} : { input });
    expect(r.stderr).toBe(`custodia: ${message}\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(await written(database)).toEqual(before);
  });

  it('records the account, each grant and each token it issues in the security log, by the operator', async () => {
    const created = await runCli(['account', 'create', 'ops', '--role', 'it_asset_manager', '--role', 'auditor', '--password-stdin'], database.env, { input: `${PASSWORD}\n` });
    expect(created.code, created.stderr).toBe(0);
    expect((await runCli(['token', 'create', 'ops', '--name', 'backup script'], database.env)).code).toBe(0);
    const entries = await withDb(database, async (db) => {
      const account = await db.selectFrom('accounts').select('id').where('login', '=', 'ops').executeTakeFirstOrThrow();
      const rows = await db.selectFrom('security_log').select(['kind', 'outcome', 'login', 'detail']).where('account_id', '=', account.id).orderBy('id').execute();
      return rows.map((r) => ({ ...r, detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail }));
    });
    expect(entries).toEqual([
      { kind: 'account.create', outcome: 'success', login: 'ops', detail: { by: 'cli:cli-test' } },
      { kind: 'grant.add', outcome: 'success', login: null, detail: { by: 'cli:cli-test', role: 'it_asset_manager', orgUnitId: null } },
      { kind: 'grant.add', outcome: 'success', login: null, detail: { by: 'cli:cli-test', role: 'auditor', orgUnitId: null } },
      { kind: 'token.create', outcome: 'success', login: null, detail: { tokenId: expect.any(String), access: 'read', by: 'cli:cli-test' } },
    ]);
  });

  it('account password refuses an empty standard input and leaves the password as it was', async () => {
    const hash = () => withDb(database, async (db) => (await db.selectFrom('accounts').select('password_hash').where('login', '=', 'ops').executeTakeFirstOrThrow()).password_hash);
    const before = { hash: await hash(), ...(await written(database)) };
    const r = await runCli(['account', 'password', 'ops'], database.env, { input: '' });
    expect(r.stderr).toBe('custodia: PASSWORD_REJECTED: Standard input holds no password; nothing was written\n');
    expect(r.code).toBe(1);
    expect({ hash: await hash(), ...(await written(database)) }).toEqual(before);
  });
});

describe.skipIf(!hasScript)('custodia account password on a terminal', () => {
  it('refuses at once, saying how to pipe the password in, instead of waiting for (and echoing) what is typed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodia-cli-tty-'));
    try {
      const env = { DATABASE_URL: join(dir, 'custodia.db') };
      expect((await runCli(['account', 'create', 'ops'], env)).code).toBe(0);
      const r = await runOnTerminal(['account', 'password', 'ops'], env);
      expect(r.code).toBe(1);
      expect(r.output).toContain('custodia: PASSWORD_NOT_PIPED: account password reads the password from standard input, which is a terminal here; pipe it in');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
