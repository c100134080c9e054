/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` dropped. Two equal values always give the same text,
 * which is what the history hash chain signs.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold non-finite numbers');
    return JSON.stringify(value) ?? 'null';
  }
  // Plain loops and string concatenation: this runs for every history event (several times on import), so it avoids
  // the intermediate arrays and closures of filter/map/join. The text is the same.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : canonicalJson(item));
    }
    return `${out}]`;
  }
  return canonicalObject(value as Record<string, unknown>, undefined);
}

/**
 * The canonical JSON of an object some of whose members are already rendered: `rendered` maps a member name to its
 * canonical text, used as is instead of `value[name]`. Equal to `canonicalJson` of the object holding those values.
 */
export function canonicalJsonWith(value: Record<string, unknown>, rendered: Record<string, string>): string {
  return canonicalObject(value, rendered);
}

function canonicalObject(value: Record<string, unknown>, rendered: Record<string, string> | undefined): string {
  const keys = Object.keys(value);
  if (rendered) for (const k of Object.keys(rendered)) if (!(k in value)) keys.push(k);
  sortKeys(keys);
  let out = '{';
  let first = true;
  for (const k of keys) {
    const text = rendered !== undefined && Object.hasOwn(rendered, k) ? rendered[k]! : value[k] === undefined ? undefined : canonicalJson(value[k]);
    if (text === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * Sorts object keys in place, in the order of Array.prototype.sort (UTF-16 code units). Objects have few keys, often
 * already in order: an insertion sort does no allocation there, where the built-in sort allocated more memory than
 * everything else in an import (it runs for every object of every history event).
 */
export function sortKeys(keys: string[]): string[] {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
