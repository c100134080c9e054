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
