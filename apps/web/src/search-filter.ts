import type { ComboboxItem, ComboboxParsedItem, OptionsFilter } from '@mantine/core';
import { foldForSearch } from '@custodia/domain';

/**
 * The filter of every searchable dropdown (the theme's default): options whose label contains what was typed,
 * ignoring case and accents as the server's searches do ("muller" finds "Müller"). Groups keep their order and
 * name; at most `limit` options, as Mantine's own filter.
 */
export const foldingFilter: OptionsFilter = ({ options, search, limit }) => {
  const wanted = foldForSearch(search.trim());
  const result: ComboboxParsedItem[] = [];
  for (const item of options) {
    if (result.length >= limit) break;
    if ('group' in item) {
      const items = foldingFilter({ options: item.items, search, limit: limit - result.length }) as ComboboxItem[];
      if (items.length > 0) result.push({ group: item.group, items });
    } else if (foldForSearch(item.label).includes(wanted)) {
      result.push(item);
    }
  }
  return result;
};
