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

  it('stops at the limit', () => {
    expect(values('', 2)).toEqual(['1', '2']);
  });
});
