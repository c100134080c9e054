import type { Compilable } from 'kysely';
import type { Database } from '@custodia/data';

/** SQLite's plan for a query, its steps joined by ' | ' (e.g. "SEARCH assets USING INDEX …"). */
export async function sqlitePlan(database: Database, query: Compilable): Promise<string> {
  const compiled = query.compile();
  const rows = (await database.db.executeQuery({ ...compiled, sql: `explain query plan ${compiled.sql}` })).rows as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}
