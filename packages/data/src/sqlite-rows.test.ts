import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ARRAY_ROWS, withStatementCache } from './sqlite.js';

/** The rows Kysely receives from SQLite through the statement cache: what better-sqlite3 itself would answer. */
describe('SQLite rows through the statement cache', () => {
  const open = () => {
    const raw = new BetterSqlite3(':memory:');
    raw.exec("create table t (id integer primary key, name text, size real, data blob); insert into t values (1, 'a', 1.5, x'00ff'), (2, 'b', null, null), (3, 'c', 3, null)");
    return { raw, db: withStatementCache(raw) };
  };

  it('are the objects better-sqlite3 gives: members in select order, values of every type, a later column of a name winning', () => {
    const { raw, db } = open();
    for (const q of ['select * from t order by id', 'select name, id, name as id from t order by id', 'select id as "__proto__", name as "0", size from t']) {
      const ours = db.prepare(q).all([]) as Record<string, unknown>[];
      const theirs = raw.prepare(q).all() as Record<string, unknown>[];
      expect(ours).toEqual(theirs);
      expect(ours.map((r) => Object.keys(r))).toEqual(theirs.map((r) => Object.keys(r)));
    }
    expect(db.prepare('select * from t where id = ?').all([1])).toEqual([{ id: 1, name: 'a', size: 1.5, data: Buffer.from([0, 255]) }]);
    expect(db.prepare(`${ARRAY_ROWS}select id, name from t order by id`).all([])).toEqual([[1, 'a'], [2, 'b'], [3, 'c']]);
  });

  it('an iteration stopped early frees its statement, which is handed out again', () => {
    const { db } = open();
    const first = db.prepare('select id from t order by id');
    for (const row of first.iterate([])) { expect(row).toEqual({ id: 1 }); break; }
    expect((first as unknown as { busy: boolean }).busy).toBe(false);
    expect(db.prepare('select id from t order by id')).toBe(first);
    // While one iterates, the same text gets another statement.
    const it = first.iterate([])[Symbol.iterator]();
    it.next();
    expect(db.prepare('select id from t order by id')).not.toBe(first);
    it.return?.();
  });

  it('after clear (as after migrations), a statement of the same text sees the new columns', () => {
    const { raw, db } = open();
    expect(Object.keys(db.prepare('select * from t where id = ?').all([1])[0] as object)).toEqual(['id', 'name', 'size', 'data']);
    raw.exec("alter table t add column colour text default 'red'");
    db.clear();
    expect(db.prepare('select * from t where id = ?').all([1])).toEqual([{ id: 1, name: 'a', size: 1.5, data: Buffer.from([0, 255]), colour: 'red' }]);
  });
});
