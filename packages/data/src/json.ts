/** Reads a JSON column: PostgreSQL jsonb arrives parsed, SQLite text arrives as a string. */
export function readJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

export const writeJson = (value: unknown): string => JSON.stringify(value ?? null);

export const readBool = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';
