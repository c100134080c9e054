import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, longReads, openDatabase } from './database.js';
import type { Tables } from './schema.js';
import { sqliteReaderThreads } from './sqlite-readers.js';

// A read that keeps SQLite busy for a few hundred milliseconds without any table.
const LONG_READ = sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000000) select count(*) as n from c`;

/** How often a 5 ms timer fired while `work` ran: near zero when the work held the event loop. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 5);
  try {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await work();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

describe('SQLite reader threads', () => {
  let dir: string;
  let database: Database;
  let reads: Kysely<Tables>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'custodia-readers-'));
    database = await openDatabase({ engine: 'sqlite', path: join(dir, 'r.db') }, { readerThreads: 1 });
    reads = longReads(database);
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exist for a SQLite file and read what the main connection has just committed', async () => {
    expect(database.reads).toBeDefined();
    expect(reads).toBe(database.reads);
    const now = new Date().toISOString();
    await database.db.insertInto('settings').values({ key: 'reader.check', value: 'first', updated_at: now }).execute();
    expect(await reads.selectFrom('settings').select('value').where('key', '=', 'reader.check').executeTakeFirst()).toEqual({ value: 'first' });
    await database.db.updateTable('settings').set({ value: 'second' }).where('key', '=', 'reader.check').execute();
    expect(await reads.selectFrom('settings').select('value').where('key', '=', 'reader.check').executeTakeFirst()).toEqual({ value: 'second' });
  });

  it('keep the event loop turning during a long read, which the main connection would hold', async () => {
    const onReader = await ticksDuring(() => LONG_READ.execute(reads));
    const onMain = await ticksDuring(() => LONG_READ.execute(database.db));
    expect((await LONG_READ.execute(reads)).rows).toEqual([{ n: 3_000_000 }]);
    expect(onMain, 'the main connection runs the query on the event loop').toBeLessThanOrEqual(2);
    expect(onReader, 'timers fire while a reader thread runs the same query').toBeGreaterThan(onMain + 5);
  });

  it('refuse to write, and nothing is written', async () => {
    await expect(reads.insertInto('settings').values({ key: 'reader.write', value: 'x', updated_at: new Date().toISOString() }).execute())
      .rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_READONLY|^CUSTODIA_READER_WRITE$/) });
    expect(await database.db.selectFrom('settings').select('key').where('key', '=', 'reader.write').execute()).toEqual([]);
  });

  it('pass SQLite errors back with their code', async () => {
    await expect(sql`select * from no_such_table`.execute(reads)).rejects.toMatchObject({ code: 'SQLITE_ERROR', message: expect.stringContaining('no_such_table') });
  });

  it('are not used inside a transaction, whose writes only the main connection sees', async () => {
    await database.db.transaction().execute(async (tx) => {
      await tx.insertInto('settings').values({ key: 'reader.tx', value: 'uncommitted', updated_at: new Date().toISOString() }).execute();
      const inside = longReads({ ...database, db: tx });
      expect(inside).toBe(tx);
      expect(await inside.selectFrom('settings').select('value').where('key', '=', 'reader.tx').executeTakeFirst()).toEqual({ value: 'uncommitted' });
      expect(await reads.selectFrom('settings').select('value').where('key', '=', 'reader.tx').executeTakeFirst()).toBeUndefined();
    });
  });
});

describe('CUSTODIA_SQLITE_READERS', () => {
  it('defaults to one thread; 0 turns reader threads off; anything else is refused', async () => {
    expect(sqliteReaderThreads({})).toBe(1);
    expect(sqliteReaderThreads({ CUSTODIA_SQLITE_READERS: '2' })).toBe(2);
    expect(sqliteReaderThreads({ CUSTODIA_SQLITE_READERS: '0' })).toBe(0);
    for (const bad of ['-1', 'two', '1.5', '17']) expect(() => sqliteReaderThreads({ CUSTODIA_SQLITE_READERS: bad })).toThrow(/CUSTODIA_SQLITE_READERS/);
    const dir = mkdtempSync(join(tmpdir(), 'custodia-readers-'));
    try {
      const off = await openDatabase({ engine: 'sqlite', path: join(dir, 'off.db') }, { readerThreads: 0 });
      expect(off.reads).toBeUndefined();
      expect(longReads(off)).toBe(off.db);
      await off.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
