import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { diffRecords } from './diff.js';
import type { FieldChanges } from './event.js';
import { readStoredChanges, storedChangesText } from './stored-changes.js';

describe('stored changes', () => {
  const cases: FieldChanges[] = [
    {},
    { name: { before: null, after: 'Laptop' } },
    { name: { before: 'Laptop', after: null } },
    { name: { before: 'A', after: 'B' }, cost: { before: 0, after: null }, flag: { before: false, after: true }, empty: { before: '', after: null } },
    { attributes: { before: null, after: { a: null, b: [null, 1] } }, services: { before: [], after: ['mail'] } },
    { odd: { before: null, after: null } },
  ];

  it('leaves out null sides only: false, 0, empty text and nulls inside values stay', () => {
    expect(storedChangesText({ name: { before: null, after: 'Laptop' } })).toBe('{"name":{"after":"Laptop"}}');
    expect(storedChangesText({ name: { before: 'Laptop', after: null } })).toBe('{"name":{"before":"Laptop"}}');
    expect(storedChangesText({ cost: { before: 0, after: false }, note: { before: '', after: { a: null } } }))
      .toBe('{"cost":{"after":false,"before":0},"note":{"after":{"a":null},"before":""}}');
  });

  it('reads back exactly what was stored, in either form', () => {
    for (const changes of cases) {
      expect(readStoredChanges(storedChangesText(changes))).toEqual(changes);
      // Events written before the compact form carry both sides.
      expect(readStoredChanges(canonicalJson(changes))).toEqual(changes);
    }
  });

  it('is smaller than both sides for a created record, and canonical', () => {
    const record = { name: 'Laptop', serial: 'SN1', cost: 1200, location: null, attributes: { ram_gb: 16 } };
    const created = diffRecords(null, record);
    expect(storedChangesText(created).length).toBeLessThan(canonicalJson(created).length);
    // Key order does not change the text: it is what the hash chain signs.
    const reordered = Object.fromEntries(Object.entries(created).reverse());
    expect(storedChangesText(reordered)).toBe(storedChangesText(created));
  });
});
