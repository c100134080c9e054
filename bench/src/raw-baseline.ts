import pg from 'pg';
import { openSqlite } from '@custodia/data';
import { RAW_COLUMNS, RAW_INDEXES, RAW_PARTIAL_INDEXES, rawRows } from './asset-rows.js';
import type { Register } from './register-setup.js';

const TYPES = {
  sqlite: { text: 'text', date: 'text', int: 'integer', json: 'text', ts: 'text' },
  postgres: { text: 'text', date: 'date', int: 'bigint', json: 'jsonb', ts: 'timestamptz' },
} as const;

/** Foreign keys of `assets`, by column. */
const REFERENCES: Record<string, string> = {
  asset_type_id: 'asset_types', lifecycle_model_id: 'lifecycle_models', model_id: 'catalogue_models', manufacturer_id: 'manufacturers',
  owner_org_unit_id: 'org_units', custodian_id: 'people', assigned_person_id: 'people', location_id: 'locations', supplier_id: 'suppliers',
};

/** A table shaped like `assets`: same columns and types, primary key, unique keys, foreign keys and secondary indexes. */
function ddl(engine: 'sqlite' | 'postgres', table: string): string[] {
  const cols = RAW_COLUMNS.map(([name, kind]) => `${name} ${TYPES[engine][kind]}${name === 'id' ? ' primary key' : name === 'tag_key' ? ' not null unique' : ''}`
    + `${REFERENCES[name] ? ` references ${REFERENCES[name]}(id)` : ''}`);
  return [
    `create table ${table} (${cols.join(', ')}, unique (serial_scope, serial_key))`,
    ...RAW_INDEXES.map((c, i) => `create index ${table}_${i} on ${table} (${c.join(', ')})`),
    ...RAW_PARTIAL_INDEXES.map((c) => `create index ${table}_fk_${c} on ${table} (${c}) where ${c} is not null`),
  ];
}

const cpuOf = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6; };

export interface RawResult { rows: number; seconds: number; cpuSeconds: number; rowsPerSecond: number; method: string }

/**
 * The floor the importer is compared with: the same rows inserted by hand-written code, with no validation, no
 * lookups and no history, into a table of the same shape in the register's database (so foreign keys are checked
 * against the same reference rows). SQLite: a second connection with the register's settings (WAL,
 * synchronous=FULL), one prepared statement run per row, one transaction. PostgreSQL: one prepared 500-row INSERT,
 * one transaction. The table is dropped afterwards.
 */
export async function rawBaseline(engine: 'sqlite' | 'postgres', where: string, register: Register, count: number, seed: number): Promise<RawResult> {
  if (engine === 'sqlite') {
    const db = openSqlite(where);
    try {
      for (const s of ddl('sqlite', 'raw_assets')) db.exec(s);
      const insert = db.prepare(`insert into raw_assets (${RAW_COLUMNS.map(([n]) => n).join(', ')}) values (${RAW_COLUMNS.map(() => '?').join(', ')})`);
      const started = performance.now();
      const cpu = process.cpuUsage();
      let rows = 0;
      db.transaction(() => {
        for (const values of rawRows(register, count, seed)) {
          insert.run(values);
          rows++;
        }
      })();
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = cpuOf(cpu);
      db.exec('drop table raw_assets');
      return { rows, seconds, cpuSeconds, rowsPerSecond: rows / seconds, method: 'better-sqlite3, one prepared INSERT per row, one transaction' };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: where });
  await client.connect();
  const BATCH = 500;
  const width = RAW_COLUMNS.length;
  const text = (n: number) => `insert into raw_assets (${RAW_COLUMNS.map(([c]) => c).join(', ')}) values ${Array.from({ length: n }, (_, r) =>
    `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ')}`;
  try {
    for (const s of ddl('postgres', 'raw_assets')) await client.query(s);
    const full = text(BATCH);
    const started = performance.now();
    const cpu = process.cpuUsage();
    let rows = 0;
    await client.query('begin');
    let values: unknown[] = [];
    for (const row of rawRows(register, count, seed)) {
      values.push(...row);
      rows++;
      if (values.length === BATCH * width) {
        await client.query({ name: 'raw_assets_batch', text: full, values });
        values = [];
      }
    }
    if (values.length) await client.query(text(values.length / width), values);
    await client.query('commit');
    const seconds = (performance.now() - started) / 1000;
    await client.query('drop table raw_assets');
    return { rows, seconds, cpuSeconds: cpuOf(cpu), rowsPerSecond: rows / seconds, method: `pg, one prepared ${BATCH}-row INSERT, one transaction` };
  } finally {
    await client.end();
  }
}
