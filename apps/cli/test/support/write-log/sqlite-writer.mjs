// A bare SQLite writer for the power-cut test's control run: one row per transaction, each acknowledged on stdout
// ("<row id> <CLOCK_MONOTONIC ns>") once its commit returned. Arguments: database path, synchronous mode, row count.
import Database from 'better-sqlite3';

const [path, synchronous, count] = process.argv.slice(2);
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${synchronous}`);
// Frequent checkpoints, so the log holds several WAL generations.
db.pragma('wal_autocheckpoint = 40');
db.exec('create table if not exists rows (id integer primary key, body text not null)');
const insert = db.prepare('insert into rows (body) values (?)');
const body = 'x'.repeat(1500);
let out = '';
for (let i = 0; i < Number(count); i++) {
  const { lastInsertRowid } = insert.run(body);
  out += `${lastInsertRowid} ${process.hrtime.bigint()}\n`;
}
process.stdout.write(out);
db.close();
