import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres } from '../../../test/support/databases.js';
import { CLI_ENGINES, type CliDatabase, counts, runCli, seedReferences, startServer, waitFor, withDb, writerToken } from './support/cli.js';
import { type Cluster, clusterWorkspace, custodiaOnCluster, serverDirectory, startCluster } from './support/write-log/private-postgres.js';
import { buildWriteLog, writeLogEnv } from './support/write-log/write-log.js';

const ROWS = 3_000;
const CSV = ['tag,name,type,serial', ...Array.from({ length: ROWS }, (_, i) => `FULL-${String(i).padStart(6, '0')},Laptop ${i},laptop,SN-FULL-${i}`)].join('\n');

const importFile = (url: string, token: string) => fetch(`${url}/api/v1/imports/assets?fileName=delivery.csv`, {
  method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: CSV,
});

/**
 * FT-03 of the security test plan with a disk that really is full: the write log library (write-log.c) makes every
 * write that would grow a database file fail with ENOSPC, in the server process (SQLite) or in every PostgreSQL
 * process, in the middle of an import of 3,000 assets. The import answers 503 with Retry-After and writes nothing;
 * once space is freed the same request goes through, with nobody repairing or restarting anything.
 */
describe('the disk fills up during an import (FT-03)', () => {
  let work: string;
  let library: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'custodia-disk-full-'));
    chmodSync(work, 0o755);
    library = buildWriteLog(work);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** The import refused while the disk is full, nothing of it written, then accepted once there is room. */
  async function importOnFullDisk(database: CliDatabase, url: string, token: string, full: string, log: () => string): Promise<string[]> {
    const before = await counts(database);
    writeFileSync(full, '');
    const refused = await importFile(url, token);
    const body = await refused.text();
    expect(refused.status, body.slice(0, 500)).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ code: 'UNAVAILABLE' });
    expect(refused.headers.get('retry-after')).toBe('1');
    // The operator sees why, at level error, with the database's code.
    await waitFor(() => log().includes('"database unavailable"'), 10_000);
    const causes = log().split('\n').filter((l) => l.includes('"database unavailable"')).map((l) => String((JSON.parse(l) as { err?: { code?: string; message?: string } }).err?.code ?? (JSON.parse(l) as { err?: { message?: string } }).err?.message));
    rmSync(full);
    expect(await counts(database)).toEqual(before);
    // Room again: the client sends the same file after Retry-After, until the database answers (PostgreSQL may be
    // restarting itself, see below).
    let accepted: Response;
    for (let attempt = 0; ; attempt++) {
      accepted = await importFile(url, token);
      if (accepted.status !== 503 || attempt === 30) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const report = await accepted.text();
    expect(accepted.status, report.slice(0, 500)).toBe(200);
    expect(JSON.parse(report)).toMatchObject({ applied: true, created: ROWS });
    expect((await counts(database)).assets).toBe(before.assets + ROWS);
    expect((await runCli(['history', 'verify'], database.env)).code).toBe(0);
    return causes;
  }

  it('on SQLite', async () => {
    const database = await CLI_ENGINES[0]!.create();
    try {
      await seedReferences(database, 1);
      const token = await writerToken(database);
      const full = join(work, 'sqlite-full');
      const path = database.env.DATABASE_URL;
      const server = await startServer(database, { ...writeLogEnv(library, join(work, 'sqlite.log'), path), CUSTODIA_FAULT_FULL_FILE: full });
      try {
        expect(await importOnFullDisk(database, server.url, token, full, server.log)).toEqual(['SQLITE_FULL']);
      } finally {
        const closed = new Promise((resolve) => server.child.once('close', resolve));
        server.child.kill('SIGTERM');
        await closed;
      }
      expect(await withDb(database, async (db) => (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows)).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      await database.dispose();
    }
  }, 180_000);

  describe.runIf(hasPostgres)('on PostgreSQL', () => {
    let cluster: Cluster | undefined;
    let place: ReturnType<typeof clusterWorkspace> | undefined;
    afterAll(async () => {
      await cluster?.kill().catch(() => undefined);
      if (place) rmSync(place.work, { recursive: true, force: true });
    });

    it('an error for the transaction (or a PANIC and a restart the cluster does by itself), never a half import', async () => {
      place = clusterWorkspace('custodia-disk-full-pg-');
      const full = join(place.work, 'postgres-full');
      cluster = await startCluster(place.data, place.sockets, { ...writeLogEnv(library, join(serverDirectory(join(place.work, 'log')), 'pg.log'), `${place.data}/`), CUSTODIA_FAULT_FULL_FILE: full });
      const { database, token } = await custodiaOnCluster(cluster, place.work);
      const server = await startServer(database);
      try {
        // 53100 (disk_full) when a table or index could not grow; a lost connection when the WAL could not, which makes
        // PostgreSQL PANIC and restart.
        const causes = await importOnFullDisk(database, server.url, token, full, server.log);
        console.info(`disk full on PostgreSQL: ${causes.join(', ')}`);
        expect(causes.length).toBeGreaterThan(0);
        for (const cause of causes) expect(cause).toMatch(/^(53100|57P01|08006|ECONNRESET|Connection terminated unexpectedly|Client has encountered a connection error)/);
      } finally {
        const closed = new Promise((resolve) => server.child.once('close', resolve));
        server.child.kill('SIGTERM');
        await closed;
      }
    }, 180_000);
  });
});
