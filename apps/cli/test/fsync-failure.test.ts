import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, runCli, seedReferences, startServer, tokenFor, waitFor, withDb, writerToken } from './support/cli.js';
import { createAsset, unavailableCount } from './support/write-log/fault-client.js';
import { buildWriteLog, writeLogEnv } from './support/write-log/write-log.js';

/**
 * FT-04 of the security test plan on SQLite: the disk under the database starts failing its fsyncs (EIO, injected by
 * the write log library, see write-log.c) while the server runs. Writes must fail with 503 and Retry-After, none of
 * them reported committed; reads keep working; the operator is alerted (an error in the log naming the I/O error, and
 * custodia_database_unavailable_total); and once the disk is healthy again the server recovers by itself: each failed
 * request, retried with its Idempotency-Key, takes effect exactly once, and the history chain verifies.
 */
describe('fsync failing under the server (FT-04, SQLite)', () => {
  let work: string;
  let database: CliDatabase;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'custodia-fsync-failure-'));
    database = await CLI_ENGINES[0]!.create();
    await seedReferences(database, 1);
  }, 120_000);
  afterAll(async () => {
    await database.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes answer 503 while fsync fails, nothing is reported committed, the operator is told, and the server recovers', async () => {
    const token = await writerToken(database);
    const operator = await tokenFor(database, 'operator', 'system_administrator', 'read');
    const type = await withDb(database, async (db) => (await db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id);
    const path = database.env.DATABASE_URL;
    const failing = join(work, 'disk-failing');
    const server = await startServer(database, { ...writeLogEnv(buildWriteLog(work), join(work, 'write.log'), path), CUSTODIA_FAULT_SYNC_FILE: failing });
    const metrics = async () => (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${operator}` } })).text();
    try {
      for (const name of ['before-1', 'before-2', 'before-3']) expect((await createAsset(server.url, token, type, name)).status).toBe(201);
      const alertsBefore = unavailableCount(await metrics(), 'SQLITE_IOERR_FSYNC');

      writeFileSync(failing, '');
      for (const name of ['during-1', 'during-2']) {
        const res = await createAsset(server.url, token, type, name);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
        expect(((await res.json()) as { code: string }).code).toBe('UNAVAILABLE');
      }
      // Reads need no fsync: the register still answers, without the writes that failed.
      const list = await fetch(`${server.url}/api/v1/assets?limit=50`, { headers: { authorization: `Bearer ${token}` } });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { items: { name: string }[] }).items.map((a) => a.name).sort()).toEqual(['before-1', 'before-2', 'before-3']);
      // The operator is told: the counter for alerting, and an error in the log with the database's code.
      expect(unavailableCount(await metrics(), 'SQLITE_IOERR_FSYNC') - alertsBefore).toBe(2);
      await waitFor(() => server.log().split('\n').filter((l) => l.includes('"database unavailable"')).length >= 2, 10_000);
      const errors = server.log().split('\n').filter((l) => l.includes('"database unavailable"')).map((l) => JSON.parse(l) as { level: number; err?: { code?: string } });
      expect(errors.map((e) => [e.level, e.err?.code])).toEqual([[50, 'SQLITE_IOERR_FSYNC'], [50, 'SQLITE_IOERR_FSYNC']]);

      rmSync(failing);
      // The disk is healthy again: the client's retries of the failed requests each take effect once, and new writes
      // go through, without a restart.
      for (const name of ['during-1', 'during-2', 'after-1']) expect((await createAsset(server.url, token, type, name)).status).toBe(201);
      const again = await createAsset(server.url, token, type, 'during-1');
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      const closed = new Promise((resolve) => server.child.once('close', resolve));
      server.child.kill('SIGTERM');
      await closed;
    }
    const stored = await withDb(database, async (db) => ({
      names: (await db.selectFrom('assets').select('name').orderBy('name').execute()).map((a) => a.name),
      created: Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('entity_type', '=', 'asset').where('action', '=', 'create').executeTakeFirstOrThrow()).n),
      integrity: (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows.map((r) => r.integrity_check),
    }));
    expect(stored).toEqual({ names: ['after-1', 'before-1', 'before-2', 'before-3', 'during-1', 'during-2'], created: 6, integrity: ['ok'] });
    expect((await runCli(['history', 'verify'], database.env)).code).toBe(0);
  }, 180_000);
});
