import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CLI_ENGINES, type CliDatabase, ROOT, runCli, withDb } from './support/cli.js';

/**
 * A CUSTODIA_DATA_DIR pointing to the wrong place: commands that read or verify a register refuse, and create nothing
 * there (no database, no signing key), instead of answering from a new empty register.
 */
describe('commands on a data directory without a database (sqlite)', () => {
  let scratch: CliDatabase;
  let nowhere: string;
  const env = () => ({ CUSTODIA_DATA_DIR: nowhere });

  beforeAll(async () => {
    scratch = await CLI_ENGINES[0]!.create();
    nowhere = join(scratch.dir, 'mistyped');
    writeFileSync(join(scratch.dir, 'assets.csv'), 'tag,name,type\nX-1,One,laptop\n');
    writeFileSync(join(scratch.dir, 'feed.csv'), 'hostname,serial\nhost-1,SN-1\n');
  });
  afterAll(async () => { await scratch?.dispose(); });

  it.each([
    ['export', 'assets'],
    ['history', 'verify'],
    ['history', 'public-key'],
    ['history', 'checkpoint'],
    ['backup', 'BACKUP'],
    ['import', 'assets', 'ASSETS'],
    ['inventory', 'import', 'FEED', '--no-progress'],
    ['token', 'create', 'alice'],
    ['account', 'password', 'alice'],
    ['attachment', 'list', 'LAP-000001'],
    ['attachment', 'purge'],
    ['keys', 'rotate'],
  ])('%s %s refuses and creates nothing', async (...args) => {
    const files: Record<string, string> = { BACKUP: join(scratch.dir, 'backup.db'), ASSETS: join(scratch.dir, 'assets.csv'), FEED: join(scratch.dir, 'feed.csv') };
    const r = await runCli(args.map((a) => files[a] ?? a), env());
    expect(r.stderr).toBe(`custodia: DATABASE_NOT_FOUND: No Custodia database at ${join(nowhere, 'custodia.db')}: check CUSTODIA_DATA_DIR or DATABASE_URL (custodia migrate creates a new one)\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(existsSync(nowhere)).toBe(false);
    expect(existsSync(files['BACKUP']!)).toBe(false);
  });

  it('account create sets up a new installation there, which the other commands then use', async () => {
    const created = await runCli(['account', 'create', 'alice', '--role', 'it_asset_manager'], env());
    expect(created.code, created.stderr).toBe(0);
    expect(existsSync(join(nowhere, 'custodia.db'))).toBe(true);
    const verified = await runCli(['history', 'verify'], env());
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^History intact: \d+ events verified/);
  });

  it.each([['migrate'], ['export', 'assets'], ['history', 'verify']])('%s names a file that is not a database, and leaves it as it was', async (...args) => {
    const notDatabase = join(scratch.dir, 'notes.db');
    writeFileSync(notDatabase, 'not a database at all\n'.repeat(100));
    const r = await runCli(args, { DATABASE_URL: notDatabase });
    expect(r.stderr).toBe(`custodia: DATABASE_UNAVAILABLE: Cannot open the SQLite database at ${notDatabase}: file is not a database (SQLITE_NOTADB)\n`);
    expect(r.code).toBe(1);
    expect(readFileSync(notDatabase, 'utf8')).toBe('not a database at all\n'.repeat(100));
  });

  it.each([['migrate'], ['export', 'assets'], ['account', 'create', 'alice']])('%s names the PostgreSQL server it cannot reach, never the password, and makes no key', async (...args) => {
    // No key configured: opening a database makes its key file, which a server out of reach must not leave behind.
    const dataDir = join(scratch.dir, 'pg-data');
    const r = await runCli(args, { DATABASE_URL: 'postgres://custodia:s3cret@127.0.0.1:1/custodia', CUSTODIA_DATA_DIR: dataDir, CUSTODIA_ENCRYPTION_KEY: '' });
    expect(r.stderr).toBe('custodia: DATABASE_UNAVAILABLE: Cannot open the PostgreSQL database custodia on 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it.each([['migrate'], ['export', 'assets'], ['account', 'create', 'alice']])('%s refuses a DATABASE_URL of another engine instead of making a SQLite file named after it', async (...args) => {
    const r = await runCli(args, { DATABASE_URL: 'mysql://custodia@db.example/custodia' });
    expect(r.stderr).toBe('custodia: INVALID_SETTING: DATABASE_URL must be a postgres:// or postgresql:// URL, a sqlite: URL or a file path (got a mysql:// URL)\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(existsSync(join(ROOT, 'mysql:'))).toBe(false);
  });
});

/**
 * DATABASE_URL naming a PostgreSQL database Custodia never set up (the wrong one, or the right one before `migrate`):
 * the same commands refuse, and install nothing there (no tables) or next to it (no signing key).
 */
describe.each(CLI_ENGINES.filter((e) => e.name === 'postgres'))('commands on a PostgreSQL database without a register ($name)', (engine) => {
  let empty: CliDatabase;
  let dataDir: string;
  const env = () => ({ ...empty.env, CUSTODIA_DATA_DIR: dataDir });

  beforeAll(async () => {
    empty = await engine.create();
    dataDir = join(empty.dir, 'data');
    writeFileSync(join(empty.dir, 'feed.csv'), 'hostname,serial\nhost-1,SN-1\n');
  });
  afterAll(async () => { await empty?.dispose(); });

  const tables = () => withDb(empty, async (db) => Number((await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = current_schema()`.execute(db)).rows[0]!.n));

  it.each([
    ['export', 'assets'],
    ['history', 'verify'],
    ['history', 'public-key'],
    ['history', 'checkpoint'],
    ['inventory', 'import', 'FEED'],
    ['token', 'create', 'alice'],
    ['account', 'password', 'alice'],
    ['keys', 'rotate'],
  ])('%s %s refuses and sets up nothing', async (...args) => {
    const r = await runCli(args.map((a) => (a === 'FEED' ? join(empty.dir, 'feed.csv') : a)), env(), { input: '' });
    expect(r.stderr).toMatch(/^custodia: DATABASE_NOT_FOUND: No Custodia register in the PostgreSQL database \w+ on [\w.:]+: check DATABASE_URL \(custodia migrate sets up a new one\)\n$/);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(await tables()).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('names a PostgreSQL database that does not exist', async () => {
    const url = new URL(empty.env.DATABASE_URL);
    url.pathname = '/custodia_no_such_database';
    const r = await runCli(['export', 'assets'], { DATABASE_URL: url.toString() });
    expect(r.stderr).toBe(`custodia: DATABASE_UNAVAILABLE: Cannot open the PostgreSQL database custodia_no_such_database on ${url.host}: database "custodia_no_such_database" does not exist (3D000)\n`);
    expect(r.code).toBe(1);
  });

  it('migrate sets the register up, which the other commands then use', async () => {
    expect((await runCli(['migrate'], env())).code).toBe(0);
    const verified = await runCli(['history', 'verify'], env());
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^History intact: \d+ events verified/);
  });
});
