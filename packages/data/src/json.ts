/**
 * Reads a JSON column: PostgreSQL jsonb arrives parsed, SQLite text arrives as a string. Objects come back with their
 * keys in code-point order on both engines: jsonb keeps keys in its own order (shorter ones first) and SQLite as they
 * were written, so the same record answered with its attributes, specifications or evidence ordered differently.
 */
export function readJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  // Most stored objects were written in key order already: checking costs no allocation, rebuilding costs a copy.
  return (inOrder(parsed) ? parsed : inKeyOrder(parsed)) as T;
}

/** Whether every object in a parsed JSON value already enumerates its keys in code-point order. */
function inOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!inOrder(item)) return false;
    return true;
  }
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && previous > key) return false;
    if (!inOrder((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
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
