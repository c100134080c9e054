import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, runCli, withDb } from './support/cli.js';

const PASSWORD = 'correct horse battery staple 42';

/** What the database holds about accounts: the rows an account creation writes. */
async function accountRows(database: CliDatabase) {
  return withDb(database, async (db) => ({
    accounts: (await db.selectFrom('accounts').select(['login', 'password_hash']).orderBy('login').execute()).map((a) => ({ login: a.login, hasPassword: a.password_hash !== null })),
    grants: Number((await db.selectFrom('role_grants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    events: Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  }));
}

/** `custodia account create`: the account, its password and its roles are made together or not at all. */
describe.each(CLI_ENGINES)('custodia account create ($name)', (engine) => {
  let database: CliDatabase;
  let orgUnit: string;

  beforeAll(async () => {
    database = await engine.create();
    expect((await runCli(['seed-demo', '--assets', '1', '--people', '1'], database.env)).code).toBe(0);
    orgUnit = await withDb(database, async (db) => (await db.selectFrom('org_units').select('id').where('code', '=', 'ACME').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => { await database?.dispose(); });

  it.each([
    { refused: 'an unknown role', role: 'nosuchrole', message: 'REFERENCE_NOT_FOUND: No role nosuchrole' },
    { refused: 'an unknown org unit', role: 'custodian@nosuch', message: 'REFERENCE_NOT_FOUND: No such org unit' },
    { refused: 'the same role twice', role: 'it_asset_manager', message: 'CONFLICT: The account already holds this role on this scope' },
  ])('refuses $refused and creates nothing, so the corrected command then succeeds', async ({ role, message }) => {
    const before = await accountRows(database);
    const login = `op-${before.accounts.length}`;
    const refused = await runCli(['account', 'create', login, '--role', 'it_asset_manager', '--role', role, '--password-stdin'], database.env, { input: `${PASSWORD}\n` });
    expect(refused.stderr).toBe(`custodia: ${message}\n`);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(await accountRows(database)).toEqual(before);

    const corrected = await runCli(['account', 'create', login, '--role', 'it_asset_manager', '--role', `custodian@${orgUnit}`, '--password-stdin'], database.env, { input: `${PASSWORD}\n` });
    expect(corrected.code, corrected.stderr).toBe(0);
    expect(corrected.stdout).toMatch(new RegExp(`^Created account ${login} \\(.+\\) with it_asset_manager, custodian@${orgUnit}\\n$`));
    const after = await accountRows(database);
    expect(after.accounts).toContainEqual({ login, hasPassword: true });
    expect(after.grants - before.grants).toBe(2);
    // One event for the account, one per grant.
    expect(after.events - before.events).toBe(3);
  });

  it('account password takes --password-stdin as account create does, and sets the password read', async () => {
    const hash = () => withDb(database, async (db) => (await db.selectFrom('accounts').select('password_hash').where('login', '=', 'op-0').executeTakeFirstOrThrow()).password_hash);
    const before = await hash();
    const r = await runCli(['account', 'password', 'op-0', '--password-stdin'], database.env, { input: 'another long passphrase 77\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Password of op-0 set; its sessions were ended and its API tokens revoked.\n');
    expect(await hash()).not.toBe(before);
  });

  it('account password revokes the API tokens unless told to keep them (a forgotten password, nothing stolen)', async () => {
    const live = () => withDb(database, async (db) => (await db.selectFrom('api_tokens').innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
      .select('api_tokens.id').where('accounts.login', '=', 'op-0').where('api_tokens.revoked_at', 'is', null).execute()).length);
    expect((await runCli(['token', 'create', 'op-0', '--name', 'script'], database.env)).code).toBe(0);
    expect(await live()).toBe(1);
    const kept = await runCli(['account', 'password', 'op-0', '--password-stdin', '--keep-api-tokens'], database.env, { input: 'another long passphrase 78\n' });
    expect(kept.stdout).toBe('Password of op-0 set; its sessions were ended.\n');
    expect(await live()).toBe(1);
    expect((await runCli(['account', 'password', 'op-0', '--password-stdin'], database.env, { input: 'another long passphrase 79\n' })).code).toBe(0);
    expect(await live()).toBe(0);
  });
});
