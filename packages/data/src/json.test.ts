import { describe, expect, it } from 'vitest';
import { readJson } from './json.js';

const keysDeep = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(keysDeep)
    : value !== null && typeof value === 'object'
      ? Object.entries(value).map(([k, v]) => [k, keysDeep(v)])
      : value;

describe('readJson', () => {
  it('answers the fallback for SQL NULL', () => {
    expect(readJson(null, { none: true })).toEqual({ none: true });
    expect(readJson(undefined, [])).toEqual([]);
  });

  it('reads SQLite text and PostgreSQL objects alike, keys in code-point order at every depth', () => {
    const text = '{"b":1,"a":{"z":[{"y":1,"x":2}],"Z":null},"B":"s"}';
    const fromText = readJson<Record<string, unknown>>(text, {});
    const fromObject = readJson<Record<string, unknown>>(JSON.parse(text), {});
    const expected = [
      ['B', 's'],
      ['a', [['Z', null], ['z', [[['x', 2], ['y', 1]]]]]],
      ['b', 1],
    ];
    expect(keysDeep(fromText)).toEqual(expected);
    expect(keysDeep(fromObject)).toEqual(expected);
  });

  it('orders a value that is out of order only deep down', () => {
    const read = readJson<{ a: { list: Array<Record<string, number>> } }>('{"a":{"list":[{"a":1},{"c":1,"b":2}]}}', {
      a: { list: [] },
    });
    expect(Object.keys(read.a.list[1]!)).toEqual(['b', 'c']);
  });

  it('keeps a value already in order as it is', () => {
    const value = { a: 1, b: { c: [1, { d: 2, e: 3 }] } };
    expect(readJson(value, {})).toBe(value);
  });

  it('keeps a key named __proto__ as a plain property, whether rebuilt or not', () => {
    const sorted = readJson<Record<string, unknown>>('{"__proto__":{"polluted":1},"a":1}', {});
    const rebuilt = readJson<Record<string, unknown>>('{"b":1,"__proto__":{"polluted":1}}', {});
    for (const value of [sorted, rebuilt]) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value)[0]).toBe('__proto__');
      expect((value as { polluted?: number }).polluted).toBeUndefined();
    }
  });

  it('answers scalars and arrays of scalars unchanged', () => {
    expect(readJson('"text"', '')).toBe('text');
    expect(readJson('[3,1,2]', [])).toEqual([3, 1, 2]);
    expect(readJson('42', 0)).toBe(42);
  });
});
