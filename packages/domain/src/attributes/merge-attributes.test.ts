import { describe, expect, it } from 'vitest';
import { mergeAttributes } from './merge-attributes.js';

describe('mergeAttributes (an edit of attributes is a merge patch)', () => {
  const current = { cpu: 'AMD EPYC', ram_gb: 24, encrypted: true, hostname: 'vm' };

  it('keeps every attribute the edit does not name', () => {
    expect(mergeAttributes(current, { ram_gb: 32 })).toEqual({ cpu: 'AMD EPYC', ram_gb: 32, encrypted: true, hostname: 'vm' });
  });

  it('clears an attribute sent as null, and only that one', () => {
    expect(mergeAttributes(current, { hostname: null })).toEqual({ cpu: 'AMD EPYC', ram_gb: 24, encrypted: true });
  });

  it('adds attributes that had no value, and keeps false and 0 as values', () => {
    expect(mergeAttributes({}, { encrypted: false, rack_units: 0 })).toEqual({ encrypted: false, rack_units: 0 });
  });

  it('an empty edit changes nothing, and the inputs are not modified', () => {
    const patch = { cpu: null };
    expect(mergeAttributes(current, {})).toEqual(current);
    mergeAttributes(current, patch);
    expect(current).toEqual({ cpu: 'AMD EPYC', ram_gb: 24, encrypted: true, hostname: 'vm' });
    expect(patch).toEqual({ cpu: null });
  });

  it('replaces a structured value whole (one level deep)', () => {
    expect(mergeAttributes({ ports: [1, 2] }, { ports: [3] })).toEqual({ ports: [3] });
  });
});
