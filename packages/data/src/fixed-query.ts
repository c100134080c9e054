import { type Compilable, CompiledQuery, type Kysely, PostgresAdapter } from 'kysely';
import { preparePgStatement } from './pg-prepared.js';
import type { Tables } from './schema.js';

/**
 * A query of fixed shape on a hot path (run on every request), built and compiled by Kysely once per dialect and then
 * run with new parameters: building and compiling a query cost about half as much as SQLite's read of an asset row.
 * `build` receives the parameters; its first compilation checks that they are exactly the query's parameters, in order,
 * so a builder that adds a constant parameter fails at once instead of binding values to the wrong places.
 * It runs on whatever it is given, the database or a transaction, through Kysely's executor (its connection handling);
 * on PostgreSQL as a named statement (`pg-prepared.ts`).
 */
export function fixedQuery<P extends readonly unknown[], R>(build: (db: Kysely<Tables>, ...params: P) => Compilable<R>) {
  const texts = new WeakMap<object, string>();
  return async (db: Kysely<Tables>, ...params: P): Promise<R[]> => {
    const adapter = db.getExecutor().adapter;
    let text = texts.get(adapter);
    if (text === undefined) {
      const query = build(db, ...params).compile();
      if (query.parameters.length !== params.length || query.parameters.some((value, i) => value !== params[i])) {
        throw new Error(`fixedQuery: the parameters of "${query.sql}" are not exactly its arguments, in order`);
      }
      texts.set(adapter, (text = query.sql));
      // On PostgreSQL a named statement: parsed and planned once per connection.
      if (adapter instanceof PostgresAdapter) preparePgStatement(text);
    }
    return (await db.executeQuery<R>(CompiledQuery.raw(text, [...params]))).rows;
  };
}
