import { Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Page, get, query } from '../api';
import { dateTime } from '../dates';
import type { DiscoveredDevice, Discrepancy } from '../discovery';
import { KindBadge } from './KindBadge';

/** On the asset page: the discovered devices linked to the asset, when each was last seen, and its open discrepancies. */
export function DiscoveryPanel({ assetId }: { assetId: string }) {
  const devices = useQuery({ queryKey: ['asset-discovery', 'devices', assetId], queryFn: () => get<Page<DiscoveredDevice>>(`/api/v1/devices${query({ assetId, limit: 20 })}`) });
  const open = useQuery({ queryKey: ['asset-discovery', 'discrepancies', assetId], queryFn: () => get<Page<Discrepancy>>(`/api/v1/discrepancies${query({ assetId, status: 'open', limit: 20, includeTotal: 'true' })}`) });
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">Discovery</Title>
      {devices.isLoading || open.isLoading ? <Loader size="sm" role="status" aria-label="Loading discovery" /> : (
        <Stack gap="xs">
          {devices.data?.items.length ? devices.data.items.map((d) => (
            <Group key={d.id} gap="xs">
              <Anchor component={Link} to={`/devices/${d.id}`} size="sm">{d.hostname ?? d.serial ?? 'Device'}</Anchor>
              <Text size="sm" c="dimmed">{d.osFullName ?? d.osName ?? ''} · last seen {dateTime(d.lastSeenAt)}</Text>
            </Group>
          )) : <Text size="sm" c="dimmed">No discovered device is linked to this asset.</Text>}
          {open.data?.items.length ? (
            <>
              <Text size="sm" fw={500}>Open discrepancies ({open.data.total ?? open.data.items.length})</Text>
              {open.data.items.map((x) => (
                <Group key={x.id} gap="xs" wrap="nowrap"><KindBadge kind={x.kind} /><Anchor component={Link} to={`/discrepancies?assetId=${assetId}&item=${x.id}`} size="sm">{x.summary}</Anchor></Group>
              ))}
              {open.data.nextCursor && <Anchor component={Link} to={`/discrepancies?assetId=${assetId}`} size="sm">See all {open.data.total ?? ''}</Anchor>}
            </>
          ) : <Text size="sm" c="dimmed">No open discrepancy.</Text>}
        </Stack>
      )}
    </Card>
  );
}
