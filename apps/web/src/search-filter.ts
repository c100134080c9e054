import type { ComboboxItem, ComboboxParsedItem, OptionsFilter } from '@mantine/core';
import { foldForSearch } from '@custodia/domain';

/**
 * The filter of every searchable dropdown (the theme's default): options whose label contains every word typed, in
 * any order, ignoring case and accents as the server's searches do ("muller" finds "Müller"; "berlin stockroom" finds
 * "Germany › Berlin Mitte › Building A › Stockroom", as every building has its own "Stockroom"). Groups keep their
 * order and name; at most `limit` options, as Mantine's own filter.
 */
export const foldingFilter: OptionsFilter = ({ options, search, limit }) => {
  const words = foldForSearch(search).split(/\s+/).filter(Boolean);
  const matches = (label: string) => { const folded = foldForSearch(label); return words.every((w) => folded.includes(w)); };
  const result: ComboboxParsedItem[] = [];
  for (const item of options) {
    if (result.length >= limit) break;
    if ('group' in item) {
      const items = foldingFilter({ options: item.items, search, limit: limit - result.length }) as ComboboxItem[];
      if (items.length > 0) result.push({ group: item.group, items });
    } else if (matches(item.label)) {
      result.push(item);
    }
  }
  return result;
};
