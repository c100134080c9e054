import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { type Database, FieldCipher, openDatabase } from '@custodia/data';
import { isTransient } from '@custodia/core';
import { type TestDatabase, createMigratedPgDatabase, hasPostgres } from '../../../test/support/databases.js';
import { importerApp, snapshotCounts } from '../../../test/support/api.js';

/** How the database's own failures are classified: transient ones answer 503 with Retry-After, never 500. */
describe('transient database failures', () => {
  it.each([
    ['SQLite busy after the busy timeout', { code: 'SQLITE_BUSY' }],
    ['SQLite disk full (FT-03)', { code: 'SQLITE_FULL' }],
    ['SQLite I/O error (FT-04)', { code: 'SQLITE_IOERR_FSYNC' }],
    ['PostgreSQL connection killed (FT-05: pg_terminate_backend)', { code: '57P01' }],
    ['PostgreSQL disk full', { code: '53100' }],
    ['PostgreSQL too many connections', { code: '53300' }],
    ['PostgreSQL connection failure', { code: '08006' }],
    ['PostgreSQL serialisation failure', { code: '40001' }],
    ['the server unreachable', { code: 'ECONNREFUSED' }],
    ['the connection reset', { code: 'ECONNRESET' }],
    ['node-postgres losing the connection', new Error('Connection terminated unexpectedly')],
    ['no pooled connection in time (a partition, or every connection busy)', new Error('timeout exceeded when trying to connect')],
    ['a connect the server never answered', new Error('Connection terminated due to connection timeout')],
    ['the ROLLBACK of a transaction whose connection died', new Error('Client has encountered a connection error and is not queryable')],
  ])('%s is transient', (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505' }],
    ['a syntax error', { code: '42601' }],
    ['a SQLite constraint', { code: 'SQLITE_CONSTRAINT_UNIQUE' }],
    ['a plain error', new Error('boom')],
    ['nothing', null],
  ])('%s is not', (_what, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

const ROWS = 20_000;

/**
 * FT-05 of the security test plan, on PostgreSQL: the database connection is killed (`pg_terminate_backend`) in the
 * middle of an import's transaction. The client hears 503 with Retry-After, nothing of the import is written, and the
 * same request sent again succeeds on a new connection.
 */
describe.skipIf(!hasPostgres)('a PostgreSQL connection killed mid-transaction (FT-05)', () => {
  const applicationName = `custodia_ft05_${process.pid}_${Date.now().toString(36)}`;
  let database: TestDatabase;
  let app: FastifyInstance;
  let auth: Record<string, string>;
  let admin: pg.Client;

  beforeAll(async () => {
    const fresh = await createMigratedPgDatabase();
    // Its own application_name, so the test kills this pool's connections and no other test's.
    const url = new URL(fresh.url);
    url.searchParams.set('application_name', applicationName);
    const opened = await openDatabase({ engine: 'postgres', url: url.toString() }, { poolSize: 3, cipher: new FieldCipher([randomBytes(32)]) });
    database = { ...opened, dispose: async () => { await opened.close(); await fresh.drop(); } };
    ({ app, auth } = await importerApp(database));
    admin = new pg.Client({ connectionString: process.env['CUSTODIA_TEST_DATABASE_URL'] });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await app?.close();
    await database?.dispose();
  });

  const csv = ['tag,name,type,serial', ...Array.from({ length: ROWS }, (_, i) => `FT5-${String(i).padStart(6, '0')},Laptop ${i},laptop,SN-FT5-${i}`)].join('\n');
  const post = () => app.inject({ method: 'POST', url: '/api/v1/imports/assets?fileName=ft05.csv', headers: { 'content-type': 'text/csv', ...auth }, payload: csv });

  it('answers 503 with Retry-After, writes nothing, and the same import then succeeds', async () => {
    const before = await snapshotCounts(database);
    const request = post();
    // Wait until the import's transaction is open on one of our connections, then kill every one of them.
    let killed = 0;
    for (let i = 0; i < 600 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const open = await admin.query(`select pid from pg_stat_activity where application_name = $1 and state in ('active', 'idle in transaction') and xact_start is not null`, [applicationName]);
      if (open.rows.length === 0) continue;
      killed = (await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`, [applicationName])).rowCount ?? 0;
    }
    expect(killed).toBeGreaterThan(0);
    const res = await request;
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await snapshotCounts(database)).toEqual(before);

    const again = await post();
    expect(again.statusCode, again.body.slice(0, 500)).toBe(200);
    expect(again.json()).toMatchObject({ applied: true, created: ROWS });
    expect((await snapshotCounts(database)).assets).toBe(before.assets + ROWS);
  }, 120_000);
});

/**
 * FT-03 on SQLite: the disk fills up in the middle of an import. The database file is capped a few pages above its
 * size (`max_page_count`), which makes SQLite fail exactly as it does on a full disk (SQLITE_FULL).
 */
describe('SQLite: the disk fills up mid-import (FT-03)', () => {
  const rows = 5_000;
  let dir: string;
  let database: Database;
  let app: FastifyInstance;
  let auth: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'custodia-ft03-'));
    database = await openDatabase({ engine: 'sqlite', path: join(dir, 'full.db') });
    ({ app, auth } = await importerApp(database));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const csv = ['tag,name,type,serial', ...Array.from({ length: rows }, (_, i) => `FT3-${String(i).padStart(6, '0')},Laptop ${i},laptop,SN-FT3-${i}`)].join('\n');
  const post = () => app.inject({ method: 'POST', url: '/api/v1/imports/assets?fileName=ft03.csv', headers: { 'content-type': 'text/csv', ...auth }, payload: csv });

  it('answers 503 with Retry-After, writes nothing, keeps the file sound, and the import succeeds once there is room', async () => {
    const sqlite = database.sqlite!;
    const before = await snapshotCounts(database);
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    sqlite.pragma(`max_page_count = ${pages + 20}`);
    const full = await post();
    expect(full.statusCode, full.body.slice(0, 500)).toBe(503);
    expect(full.json()).toMatchObject({ code: 'UNAVAILABLE' });
    expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
    expect(await snapshotCounts(database)).toEqual(before);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

    // Space is freed: no repair, the same request goes through.
    sqlite.pragma('max_page_count = 1073741823');
    const again = await post();
    expect(again.statusCode, again.body.slice(0, 500)).toBe(200);
    expect(again.json()).toMatchObject({ applied: true, created: rows });
    expect((await snapshotCounts(database)).assets).toBe(before.assets + rows);
  }, 120_000);
});
