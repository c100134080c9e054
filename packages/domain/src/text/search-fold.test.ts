import { describe, expect, it } from 'vitest';
import { SEARCH_FOLD_EXPANSIONS, SEARCH_FOLD_FROM, SEARCH_FOLD_TO, foldForSearch } from './search-fold.js';

describe('foldForSearch', () => {
  it('maps each letter to one ASCII letter: its base letter where Unicode decomposes it', () => {
    const from = [...SEARCH_FOLD_FROM];
    expect(from).toHaveLength([...SEARCH_FOLD_TO].length);
    expect(new Set(from).size).toBe(from.length);
    for (const [i, c] of from.entries()) {
      const to = SEARCH_FOLD_TO[i]!;
      expect(to, c).toMatch(/^[a-z]$/);
      const base = c.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      if (base !== c.toLowerCase()) expect(to, c).toBe(base);
    }
  });

  it('expands the letters written as two, in both cases, and folds nothing twice', () => {
    for (const [c, to] of SEARCH_FOLD_EXPANSIONS) {
      expect(to, c).toMatch(/^[a-z]{2}$/);
      expect(SEARCH_FOLD_FROM.includes(c), c).toBe(false);
      expect(foldForSearch(c), c).toBe(to);
      expect(foldForSearch(foldForSearch(`x${c}y`)), c).toBe(`x${to}y`);
    }
  });

  it.each([
    ['École', 'ecole'], ['ÅLESUND', 'alesund'], ['Øst', 'ost'], ['Müller', 'muller'], ['José Núñez', 'jose nunez'], ['Łódź', 'lodz'],
    ['Dvořák', 'dvorak'], ['Straße', 'strasse'], ['STRAẞE', 'strasse'], ['Æsir', 'aesir'], ['Cœur', 'coeur'], ['ŒUVRE', 'oeuvre'], ['Þórshöfn', 'thorshofn'], ['Москва', 'москва'], ['LAP-000123', 'lap-000123'],
  ])('%s → %s', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });
});
