import { type Expression, sql } from 'kysely';

/**
 * A text column compared by code point, as SQLite compares it: PostgreSQL otherwise compares by the database's
 * collation, which may be linguistic (en_US puts "apple" before "Banana"), and a list would come out, and page, in
 * another order there. Key columns are declared COLLATE "C" already (migration code_point_text_order); this is for names,
 * which keep the database's collation for lower() in free-text search. The name indexes are built on this expression.
 */
export function byCodePoint(engine: 'sqlite' | 'postgres', column: string): Expression<string> {
  return engine === 'postgres' ? sql<string>`${sql.ref(column)} collate "C"` : sql<string>`${sql.ref(column)}`;
}
