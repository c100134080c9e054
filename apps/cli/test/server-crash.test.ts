import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, startServer, waitFor, counts, runCli, seedReferences, withDb } from './support/cli.js';

const ROWS = 100_000;
const KILL_AT = 40_000;

/** Fault: `kill -9` of the server in the middle of a 100,000-row import over HTTP leaves no partial rows and no orphan history. */
describe.each(CLI_ENGINES)('server killed during an HTTP import ($name)', (engine) => {
  let database: CliDatabase;
  let file: string;
  beforeAll(async () => {
    database = await engine.create();
    await seedReferences(database, 10);
    const locations = await withDb(database, async (db) => (await db.selectFrom('locations').select('code').where('kind', '=', 'room').execute()).map((l) => l.code!));
    const lines = ['tag,name,type,serial,location,purchase date,purchase cost,currency'];
    for (let i = 1; i <= ROWS; i++) lines.push(`SRV-${String(i).padStart(6, '0')},Laptop ${i},laptop,SN-SRV-${i},${locations[i % locations.length]},2025-06-01,1200.00,EUR`);
    file = join(database.dir, 'big.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
  }, 120_000);
  afterAll(async () => { await database.dispose(); });

  it('rolls back completely, and the same import succeeds after restart', async () => {
    expect((await runCli(['account', 'create', 'importer', '--role', 'register_administrator'], database.env)).code).toBe(0);
    const token = await runCli(['token', 'create', 'importer', '--access', 'write'], database.env);
    const auth = { authorization: `Bearer ${token.stdout.trim()}` };
    const before = await counts(database);
    const server = await startServer(database);
    const request = fetch(`${server.url}/api/v1/imports/assets?fileName=big.csv`, { method: 'POST', headers: { 'content-type': 'text/csv', ...auth }, body: readFileSync(file) }).catch(() => 'connection lost');
    await waitFor(() => [...server.log().matchAll(/"rows":(\d+)/g)].some((m) => Number(m[1]) >= KILL_AT), 240_000);
    server.child.kill('SIGKILL');
    expect(await request).toBe('connection lost');
    await new Promise((r) => server.child.once('close', r));

    expect(await counts(database)).toEqual(before);
    await withDb(database, async (db, raw) => {
      if (raw.engine === 'sqlite') expect((await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db)).rows[0]?.integrity_check).toBe('ok');
      const orphans = await db.selectFrom('events').select('entity_id').where('entity_type', '=', 'asset')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('assets').select('id').whereRef('assets.id', '=', 'events.entity_id')))).where('action', '=', 'import').execute();
      expect(orphans).toEqual([]);
    });
    expect((await runCli(['history', 'verify'], database.env)).code).toBe(0);

    const again = await startServer(database);
    try {
      const res = await fetch(`${again.url}/api/v1/imports/assets?fileName=big.csv`, { method: 'POST', headers: { 'content-type': 'text/csv', ...auth }, body: readFileSync(file) });
      const report = await res.json() as { created: number; applied: boolean };
      expect(res.status, JSON.stringify(report).slice(0, 500)).toBe(200);
      expect(report).toMatchObject({ applied: true, created: ROWS });
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('close', r));
    }
    expect((await counts(database)).assets).toBe(before.assets + ROWS);
  }, 600_000);
});
