/**
 * Reads a JSON column: PostgreSQL jsonb arrives parsed, SQLite text arrives as a string. Objects come back with their
 * keys in code-point order on both engines: jsonb keeps keys in its own order (shorter ones first) and SQLite as they
 * were written, so the same record answered with its attributes, specifications or evidence ordered differently.
 */
export function readJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return inKeyOrder(typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A parsed JSON value with every object's keys in code-point order (arrays keep theirs). */
function inKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inKeyOrder);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = inKeyOrder((value as Record<string, unknown>)[key]);
    // A key named __proto__ stays a plain property, as JSON.parse made it.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

export const writeJson = (value: unknown): string => JSON.stringify(value ?? null);

export const readBool = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';
