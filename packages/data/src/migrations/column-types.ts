import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Column types that differ between the engines; every migration takes its types from here. */
export function columnTypes(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    pg,
    /** jsonb on PostgreSQL; text holding JSON on SQLite. */
    json: pg ? sql`jsonb` : sql`text`,
    /** A calendar date (no time zone): date on PostgreSQL, 'YYYY-MM-DD' text on SQLite. */
    date: pg ? sql`date` : sql`text`,
    /** An instant: timestamptz on PostgreSQL, ISO-8601 UTC text on SQLite. */
    timestamp: pg ? sql`timestamptz` : sql`text`,
    bool: pg ? sql`boolean` : sql`integer`,
    real: pg ? sql`double precision` : sql`real`,
    /** Raw bytes (compressed evidence): bytea on PostgreSQL, blob on SQLite. */
    bytes: pg ? sql`bytea` : sql`blob`,
  } as const;
}
