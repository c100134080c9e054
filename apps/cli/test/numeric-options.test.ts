import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, runCli, withDb } from './support/cli.js';

const rowCount = (database: CliDatabase, table: 'attachment_chunks' | 'api_tokens') =>
  withDb(database, async (db) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));

/** Numeric options take whole numbers in their range; anything else is a usage error before anything is done. */
describe('numeric options (sqlite)', () => {
  let database: CliDatabase;

  beforeAll(async () => {
    database = await CLI_ENGINES[0]!.create();
    expect((await runCli(['seed-demo', '--assets', '1', '--people', '1'], database.env)).code).toBe(0);
    expect((await runCli(['account', 'create', 'alice'], database.env)).code).toBe(0);
    const file = join(database.dir, 'note.txt');
    writeFileSync(file, 'Delivered in good order.\n');
    const tag = await withDb(database, async (db) => (await db.selectFrom('assets').select('tag').executeTakeFirstOrThrow()).tag);
    const added = await runCli(['attachment', 'add', tag, file], database.env);
    expect(added.code, added.stderr).toBe(0);
    // Deleted a moment ago: its content is within any retention window.
    await withDb(database, (db) => db.updateTable('attachments').set({ deleted_at: new Date().toISOString(), deleted_by: 'cli:test', delete_reason: 'test' }).execute());
  });
  afterAll(async () => { await database?.dispose(); });

  it.each(['-1', 'abc', '1.5', ''])('attachment purge --retention-days %j is refused and purges nothing', async (value) => {
    const chunks = await rowCount(database, 'attachment_chunks');
    const r = await runCli(['attachment', 'purge', '--retention-days', value], database.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: option '--retention-days <n>' argument '${value}' is invalid. Expected a whole number from 0 to 36500.\n`);
    expect(await rowCount(database, 'attachment_chunks')).toBe(chunks);
  });

  it('a retention setting that is not a whole number of at least 1 is refused and purges nothing', async () => {
    const chunks = await rowCount(database, 'attachment_chunks');
    const r = await runCli(['attachment', 'purge'], { ...database.env, CUSTODIA_ATTACHMENT_RETENTION_DAYS: '-1' });
    expect(r.stderr).toBe('custodia: INVALID_SETTING: CUSTODIA_ATTACHMENT_RETENTION_DAYS must be a whole number of at least 1 (got "-1")\n');
    expect(r.code).toBe(1);
    expect(await rowCount(database, 'attachment_chunks')).toBe(chunks);
    expect(chunks).toBeGreaterThan(0);
  });

  it.each(['0', '-3', 'abc', '367'])('token create --days %s is refused and prints no token', async (value) => {
    const r = await runCli(['token', 'create', 'alice', '--days', value], database.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: option '--days <n>' argument '${value}' is invalid. Expected a whole number from 1 to 366.\n`);
    expect(await rowCount(database, 'api_tokens')).toBe(0);
  });

  it.each(['abc', '70000', '-1'])('serve --port %s is refused before the server starts', async (value) => {
    const r = await runCli(['serve', '--port', value], database.env, { timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: option '-p, --port <port>' argument '${value}' is invalid. Expected a whole number from 0 to 65535.\n`);
  });
});
