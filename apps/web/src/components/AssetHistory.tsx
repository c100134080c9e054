import { Alert, Button, Card, Group, Loader, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type Asset, type HistoryEvent, type Page, get, query } from '../api';
import { assetHistoryRows, namedIds } from '../history-rows';
import { useAssetTypes, useLifecycleModels } from '../lookups';
import { useRecordNames } from '../reference';
import { HistoryTimeline } from './HistoryTimeline';
import { usePlaceNames } from '../places';

/** Tags and names of the assets an event refers to (asset reference attributes). */
function useAssetNames(ids: string[]) {
  const wanted = ids.slice(0, 100);
  const result = useQuery({
    queryKey: ['asset-names', wanted.join(',')],
    queryFn: async () => (await get<Page<Asset>>(`/api/v1/assets?limit=100&ids=${wanted.join(',')}`)).items,
    enabled: wanted.length > 0,
    staleTime: 60_000,
  });
  return useMemo(() => new Map((result.data ?? []).map((a) => [a.id, `${a.tag} · ${a.name}`])), [result.data]);
}

/**
 * An asset's history, newest first, fifty events at a time, as people read it: field labels, names instead of ids,
 * each changed attribute and each piece of transition evidence on its own line.
 */
export function AssetHistory({ asset }: { asset: Asset }) {
  const history = useInfiniteQuery({
    queryKey: ['history', asset.id, asset.version],
    queryFn: ({ pageParam }) => get<Page<HistoryEvent>>(`/api/v1/assets/${asset.id}/history${query({ limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const types = useAssetTypes();
  const models = useLifecycleModels();
  const events = useMemo(() => history.data?.pages.flatMap((p) => p.items) ?? [], [history.data]);
  const ids = useMemo(() => namedIds(events, types.data ?? [], models.data ?? []), [events, types.data, models.data]);
  const people = useRecordNames('people', ids.people);
  const locations = usePlaceNames(ids.locations);
  const units = useRecordNames('org-units', ids['org-units']);
  const catalogue = useRecordNames('models', ids.models);
  const makers = useRecordNames('manufacturers', ids.manufacturers);
  const suppliers = useRecordNames('suppliers', ids.suppliers);
  const assets = useAssetNames(ids.assets);
  const names = useMemo(() => new Map([...people, ...locations, ...units, ...catalogue, ...makers, ...suppliers, ...assets]), [people, locations, units, catalogue, makers, suppliers, assets]);
  const lookups = { types: types.data ?? [], models: models.data ?? [], names, assetTypeId: asset.assetTypeId, lifecycleModelId: asset.lifecycleModelId, currency: asset.purchaseCurrency };

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">History</Title>
      {history.error && <Alert color="red" role="alert">The history could not be loaded.</Alert>}
      {history.data ? <HistoryTimeline events={events} rowsOf={(e) => assetHistoryRows(e, lookups)} /> : !history.error && <Loader size="sm" role="status" aria-label="Loading history" />}
      {history.hasNextPage && <Group mt="sm"><Button variant="default" size="xs" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>Show older changes</Button></Group>}
    </Card>
  );
}
