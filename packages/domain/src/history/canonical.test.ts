import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonWith, sortKeys } from './canonical.js';
import { creationChangesText, diffRecords } from './diff.js';
import { storedChangesText } from './stored-changes.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, so key order never changes the text', () => {
    const a = { b: 1, a: { y: [1, { d: 2, c: 3 }], x: 'é' } };
    const b = { a: { x: 'é', y: [1, { c: 3, d: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"é","y":[1,{"c":3,"d":2}]},"b":1}');
  });

  it('is stable: the same value always gives the same text', () => {
    const value = { z: null, m: [true, false, 0, -1.5, 'x'], a: {} };
    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
    expect(canonicalJson(value)).toBe('{"a":{},"m":[true,false,0,-1.5,"x"],"z":null}');
  });

  it('keeps array order (arrays are ordered data)', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('drops undefined object members and writes undefined array items as null, like JSON', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('escapes strings and keys', () => {
    expect(canonicalJson({ 'a"b': 'line\nbreak "quoted"' })).toBe('{"a\\"b":"line\\nbreak \\"quoted\\""}');
  });

  it('is parseable JSON equal to the input', () => {
    const value = { when: '2025-06-15', cost: { amountMinor: 100, currency: 'EUR' }, tags: ['a', 'b'], n: null };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it.each([NaN, Infinity, -Infinity])('refuses the non-finite number %s', (n) => {
    expect(() => canonicalJson({ a: n })).toThrow(TypeError);
  });
});

describe('diffRecords', () => {
  it('reports only the fields that changed, with before and after', () => {
    const before = { name: 'Laptop 1', stage: 'in_stock', cost: 100, tags: ['a'] };
    const after = { name: 'Laptop 1', stage: 'in_use', cost: 100, tags: ['a', 'b'] };
    expect(diffRecords(before, after)).toEqual({
      stage: { before: 'in_stock', after: 'in_use' },
      tags: { before: ['a'], after: ['a', 'b'] },
    });
  });

  it('reports nothing for equal records, even when JSON values list keys in another order', () => {
    const before = { attributes: { ram: 16, cpu: 'x' }, name: 'A' };
    const after = { name: 'A', attributes: { cpu: 'x', ram: 16 } };
    expect(diffRecords(before, after)).toEqual({});
  });

  it('sees a change inside a nested value', () => {
    expect(diffRecords({ attributes: { ram: 16 } }, { attributes: { ram: 32 } })).toEqual({
      attributes: { before: { ram: 16 }, after: { ram: 32 } },
    });
  });

  it('lists every non-empty field on create and on delete', () => {
    expect(diffRecords(null, { b: 2, a: 1 })).toEqual({ a: { before: null, after: 1 }, b: { before: null, after: 2 } });
    expect(diffRecords({ a: 1 }, null)).toEqual({ a: { before: 1, after: null } });
    expect(Object.keys(diffRecords(null, { b: 2, a: 1, c: 3 }))).toEqual(['a', 'b', 'c']);
  });

  it('treats a missing field, undefined and null alike', () => {
    expect(diffRecords({ a: null }, {})).toEqual({});
    expect(diffRecords({ a: undefined }, { a: null })).toEqual({});
    expect(diffRecords({}, { a: 0 })).toEqual({ a: { before: null, after: 0 } });
  });

  it('tells values of different types apart', () => {
    expect(diffRecords({ a: 1 }, { a: '1' })).toEqual({ a: { before: 1, after: '1' } });
    expect(diffRecords({ a: false }, { a: null })).toEqual({ a: { before: false, after: null } });
  });
});

describe('creationChangesText', () => {
  it('is the stored form of diffRecords(null, record), byte for byte', () => {
    const records: Record<string, unknown>[] = [
      {},
      { b: 2, a: 1 },
      { name: 'Laptop "é"', serial: null, missing: undefined, cost: 0, flag: false, empty: '', services: [], attributes: { z: 1, a: [1, { y: null, b: 'x' }] } },
      { 'a b': 1, ß: 'x', B: 2, $: null, _: [undefined], '😀': { k: undefined } },
    ];
    for (const r of records) expect(creationChangesText(r)).toBe(storedChangesText(diffRecords(null, r)));
  });

  it('refuses what canonical JSON refuses', () => {
    expect(() => creationChangesText({ a: Number.NaN })).toThrow(TypeError);
    expect(() => diffRecords(null, { a: Number.NaN })).toThrow(TypeError);
  });
});

describe('canonicalJsonWith', () => {
  it('gives the text of canonicalJson, taking the rendered members as they are', () => {
    const changes = { b: { before: null, after: [1, { z: 1, a: 'x"y' }] }, a: { before: 'é', after: null } };
    const rest = { z: 1, m: 'x', skipped: undefined, c: [undefined] };
    expect(canonicalJsonWith(rest, { changes: canonicalJson(changes) })).toBe(canonicalJson({ ...rest, changes }));
    expect(canonicalJsonWith({ k: 1, changes: 'replaced' }, { changes: '{}' })).toBe('{"changes":{},"k":1}');
  });
});

describe('sortKeys', () => {
  it('orders keys exactly as Array.prototype.sort does, short and long lists alike', () => {
    const pool = ['b', 'a', 'B', '10', '9', 'é', 'e', 'ß', '😀', 'ﬀ', '', 'a b', 'a_b', 'Z', 'aa', '$', '_'];
    for (const n of [0, 1, 2, 3, 5, 17, 40]) {
      const keys = Array.from({ length: n }, (_, i) => `${pool[(i * 7) % pool.length]}${i >= pool.length ? i : ''}`);
      expect(sortKeys([...keys])).toEqual([...keys].sort());
    }
  });
});
