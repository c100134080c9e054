import { describe, expect, it } from 'vitest';
import { UniqueClaimCollector, uniqueFieldChanges, uniqueValueKey } from './unique-claims.js';

describe('unique attribute claims', () => {
  it('names the attributes a schema change starts and stops enforcing', () => {
    const before = [{ key: 'a', label: 'A', type: 'text' as const, unique: true }, { key: 'b', label: 'B', type: 'text' as const }, { key: 'c', label: 'C', type: 'text' as const, unique: true }];
    const after = [{ key: 'a', label: 'A', type: 'text' as const, unique: true }, { key: 'b', label: 'B', type: 'text' as const, unique: true }, { key: 'd', label: 'D', type: 'text' as const, unique: true }];
    expect(uniqueFieldChanges(before, after)).toEqual({ added: ['b', 'd'], removed: ['c'] });
    expect(uniqueFieldChanges(after, after)).toEqual({ added: [], removed: [] });
  });

  it('compares values as the register compares text, and keeps numbers and text apart', () => {
    expect(uniqueValueKey('ab-01')).toBe(uniqueValueKey('AB-01'));
    expect(uniqueValueKey(1)).not.toBe(uniqueValueKey('1'));
  });

  it('claims each value once and reports the values shared by several assets, most shared first', () => {
    const c = new UniqueClaimCollector(['mac', 'slot']);
    c.add('1', 'T-1', { mac: 'aa', slot: 1 });
    c.add('2', 'T-2', { mac: 'AA', slot: 2 });
    c.add('3', 'T-3', { mac: 'Aa', slot: 2 });
    c.add('4', 'T-4', { slot: null });
    c.add('5', 'T-5', { mac: 'bb' });
    expect(c.clashes()).toEqual([{ field: 'mac', value: 'aa', assets: ['T-1', 'T-2', 'T-3'] }, { field: 'slot', value: 2, assets: ['T-2', 'T-3'] }]);
    expect(c.clashes(1)).toHaveLength(1);
    expect(c.claims().map((x) => `${x.field}:${x.assetId}`).sort()).toEqual(['mac:1', 'mac:5', 'slot:1', 'slot:2']);
    const clean = new UniqueClaimCollector(['mac']);
    clean.add('1', 'T-1', { mac: 'aa' });
    expect(clean.clashes()).toEqual([]);
  });
});
