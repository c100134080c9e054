import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { FieldCipher, MIGRATIONS, migrateToLatest, openDatabase } from '@custodia/data';
import { CLI_ENGINES, type CliDatabase, counts, runCli, seedReferences, startServer, withDb, writerToken } from './support/cli.js';

/** Edits the first history event's reason behind the append-only trigger's back, then puts the trigger back as it was. */
function forgeFirstEvent(db: BetterSqlite3.Database, reason: string): void {
  const trigger = db.prepare("select sql from sqlite_master where name = 'events_no_update'").pluck().get() as string;
  db.exec('DROP TRIGGER events_no_update');
  db.prepare('update events set reason = ? where seq = (select min(seq) from events)').run(reason);
  db.exec(trigger);
}

/** The id a stored value names for this key. */
const keyIdOf = (key: Buffer) => new FieldCipher([key]).currentKeyId;
const keptCopies = (database: CliDatabase) => readdirSync(database.dir).filter((f) => f.startsWith('custodia.db.before-restore-'));

/**
 * `custodia restore`: a verified backup goes back in place of the SQLite database (the one it replaces is kept),
 * even under a running server, which answers from the restored register at once; anything doubtful changes nothing.
 */
describe.each(CLI_ENGINES.filter((e) => e.name === 'sqlite'))('custodia restore ($name)', (engine) => {
  let database: CliDatabase;
  let backup = '';
  let token = '';
  beforeAll(async () => {
    database = await engine.create();
    await seedReferences(database, 3);
    token = await writerToken(database);
    backup = join(database.dir, 'monday.db');
    const made = await runCli(['backup', backup], database.env);
    expect(made.code, made.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => { await database?.dispose(); });

  const tamperedCopy = (name: string, change: (db: BetterSqlite3.Database) => void) => {
    const path = join(database.dir, name);
    copyFileSync(backup, path);
    const db = new BetterSqlite3(path);
    try { change(db); } finally { db.close(); }
    return path;
  };

  it('refuses what it cannot trust, and without --yes only says what it would do; nothing changes', async () => {
    const before = await counts(database);
    const notDatabase = join(database.dir, 'notes.db');
    writeFileSync(notDatabase, 'not a database at all');
    // A forger who puts the append-only trigger back after editing an event: the schema is right, the chain is not.
    const edited = tamperedCopy('edited.db', (db) => forgeFirstEvent(db, 'rewritten'));
    const newer = tamperedCopy('newer.db', (db) => db.prepare("insert into schema_migrations (name, timestamp) values ('2099-01-01T0000_future', '2099-01-01')").run());
    const planted = tamperedCopy('planted.db', (db) => db.exec("create trigger grant_all after insert on assets begin update assets set notes = 'owned' where id = new.id; end"));
    const cases: [string, string[], number, string][] = [
      ['a backup with a trigger no migration makes', ['restore', planted, '--yes'], 1, 'holds a schema no version of Custodia makes (trigger grant_all: not made by Custodia)'],
      ['a missing file', ['restore', join(database.dir, 'none.db'), '--yes'], 1, 'no such file'],
      ['a file that is not a database', ['restore', notDatabase, '--yes'], 1, 'BACKUP_INVALID'],
      ['a backup whose history was edited', ['restore', edited, '--yes'], 1, 'history chain broken at event'],
      ['a backup of a newer version', ['restore', newer, '--yes'], 1, 'comes from a newer version of Custodia (migrations 2099-01-01T0000_future)'],
      ['the database itself', ['restore', database.env.DATABASE_URL, '--yes'], 1, 'is the database itself'],
    ];
    for (const [what, args, code, message] of cases) {
      const r = await runCli(args, database.env);
      expect([what, r.code, r.stdout]).toEqual([what, code, '']);
      expect(r.stderr, what).toContain(message);
    }
    const asked = await runCli(['restore', backup], database.env);
    expect(asked.code).toBe(2);
    expect(asked.stdout).toMatch(/^Would replace the database at .*custodia\.db with .*monday\.db \(0 assets, \d+ history events, verified\), keeping the current one aside\.\nRun again with --yes to restore\.\n$/);
    expect(await counts(database)).toEqual(before);
    expect(keptCopies(database)).toEqual([]);
  }, 120_000);

  it('leaves only the backup in its directory: no encryption key, no WAL files', async () => {
    const shelf = join(database.dir, 'shelf');
    mkdirSync(shelf);
    expect((await runCli(['backup', join(shelf, 'tuesday.db')], database.env)).code).toBe(0);
    expect((await runCli(['restore', join(shelf, 'tuesday.db')], database.env)).code).toBe(2);
    expect(readdirSync(shelf)).toEqual(['tuesday.db']);
  });

  it('refuses a damaged backup, a directory and a PostgreSQL dump by name, leaving nothing next to them', async () => {
    const before = await counts(database);
    const shelf = join(database.dir, 'refused');
    mkdirSync(join(shelf, 'a-folder'), { recursive: true });
    // The first pages of a WAL-mode database: SQLite reads its header, then finds the rest missing.
    const truncated = join(shelf, 'truncated.db');
    writeFileSync(truncated, readFileSync(backup).subarray(0, 8192));
    const dump = join(shelf, 'custodia.dump');
    writeFileSync(dump, Buffer.concat([Buffer.from('PGDMP'), randomBytes(200)]));
    const cases: [string, string][] = [
      [truncated, `BACKUP_INVALID: ${truncated} is not a readable SQLite database: database disk image is malformed`],
      [join(shelf, 'a-folder'), `NOT_A_FILE: ${join(shelf, 'a-folder')} is not a file; give the path of a backup made by custodia backup`],
      [dump, `BACKUP_INVALID: ${dump} is a PostgreSQL dump, not a backup of the SQLite database; restore it into PostgreSQL with pg_restore (or psql for a plain SQL dump)`],
    ];
    for (const [file, message] of cases) {
      const r = await runCli(['restore', file, '--yes'], database.env);
      expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `custodia: ${message}\n`]);
    }
    expect(readdirSync(shelf).sort()).toEqual(['a-folder', 'custodia.dump', 'truncated.db']);
    expect(await counts(database)).toEqual(before);
    expect(keptCopies(database)).toEqual([]);
  });

  it('brings a backup of an older version up to date', async () => {
    // A database as the version before the newest migration left it.
    const older = join(database.dir, 'older.db');
    const names = Object.keys(MIGRATIONS).sort();
    const made = await openDatabase({ engine: 'sqlite', path: older }, { migrate: false, readerThreads: 0 });
    try {
      await migrateToLatest(made.db, Object.fromEntries(names.slice(0, -1).map((n) => [n, MIGRATIONS[n]!])));
    } finally {
      await made.close();
    }
    const scratch: CliDatabase = { ...database, env: { DATABASE_URL: join(database.dir, 'scratch', 'custodia.db') } };
    const r = await runCli(['restore', older, '--yes'], scratch.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Restored .*older\.db \(0 assets, 0 history events, verified\) into .*scratch\/custodia\.db: 0 assets, 0 history events intact\.\n$/);
    const restored = new BetterSqlite3(scratch.env.DATABASE_URL, { readonly: true });
    try {
      expect((restored.prepare('select name from schema_migrations order by name').pluck().all())).toEqual(names);
    } finally {
      restored.close();
    }
  });

  it('restores over a database whose history was tampered with, and keeps that one aside as it is', async () => {
    const broken = tamperedCopy('broken-live.db', (db) => forgeFirstEvent(db, 'forged'));
    const live = join(database.dir, 'damaged', 'custodia.db');
    mkdirSync(join(database.dir, 'damaged'));
    copyFileSync(broken, live);
    expect((await runCli(['history', 'verify'], { DATABASE_URL: live })).code).toBe(3);
    const r = await runCli(['restore', backup, '--yes'], { DATABASE_URL: live });
    expect(r.code, r.stderr).toBe(0);
    expect((await runCli(['history', 'verify'], { DATABASE_URL: live })).code).toBe(0);
    expect(readdirSync(join(database.dir, 'damaged')).filter((f) => f.includes('before-restore'))).toHaveLength(1);
  });

  it('refuses a backup encrypted with a key this installation lacks, and restores it once the key is in place', async () => {
    const theirKey = randomBytes(32);
    const theirs = tamperedCopy('other-installation.db', (db) => {
      db.prepare("update accounts set totp_secret = ? where login = 'writer'").run(new FieldCipher([theirKey]).encrypt('JBSWY3DPEHPK3PXP'));
    });
    const before = await counts(database);
    const refused = await runCli(['restore', theirs, '--yes'], database.env);
    expect([refused.code, refused.stdout]).toEqual([1, '']);
    expect(refused.stderr).toContain(`custodia: ENCRYPTION_KEY_MISSING: ${theirs} holds sensitive values encrypted with key ${keyIdOf(theirKey)}, which this installation does not have.`);
    expect(await counts(database)).toEqual(before);
    expect(keptCopies(database)).toEqual([]);

    // On a new machine, with their key file in place.
    const keyFile = join(database.dir, 'their.key');
    writeFileSync(keyFile, `${theirKey.toString('base64')}\n`);
    // A new machine: no key configured at all (the tests' shared CUSTODIA_ENCRYPTION_KEY is cleared).
    const target = { DATABASE_URL: join(database.dir, 'new-machine', 'custodia.db'), CUSTODIA_ENCRYPTION_KEY: '' };
    expect((await runCli(['restore', theirs, '--yes'], target)).stderr).toContain('ENCRYPTION_KEY_MISSING');
    // Nothing was created there either: no database, no key.
    expect(existsSync(join(database.dir, 'new-machine'))).toBe(false);
    const restored = await runCli(['restore', theirs, '--yes'], { ...target, CUSTODIA_ENCRYPTION_KEY_FILE: keyFile });
    expect(restored.code, restored.stderr).toBe(0);
  });

  it('puts the backup back under a running server, keeps the replaced database, and the server writes on', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // A token made after the backup is undone by the restore like everything else.
    const tuesdayToken = await writerToken(database, 'tuesday');
    const server = await startServer(database);
    try {
      const type = await withDb(database, async (db) => (await db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id);
      const create = async (name: string) => {
        const res = await fetch(`${server.url}/api/v1/assets`, { method: 'POST', headers, body: JSON.stringify({ assetTypeId: type, name }) });
        expect(res.status, await res.clone().text()).toBe(201);
        return ((await res.json()) as { id: string }).id;
      };
      const recent = async () => ((await (await fetch(`${server.url}/api/v1/reports/dashboard`, { headers })).json()) as { recentlyChanged: { name: string }[] })
        .recentlyChanged.map((a) => a.name).sort();
      // Written after Monday's backup, then undone by the restore.
      await create('Bought on Tuesday');
      await create('Bought on Wednesday');
      const replaced = await counts(database);
      expect(replaced.assets).toBe(2);
      expect(await recent()).toEqual(['Bought on Tuesday', 'Bought on Wednesday']);

      const monday = new BetterSqlite3(backup, { readonly: true });
      const mondayEvents = Number(monday.prepare('select count(*) from events').pluck().get());
      monday.close();
      const r = await runCli(['restore', backup, '--yes'], database.env);
      expect(r.code, r.stderr).toBe(0);
      const [kept] = keptCopies(database);
      expect(r.stdout).toBe(`Restored ${backup} (0 assets, ${mondayEvents} history events, verified) into ${database.env.DATABASE_URL}: 0 assets, ${mondayEvents} history events intact.\nThe database it replaced is kept at ${join(database.dir, kept!)}.\n`);
      expect(await counts(database)).toMatchObject({ assets: 0, events: mondayEvents });

      // The running server reads the restored register at once, and writes on from there.
      const list = (await (await fetch(`${server.url}/api/v1/assets`, { headers })).json()) as { items: unknown[] };
      expect(list.items).toEqual([]);
      expect((await fetch(`${server.url}/api/v1/assets`, { headers: { authorization: `Bearer ${tuesdayToken}` } })).status).toBe(401);
      await create('Bought again 1');
      expect((await counts(database)).assets).toBe(1);
      // New assets bring the history back to the length it had before the restore, on another history: the dashboard
      // computed then must not come back.
      const names = ['Bought again 1'];
      while ((await counts(database)).events < replaced.events) names.push(`Bought again ${names.length + 1}`), await create(names.at(-1)!);
      expect((await counts(database)).events).toBe(replaced.events);
      expect(await recent()).toEqual(names.sort());
      // The replaced database is whole, with Tuesday's and Wednesday's assets.
      const old = await openDatabase({ engine: 'sqlite', path: join(database.dir, kept!) }, { migrate: false, readerThreads: 0 });
      try {
        const names = (await old.db.selectFrom('assets').select('name').orderBy('name').execute()).map((a) => a.name);
        expect(names).toEqual(['Bought on Tuesday', 'Bought on Wednesday']);
      } finally {
        await old.close();
      }
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('close', resolve));
    }
    const verify = await runCli(['history', 'verify'], database.env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 180_000);
});

describe.each(CLI_ENGINES.filter((e) => e.name === 'postgres'))('custodia restore ($name)', (engine) => {
  let database: CliDatabase;
  beforeAll(async () => { database = await engine.create(); });
  afterAll(async () => { await database?.dispose(); });

  it('explains pg_restore on PostgreSQL, exits with code 2, and touches nothing', async () => {
    const file = join(database.dir, 'custodia.dump');
    writeFileSync(file, 'PGDMP');
    const r = await runCli(['restore', file, '--yes'], database.env);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('pg_restore --clean --dbname="$DATABASE_URL" custodia.dump');
    expect(existsSync(file)).toBe(true);
  });
});
