import { type Compilable, type CompiledQuery, type KyselyPlugin, sql } from 'kysely';
import type { Database } from '@custodia/data';

/** SQLite's plan for a query, its steps joined by ' | ' (e.g. "SEARCH assets USING INDEX …"). */
export async function sqlitePlan(database: Database, query: Compilable): Promise<string> {
  const compiled = query.compile();
  const rows = (await database.db.executeQuery({ ...compiled, sql: `explain query plan ${compiled.sql}` })).rows as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}

/**
 * Runs `use` with a context whose database records every query it is asked, compiled as it is sent: for reading the
 * plan of a query a use case builds internally.
 */
export async function capturingQueries<T>(database: Database, use: (database: Database) => Promise<T>): Promise<{ result: T; queries: CompiledQuery[] }> {
  const queries: CompiledQuery[] = [];
  const executor = database.db.getExecutor();
  const plugin: KyselyPlugin = {
    transformQuery: (args) => { queries.push(executor.compileQuery(args.node, args.queryId)); return args.node; },
    transformResult: async (args) => args.result,
  };
  const result = await use({ ...database, db: database.db.withPlugin(plugin) });
  return { result, queries };
}

/**
 * PostgreSQL's plan for a compiled query with sequential and plain index scans priced out: what is left shows which
 * indexes can serve its conditions at all (bitmap scans), whatever the size of the test's tables.
 */
export async function pgBitmapPlan(database: Database, query: CompiledQuery): Promise<string> {
  return database.db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    await sql`set local enable_indexscan = off`.execute(tx);
    await sql`set local enable_indexonlyscan = off`.execute(tx);
    const rows = (await tx.executeQuery({ ...query, sql: `explain ${query.sql}` })).rows as { 'QUERY PLAN': string }[];
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
