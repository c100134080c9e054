import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type Page, get } from './api';
import { useNamed } from './lookups';
import { type TreeNode, buildTreeIndex, placeLabel } from './reference';

/** Most ids one request names (the list's page size). */
const MAX_IDS = 100;

/**
 * Places named as the register's cells name them — "Stockroom · Berlin Mitte", never a bare "Stockroom", since every
 * building has one — for the few locations a page shows (an asset, its moves, its history): the locations are read
 * by id, then their ancestors, in two small requests. An id not read yet (or not visible) is absent from the map.
 */
export function usePlaceNames(ids: (string | null | undefined)[]): Map<string, string> {
  const unique = [...new Set(ids.filter((i): i is string => Boolean(i)))].sort().slice(0, MAX_IDS);
  const result = useQuery({
    queryKey: ['place-names', unique.join(',')],
    queryFn: async () => {
      const byIds = async (list: string[]) => (list.length ? (await get<Page<TreeNode>>(`/api/v1/locations?limit=${MAX_IDS}&ids=${list.join(',')}`)).items : []);
      const nodes = await byIds(unique);
      const known = new Set(nodes.map((n) => n.id));
      const ancestors = await byIds([...new Set(nodes.flatMap((n) => n.path.split('/').filter((id) => id && !known.has(id))))].slice(0, MAX_IDS));
      const index = buildTreeIndex([...nodes, ...ancestors]);
      return [...index.nodes.values()].filter((n) => known.has(n.id)).map((n) => [n.id, placeLabel(index, n)] as const);
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: (prev) => prev,
  });
  return useMemo(() => new Map(result.data ?? []), [result.data]);
}

/** The same names for pages that read the whole list of locations anyway (audits): `undefined` while it loads or for an unknown id. */
export function usePlaceLabel(): (id: string) => string | undefined {
  const locations = useNamed('locations');
  const index = useMemo(() => (locations.data ? buildTreeIndex(locations.data as unknown as TreeNode[]) : null), [locations.data]);
  return (id: string) => {
    const node = index?.nodes.get(id);
    return node && index ? placeLabel(index, node) : undefined;
  };
}
