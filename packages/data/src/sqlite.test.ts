import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_WAL_KEEP_BYTES, openSqlite } from './sqlite.js';

describe('openSqlite', () => {
  const dirs: string[] = [];
  const file = () => { const d = mkdtempSync(join(tmpdir(), 'custodia-sqlite-')); dirs.push(d); return join(d, 'test.db'); };
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('applies the settings the register relies on', () => {
    const db = openSqlite(file());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(SQLITE_BUSY_TIMEOUT_MS);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(SQLITE_WAL_KEEP_BYTES);
    db.close();
  });

  it('cuts the WAL back after a write larger than what it keeps (it stayed at its largest)', () => {
    const path = file();
    const db = openSqlite(path);
    db.exec('create table blobs (id integer primary key, data blob)');
    const insert = db.prepare('insert into blobs (data) values (?)');
    const chunk = Buffer.alloc(1024 * 1024, 7);
    db.transaction(() => { for (let i = 0; i < SQLITE_WAL_KEEP_BYTES / chunk.length + 16; i++) insert.run(chunk); })();
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(SQLITE_WAL_KEEP_BYTES);
    // The next writer starts the WAL over once every frame is in the database, and cuts the file to the limit.
    db.pragma('wal_checkpoint(PASSIVE)');
    db.prepare('insert into blobs (data) values (?)').run(Buffer.from('x'));
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(SQLITE_WAL_KEEP_BYTES);
    db.close();
  });
});
