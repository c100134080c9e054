import { useQuery } from '@tanstack/react-query';
import { type AssetType, type LifecycleModel, type Named, type Page, get, query } from './api';

/** Reference lists the pages show names from; small and cached for the session. */
export function useAssetTypes(enabled = true) {
  return useQuery({ queryKey: ['asset-types'], queryFn: async () => (await get<Page<AssetType>>('/api/v1/asset-types?limit=500')).items, staleTime: 300_000, enabled });
}

export function useLifecycleModels(enabled = true) {
  return useQuery({ queryKey: ['lifecycle-models'], queryFn: async () => (await get<Page<LifecycleModel>>('/api/v1/lifecycle-models')).items, staleTime: 300_000, enabled });
}

/** Most records a name list reads (pages of 500): a register's org units, locations or catalogue, not its people. */
const MAX_NAMED = 20_000;

/** Every record of a small reference list, with its name (all pages, not only the first: names past it showed as "…"). */
export function useNamed(resource: 'locations' | 'org-units' | 'models' | 'manufacturers' | 'suppliers', enabled = true) {
  return useQuery({
    queryKey: ['named', resource],
    queryFn: async () => {
      const all: Named[] = [];
      let cursor: string | undefined;
      do {
        const page = await get<Page<Named>>(`/api/v1/${resource}${query({ limit: 500, cursor })}`);
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < MAX_NAMED);
      return all;
    },
    staleTime: 300_000,
    enabled,
  });
}

/** The name of one record (an asset's model, supplier, org unit), read once and cached; undefined while loading or for none. */
export function useNameOf(resource: 'org-units' | 'models' | 'manufacturers' | 'suppliers', id: string | null | undefined): string | undefined {
  const result = useQuery({ queryKey: ['named-one', resource, id], queryFn: () => get<Named>(`/api/v1/${resource}/${id}`), enabled: Boolean(id), retry: false, staleTime: 300_000 });
  return result.data?.name;
}

/**
 * Names of the given records (e.g. the people on one page of the register), read in one request and cached. A person
 * who is no longer active is marked "(left)": what they still hold is to be recovered.
 */
export function useNamesById(resource: 'people' | 'locations', ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((i): i is string => Boolean(i)))].sort().slice(0, 100);
  const result = useQuery({
    queryKey: ['names', resource, unique.join(',')],
    queryFn: async () => (await get<Page<Named & { active?: boolean }>>(`/api/v1/${resource}?limit=100&ids=${unique.join(',')}`)).items,
    enabled: unique.length > 0,
    staleTime: 300_000,
    placeholderData: (prev) => prev,
  });
  return new Map((result.data ?? []).map((n) => [n.id, n.active === false ? `${n.name} (left)` : n.name]));
}

/** Every stage of every lifecycle model, by key, with its name (stage keys are shared across model versions). */
export function stageNames(models: LifecycleModel[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of models ?? []) for (const s of m.definition.stages) if (!map.has(s.key)) map.set(s.key, s.name);
  return map;
}
