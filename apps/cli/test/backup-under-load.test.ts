import { createHash } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@custodia/data';
import { pdf } from '../../../test/support/files.js';
import { CLI_ENGINES, type CliDatabase, runCli, seedReferences, startServer, waitFor, withDb, writerToken } from './support/cli.js';
import { updateWithoutPause } from './support/updates.js';

const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * FT-09 of the security test plan: `custodia backup` taken while the server writes without pause is a consistent point
 * in time (every asset's version matches its update events; the history chain verifies), and a clean instance started
 * on the copy serves the same register and the same attachment bytes. SQLite only: PostgreSQL is backed up with
 * pg_dump (README).
 */
describe.each(CLI_ENGINES.filter((e) => e.name === 'sqlite'))('backup while the server writes ($name)', (engine) => {
  let database: CliDatabase;
  beforeAll(async () => { database = await engine.create(); await seedReferences(database, 1); }, 120_000);
  afterAll(async () => { await database.dispose(); });

  it('is a consistent copy, and a server on the copy serves the same register and files', async () => {
    const token = await writerToken(database);
    const auth = { authorization: `Bearer ${token}` };
    const headers = { ...auth, 'content-type': 'application/json' };
    const server = await startServer(database);
    const type = await withDb(database, async (db) => (await db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id);
    const created = await fetch(`${server.url}/api/v1/assets`, { method: 'POST', headers, body: JSON.stringify({ assetTypeId: type, name: 'u0' }) });
    const id = ((await created.json()) as { id: string }).id;
    const file = pdf('Certificate of destruction', 200_000);
    const attached = await fetch(`${server.url}/api/v1/assets/${id}/attachments?fileName=certificate.pdf`, { method: 'POST', headers: { ...auth, 'content-type': 'application/pdf' }, body: file });
    expect(attached.status, await attached.clone().text()).toBe(201);
    const attachment = (await attached.json()) as { id: string; sha256: string };
    expect(attachment.sha256).toBe(sha256(file));

    let n = 0;
    const writer = updateWithoutPause(server.url, id, headers, { version: 1, name: 'u0' }, () => `u${++n}`);
    let backup: Awaited<ReturnType<typeof runCli>>;
    const out = join(database.dir, 'during-load.db');
    try {
      // Writes before, during and after the backup, however busy the machine.
      await waitFor(() => writer.acknowledged() >= 10, 60_000);
      backup = await runCli(['backup', out], database.env);
      const after = writer.acknowledged();
      await waitFor(() => writer.acknowledged() >= after + 5, 60_000);
    } finally {
      await writer.stop();
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('close', resolve));
    }
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/verified: integrity ok, 1 asset, \d+ history events intact/);

    // A clean instance on a copy of the backup.
    const restoredPath = join(database.dir, 'restored.db');
    copyFileSync(out, restoredPath);
    const restored: CliDatabase = { ...database, env: { ...database.env, DATABASE_URL: restoredPath }, open: () => openDatabase({ engine: 'sqlite', path: restoredPath }, { migrate: false }) };
    const { version, events } = await withDb(restored, async (db) => ({
      version: Number((await db.selectFrom('assets').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version),
      events: Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('entity_id', '=', id).where('action', '=', 'update').executeTakeFirstOrThrow()).n),
    }));
    // A point in time: some of the updates, each with its event; the live database went on past it.
    expect(version).toBeGreaterThan(1);
    expect(events).toBe(version - 1);
    expect(version).toBeLessThan(writer.last().version);
    const again = await startServer(restored);
    try {
      const asset = (await (await fetch(`${again.url}/api/v1/assets/${id}`, { headers: auth })).json()) as { version: number; name: string };
      expect(asset).toMatchObject({ version, name: `u${version - 1}` });
      const content = Buffer.from(await (await fetch(`${again.url}/api/v1/attachments/${attachment.id}/content`, { headers: auth })).arrayBuffer());
      expect(sha256(content)).toBe(attachment.sha256);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((resolve) => again.child.once('close', resolve));
    }
    expect((await runCli(['history', 'verify'], restored.env)).code).toBe(0);
  }, 300_000);
});
