import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type Page, get } from './api';
import { useNamed } from './lookups';
import { type TreeNode, buildTreeIndex, placeLabel } from './reference';

/** Most ids one request names (the list's page size). */
const MAX_IDS = 100;

/** Pages of namesakes read at most (a name borne by more places than that is told apart among those read). */
const MAX_NAMESAKE_PAGES = 10;

/**
 * Places named as the register's cells name them — "Stockroom · Berlin Mitte", never a bare "Stockroom", since every
 * building has one, and "Room 101 · Building A · Berlin Mitte" when the site has another Room 101 — for the few
 * locations a page shows (an asset, its moves, its history): the locations are read by id, then their ancestors and
 * the places bearing their names (`namesakesOf`) at once: two round trips. An id not read yet (or not visible) is
 * absent from the map.
 */
export function usePlaceNames(ids: (string | null | undefined)[]): Map<string, string> {
  const unique = [...new Set(ids.filter((i): i is string => Boolean(i)))].sort().slice(0, MAX_IDS);
  const result = useQuery({
    queryKey: ['place-names', unique.join(',')],
    queryFn: async () => {
      const byIds = async (list: string[]) => (list.length ? (await get<Page<TreeNode>>(`/api/v1/locations?limit=${MAX_IDS}&ids=${list.join(',')}`)).items : []);
      const nodes = await byIds(unique);
      const known = new Set(nodes.map((n) => n.id));
      const namesakes: TreeNode[] = [];
      const readNamesakes = async () => {
        if (!nodes.length) return;
        let cursor: string | null = null;
        for (let page = 0; page < MAX_NAMESAKE_PAGES; page++) {
          const res: Page<TreeNode> = await get<Page<TreeNode>>(`/api/v1/locations?limit=${MAX_IDS}&namesakesOf=${nodes.map((n) => n.id).join(',')}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          namesakes.push(...res.items);
          cursor = res.nextCursor;
          if (!cursor) return;
        }
      };
      const [ancestors] = await Promise.all([
        byIds([...new Set(nodes.flatMap((n) => n.path.split('/').filter((id) => id && !known.has(id))))].slice(0, MAX_IDS)),
        readNamesakes(),
      ]);
      // Namesakes count by their paths only; the index keeps each node once.
      const index = buildTreeIndex([...namesakes, ...ancestors, ...nodes]);
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
