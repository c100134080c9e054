import { resolve } from 'node:path';

export type DatabaseTarget = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/**
 * Chooses the engine from DATABASE_URL: `postgres://…`/`postgresql://…` for PostgreSQL; a file path or `sqlite:` URL
 * for SQLite; nothing at all means SQLite at `<CUSTODIA_DATA_DIR or ./data>/custodia.db`.
 */
export function resolveDatabaseTarget(env: Record<string, string | undefined> = process.env): DatabaseTarget {
  const url = env['DATABASE_URL']?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  if (url) {
    const path = url.replace(/^sqlite:(\/\/)?/i, '');
    return { engine: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  const dir = env['CUSTODIA_DATA_DIR']?.trim() || 'data';
  return { engine: 'sqlite', path: resolve(dir, 'custodia.db') };
}

/** How long a request waits for a PostgreSQL connection before it answers 503 (CUSTODIA_PG_CONNECT_TIMEOUT_MS). */
export const PG_CONNECT_TIMEOUT_MS = 10_000;

export function pgConnectTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env['CUSTODIA_PG_CONNECT_TIMEOUT_MS']?.trim();
  if (!raw) return PG_CONNECT_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) throw new Error(`CUSTODIA_PG_CONNECT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "${raw}")`);
  return ms;
}

/** How long a PostgreSQL query may go unanswered before its connection is taken as dead (CUSTODIA_PG_QUERY_TIMEOUT_MS). */
export const PG_QUERY_TIMEOUT_MS = 60_000;

/** 0 turns the watch off; otherwise whole milliseconds from 1000 to 3600000. */
export function pgQueryTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env['CUSTODIA_PG_QUERY_TIMEOUT_MS']?.trim();
  if (!raw) return PG_QUERY_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || (ms !== 0 && (ms < 1000 || ms > 3_600_000))) {
    throw new Error(`CUSTODIA_PG_QUERY_TIMEOUT_MS must be 0 (off) or a whole number of milliseconds from 1000 to 3600000 (got "${raw}")`);
  }
  return ms;
}
