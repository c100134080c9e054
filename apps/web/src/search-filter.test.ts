import { describe, expect, it } from 'vitest';
import { foldingFilter } from './search-filter';

describe('foldingFilter (searchable dropdowns)', () => {
  const options = [
    { value: '1', label: 'Jörg Müller' },
    { value: '2', label: 'José Núñez' },
    { group: 'Sites', items: [{ value: '3', label: 'Ålesund' }, { value: '4', label: 'Oslo' }] },
    { value: '5', label: 'Mueller' },
  ];
  const values = (search: string, limit = 10) => foldingFilter({ options, search, limit }).flatMap((i) => ('group' in i ? i.items.map((x) => `${i.group}/${x.value}`) : [i.value]));

  it('ignores case and accents, in groups too', () => {
    expect(values('muller')).toEqual(['1']);
    expect(values('JOSE nunez')).toEqual(['2']);
    expect(values('alesund')).toEqual(['Sites/3']);
    expect(values(' o ')).toEqual(['1', '2', 'Sites/4']);
    expect(values('')).toEqual(['1', '2', 'Sites/3', 'Sites/4', '5']);
  });

  it('finds a label holding every word typed, in any order', () => {
    const places = [
      { value: 'paris', label: 'France › Paris La Défense › Building A › Stockroom' },
      { value: 'berlin', label: 'Germany › Berlin Mitte › Building A › Stockroom' },
      { value: 'berlin-floor', label: 'Germany › Berlin Mitte › Building A › Floor 1 open space' },
    ];
    const found = (search: string) => foldingFilter({ options: places, search, limit: 10 }).map((i) => ('value' in i ? i.value : i.group));
    expect(found('berlin stockroom')).toEqual(['berlin']);
    expect(found('stockroom  DEFENSE')).toEqual(['paris']);
    expect(found('berlin')).toEqual(['berlin', 'berlin-floor']);
    expect(found('berlin cellar')).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(values('', 2)).toEqual(['1', '2']);
  });
});
