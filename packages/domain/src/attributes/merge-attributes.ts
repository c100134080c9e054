/**
 * An edit of typed attributes is a merge patch (RFC 7396, one level): a key with a value sets it, a key with `null`
 * clears it, and a key the edit does not name keeps its value. So a client, a bulk change or an import file that
 * names some attributes never erases the others.
 */
export function mergeAttributes(current: Readonly<Record<string, unknown>>, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}
