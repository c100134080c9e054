import { resolve } from 'node:path';
import { canonicalTimeZone, isTimeZone } from '@custodia/domain';

export type DatabaseTarget = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/**
 * Chooses the engine from DATABASE_URL: `postgres://…`/`postgresql://…` for PostgreSQL; a file path or `sqlite:` URL
 * for SQLite; nothing at all means SQLite at `<CUSTODIA_DATA_DIR or ./data>/custodia.db`. A URL of any other scheme
 * (`mysql://…`) is refused: taken as a path, it would make a new SQLite database in a directory named after it.
 */
export function resolveDatabaseTarget(env: Record<string, string | undefined> = process.env): DatabaseTarget {
  const url = env['DATABASE_URL']?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  const scheme = url ? /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1] : undefined;
  if (scheme && scheme.toLowerCase() !== 'sqlite') {
    throw Object.assign(new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL, a sqlite: URL or a file path (got a ${scheme}:// URL)`), { code: 'INVALID_SETTING' });
  }
  if (url) {
    const path = url.replace(/^sqlite:(\/\/)?/i, '');
    return { engine: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  const dir = env['CUSTODIA_DATA_DIR']?.trim() || 'data';
  return { engine: 'sqlite', path: resolve(dir, 'custodia.db') };
}

/**
 * A setting in whole milliseconds from `min` to `max` (or 0, where `off` allows it), `fallback` when unset; anything
 * else stops the start with a message naming the setting.
 */
function milliseconds(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number, off = false): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const ms = Number(raw);
  if (Number.isInteger(ms) && ((off && ms === 0) || (ms >= min && ms <= max))) return ms;
  throw new Error(`${name} must be ${off ? '0 (off) or ' : ''}a whole number of milliseconds from ${min} to ${max} (got "${raw}")`);
}

/** How long a request waits for a PostgreSQL connection before it answers 503 (CUSTODIA_PG_CONNECT_TIMEOUT_MS). */
export const PG_CONNECT_TIMEOUT_MS = 10_000;

export const pgConnectTimeoutMs = (env: Record<string, string | undefined> = process.env): number =>
  milliseconds(env, 'CUSTODIA_PG_CONNECT_TIMEOUT_MS', PG_CONNECT_TIMEOUT_MS, 100, 600_000);

/** How long a PostgreSQL query may go unanswered before its connection is taken as dead (CUSTODIA_PG_QUERY_TIMEOUT_MS). */
export const PG_QUERY_TIMEOUT_MS = 60_000;

/** 0 turns the watch off; otherwise whole milliseconds from 1000 to 3600000. */
export const pgQueryTimeoutMs = (env: Record<string, string | undefined> = process.env): number =>
  milliseconds(env, 'CUSTODIA_PG_QUERY_TIMEOUT_MS', PG_QUERY_TIMEOUT_MS, 1000, 3_600_000, true);

/**
 * The organisation's time zone (CUSTODIA_TIME_ZONE, an IANA name such as `Australia/Sydney`; `UTC` when unset): the
 * zone of every date the server decides itself — today, last verified, when an audit falls due. A name the zone
 * database does not know stops the start.
 */
export function organisationTimeZone(env: Record<string, string | undefined> = process.env): string {
  const raw = env['CUSTODIA_TIME_ZONE']?.trim();
  if (!raw) return 'UTC';
  if (isTimeZone(raw)) return canonicalTimeZone(raw);
  throw Object.assign(new Error(`CUSTODIA_TIME_ZONE must be an IANA time zone name such as Europe/Berlin, America/Los_Angeles or UTC (got "${raw}")`), { code: 'INVALID_SETTING' });
}
