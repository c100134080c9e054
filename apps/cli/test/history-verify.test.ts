import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, runCli, withDb } from './support/cli.js';

/** Fault 7(b): the history chain catches edits and deletions made behind the application's back. */
describe.each(CLI_ENGINES)('custodia history verify ($name)', (engine) => {
  let database: CliDatabase;
  const triggers = engine.name === 'sqlite'
    ? { update: 'DROP TRIGGER events_no_update', remove: 'DROP TRIGGER events_no_delete' }
    : { update: 'DROP TRIGGER events_append_only ON events', remove: null };

  beforeAll(async () => {
    database = await engine.create();
    const seeded = await runCli(['seed-demo', '--assets', '30', '--people', '10'], database.env);
    expect(seeded.code).toBe(0);
  });
  afterAll(async () => { await database?.dispose(); });

  it('reports an intact chain with exit code 0', async () => {
    const events = await withDb(database, async (db) => Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
    expect(events).toBeGreaterThan(30);
    const r = await runCli(['history', 'verify'], database.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^History intact: ${events} events verified in [\\d.]+s; head [0-9a-f]{64}\\n$`));
  });

  it('FT-10: the database itself refuses to UPDATE or DELETE an event while the append-only triggers are in place', async () => {
    await withDb(database, async (db) => {
      await expect(sql`UPDATE events SET reason = 'x' WHERE seq = 3`.execute(db)).rejects.toThrow(/events are append-only/);
      await expect(sql`DELETE FROM events WHERE seq = 3`.execute(db)).rejects.toThrow(/events are append-only/);
      await expect(sql`DELETE FROM events`.execute(db)).rejects.toThrow(/events are append-only/);
      const row = await db.selectFrom('events').select(['seq', 'reason']).where('seq', '=', 3).executeTakeFirstOrThrow();
      expect(row.reason).not.toBe('x');
    });
  });

  it('FT-10: names an event edited directly in SQL (exit code 3)', async () => {
    const original = await withDb(database, async (db) => {
      const row = await db.selectFrom('events').select('reason').where('seq', '=', 3).executeTakeFirstOrThrow();
      await sql.raw(triggers.update).execute(db);
      await sql`UPDATE events SET reason = 'x' WHERE seq = 3`.execute(db);
      return row.reason;
    });
    const r = await runCli(['history', 'verify'], database.env);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('History BROKEN at event 3 (edited): Event 3 was changed after it was written. 2 events before it verified.\n');

    // Putting the original text back makes the chain verify again: the hash covers the content, nothing else.
    await withDb(database, (db) => sql`UPDATE events SET reason = ${original} WHERE seq = 3`.execute(db));
    const restored = await runCli(['history', 'verify'], database.env);
    expect(restored.code).toBe(0);
  });

  it('names an event deleted directly in SQL as removed (exit code 3), and a deleted last event too', async () => {
    const last = await withDb(database, async (db) => {
      if (triggers.remove) await sql.raw(triggers.remove).execute(db);
      await sql`DELETE FROM events WHERE seq = 5`.execute(db);
      return Number((await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
    });
    const r = await runCli(['history', 'verify'], database.env);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('History BROKEN at event 5 (removed): Event 5 is missing (found 6). 4 events before it verified.\n');

    // Removing the tail leaves no gap in the sequence: the chain head still records it.
    const tail = await engine.create();
    try {
      expect((await runCli(['seed-demo', '--assets', '5', '--people', '3'], tail.env)).code).toBe(0);
      const max = await withDb(tail, async (db) => {
        if (triggers.remove) await sql.raw(triggers.remove).execute(db); else await sql.raw(triggers.update).execute(db);
        const m = Number((await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
        await sql`DELETE FROM events WHERE seq = ${m}`.execute(db);
        return m;
      });
      const t = await runCli(['history', 'verify'], tail.env);
      expect(t.code).toBe(3);
      expect(t.stdout).toContain(`History BROKEN at event ${max} (removed): The chain head records ${max} events but ${max - 1} remain`);
    } finally {
      await tail.dispose();
    }
    expect(last).toBeGreaterThan(5);
  });
});
