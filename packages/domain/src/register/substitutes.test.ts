import { describe, expect, it } from 'vitest';
import { NOT_PROPOSED_REASONS, PROPOSAL_REASONS, type StockCount, type StockModel, proposeStock, substitutionGroupKey } from './substitutes.js';

const TODAY = '2026-12-20';
const model = (id: string, group: string | null, eolDate: string | null = null, name = `Model ${id}`): StockModel => ({ id, name, substitutionGroup: group, eolDate });
const at = (modelId: string, locationId: string | null, count: number): StockCount => ({ modelId, locationId, count });

const ASKED = model('a', 'Laptop 14');

describe('substitutionGroupKey', () => {
  it.each([
    [null, null], [undefined, null], ['', null], ['   ', null], ['\u200B', null],
    ['Laptop 14', 'LAPTOP 14'], ['  laptop 14 ', 'LAPTOP 14'], ['LAPTOP 14', 'LAPTOP 14'],
  ])('%j → %j', (group, key) => { expect(substitutionGroupKey(group)).toBe(key); });
});

describe('proposeStock', () => {
  it('offers the model asked for first when some is in stock, then its substitutes in stock', () => {
    const out = proposeStock(ASKED, [ASKED, model('b', 'Laptop 14')], [at('a', 'berlin', 2), at('b', 'paris', 5)], TODAY);
    expect(out.requestedInStock).toBe(2);
    expect(out.proposals.map((p) => [p.modelId, p.reason, p.inStock])).toEqual([['a', 'requested_in_stock', 2], ['b', 'substitute_in_stock', 5]]);
    expect(out.notProposed).toEqual([]);
  });

  it('none of the model asked for in stock: it is not offered, with its reason, and the substitutes are', () => {
    const out = proposeStock(ASKED, [ASKED, model('b', 'Laptop 14')], [at('b', 'paris', 3)], TODAY);
    expect(out.requestedInStock).toBe(0);
    expect(out.proposals).toEqual([{ modelId: 'b', name: 'Model b', eolDate: null, reason: 'substitute_in_stock', inStock: 3, locations: [{ locationId: 'paris', count: 3 }] }]);
    expect(out.notProposed).toEqual([{ modelId: 'a', name: 'Model a', eolDate: null, reason: 'requested_out_of_stock', inStock: 0 }]);
  });

  it('nothing in stock anywhere: nothing offered, every model considered explained', () => {
    const out = proposeStock(ASKED, [ASKED, model('c', 'Laptop 14', null, 'Zeta'), model('b', 'Laptop 14', null, 'Alpha')], [], TODAY);
    expect(out.proposals).toEqual([]);
    expect(out.notProposed.map((n) => [n.modelId, n.reason])).toEqual([['a', 'requested_out_of_stock'], ['b', 'substitute_out_of_stock'], ['c', 'substitute_out_of_stock']]);
  });

  it('a model without a substitution group has no substitutes, even beside other models without one', () => {
    for (const group of [null, '', '  ']) {
      const asked = model('a', group);
      const out = proposeStock(asked, [asked, model('b', null), model('c', ''), model('d', 'Laptop 14')], [at('b', 'x', 4), at('c', 'x', 4), at('d', 'x', 4)], TODAY);
      expect(out.proposals).toEqual([]);
      expect(out.notProposed.map((n) => n.modelId)).toEqual(['a']);
    }
  });

  it('only models of the same group substitute; groups compare without case and outer spaces', () => {
    const models = [ASKED, model('b', ' laptop 14 '), model('c', 'LAPTOP 14'), model('d', 'Laptop 15'), model('e', 'Laptop14'), model('f', null)];
    const stock = ['b', 'c', 'd', 'e', 'f'].map((id) => at(id, 'x', 1));
    expect(proposeStock(ASKED, models, stock, TODAY).proposals.map((p) => p.modelId)).toEqual(['b', 'c']);
  });

  it('ranks substitutes: not ending soon before ending soon, then most in stock, then name, then id', () => {
    const soon = '2027-01-10';
    const models = [
      ASKED,
      model('s1', 'Laptop 14', soon, 'Big but ending'), model('n1', 'Laptop 14', null, 'Beta'), model('n2', 'Laptop 14', '2030-01-01', 'Alpha'),
      model('n3', 'Laptop 14', null, 'Alpha'), model('n0', 'Laptop 14', null, 'Alpha'), model('n4', 'Laptop 14', null, 'Gamma'),
    ];
    const stock = [at('s1', 'x', 50), at('n1', 'x', 2), at('n2', 'x', 2), at('n3', 'x', 2), at('n0', 'x', 2), at('n4', 'x', 7)];
    const out = proposeStock(ASKED, models, stock, TODAY);
    expect(out.proposals.map((p) => [p.modelId, p.reason])).toEqual([
      ['n4', 'substitute_in_stock'], ['n0', 'substitute_in_stock'], ['n2', 'substitute_in_stock'], ['n3', 'substitute_in_stock'], ['n1', 'substitute_in_stock'],
      ['s1', 'substitute_end_of_life_soon'],
    ]);
  });

  it('names compare by code point (upper case before lower case), the same on every machine', () => {
    const out = proposeStock(ASKED, [ASKED, model('b', 'Laptop 14', null, 'alpha'), model('c', 'Laptop 14', null, 'Zulu')], [at('b', 'x', 1), at('c', 'x', 1)], TODAY);
    expect(out.proposals.map((p) => p.name)).toEqual(['Zulu', 'alpha']);
  });

  it.each([
    ['2026-12-19', 'substitute_past_end_of_life', null], // yesterday: passed
    ['2020-01-01', 'substitute_past_end_of_life', null],
    ['2026-12-20', null, 'substitute_end_of_life_soon'], // today: not passed yet, soon
    ['2027-03-20', null, 'substitute_end_of_life_soon'], // the window's last day (90 days on)
    ['2027-03-21', null, 'substitute_in_stock'], // beyond the window
    [null, null, 'substitute_in_stock'],
  ])('a substitute in stock ending on %s: not offered for %s, offered as %s', (eolDate, notReason, reason) => {
    const out = proposeStock(ASKED, [ASKED, model('b', 'Laptop 14', eolDate)], [at('b', 'x', 3)], TODAY);
    expect(out.proposals.find((p) => p.modelId === 'b')?.reason ?? null).toBe(reason);
    expect(out.notProposed.find((n) => n.modelId === 'b')?.reason ?? null).toBe(notReason);
  });

  it('a substitute past its end of life is not offered, with its stock still told; one out of stock and past is told as past', () => {
    const out = proposeStock(ASKED, [ASKED, model('b', 'Laptop 14', '2025-01-01'), model('c', 'Laptop 14', '2025-01-01')], [at('b', 'x', 9)], TODAY);
    expect(out.proposals).toEqual([]);
    expect(out.notProposed.map((n) => [n.modelId, n.reason, n.inStock])).toEqual([['a', 'requested_out_of_stock', 0], ['b', 'substitute_past_end_of_life', 9], ['c', 'substitute_past_end_of_life', 0]]);
  });

  it.each([
    ['2026-12-19', 'requested_past_end_of_life'],
    ['2026-12-20', 'requested_end_of_life_soon'],
    ['2027-03-20', 'requested_end_of_life_soon'],
    ['2027-03-21', 'requested_in_stock'],
    [null, 'requested_in_stock'],
  ])('the model asked for, in stock, ending on %s: still offered first, as %s', (eolDate, reason) => {
    const asked = model('a', 'Laptop 14', eolDate);
    const out = proposeStock(asked, [asked, model('b', 'Laptop 14')], [at('a', 'x', 1), at('b', 'x', 10)], TODAY);
    expect(out.proposals.map((p) => [p.modelId, p.reason])).toEqual([['a', reason], ['b', 'substitute_in_stock']]);
  });

  it('counts per location: summed when given twice, most first, no location last, empty and negative counts ignored', () => {
    const stock = [at('a', 'paris', 1), at('a', null, 4), at('a', 'berlin', 2), at('a', 'paris', 2), at('a', 'athens', 3), at('a', 'oslo', 0), at('a', 'rome', -2)];
    const out = proposeStock(ASKED, [ASKED], stock, TODAY);
    expect(out.requestedInStock).toBe(12);
    expect(out.proposals[0]!.locations).toEqual([
      { locationId: null, count: 4 }, { locationId: 'athens', count: 3 }, { locationId: 'paris', count: 3 }, { locationId: 'berlin', count: 2 },
    ]);
    const tie = proposeStock(ASKED, [ASKED], [at('a', null, 2), at('a', 'b', 2), at('a', 'a', 2)], TODAY);
    expect(tie.proposals[0]!.locations.map((l) => l.locationId)).toEqual(['a', 'b', null]);
  });

  it('only zero counts is out of stock', () => {
    const out = proposeStock(ASKED, [ASKED], [at('a', 'x', 0)], TODAY);
    expect(out).toEqual({ requestedInStock: 0, proposals: [], notProposed: [{ modelId: 'a', name: 'Model a', eolDate: null, reason: 'requested_out_of_stock', inStock: 0 }] });
  });

  it('stock of models outside the group is ignored; the model asked for may be missing from the list or listed twice', () => {
    const twice = proposeStock(ASKED, [ASKED, ASKED, model('b', 'Laptop 14'), model('b', 'Laptop 14')], [at('a', 'x', 1), at('b', 'x', 1), at('z', 'x', 9)], TODAY);
    expect(twice.proposals.map((p) => p.modelId)).toEqual(['a', 'b']);
    const absent = proposeStock(ASKED, [model('b', 'Laptop 14')], [at('a', 'x', 1), at('b', 'x', 1)], TODAY);
    expect(absent.proposals.map((p) => p.modelId)).toEqual(['a', 'b']);
  });

  it('every model considered appears exactly once, offered or not, with a known reason', () => {
    const eols = [null, '2020-01-01', TODAY, '2027-01-01', '2031-01-01'];
    const models = [ASKED, ...Array.from({ length: 20 }, (_, i) => model(`m${i}`, i % 3 === 0 ? 'Other' : 'laptop 14', eols[i % eols.length]!, `Name ${i % 4}`))];
    const stock = models.flatMap((m, i) => (i % 2 ? [at(m.id, `l${i % 3}`, i % 5)] : []));
    const out = proposeStock(ASKED, models, stock, TODAY);
    const ids = [...out.proposals.map((p) => p.modelId), ...out.notProposed.map((n) => n.modelId)];
    const considered = models.filter((m) => m.substitutionGroup !== 'Other').map((m) => m.id);
    expect([...ids].sort()).toEqual([...considered].sort());
    for (const p of out.proposals) {
      expect(PROPOSAL_REASONS).toContain(p.reason);
      expect(p.inStock).toBeGreaterThan(0);
      expect(p.inStock).toBe(p.locations.reduce((n, l) => n + l.count, 0));
    }
    for (const n of out.notProposed) expect(NOT_PROPOSED_REASONS).toContain(n.reason);
    expect(out.proposals.filter((p) => p.reason.startsWith('substitute') && p.eolDate !== null && p.eolDate < TODAY)).toEqual([]);
  });
});
