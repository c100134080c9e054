import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type Asset, get } from '../api';
import { calendarDate } from '../dates';
import { usePlaceNames } from '../places';
import { useSession } from '../session';

/**
 * What the register holds on an asset when a finding is about the asset itself rather than one field of it (not
 * found by an audit, not seen by discovery): where the register places it, named with its site, and when it was last
 * verified — in words, read from the asset as it is now.
 */
export function AssetInRegister({ id }: { id: string }) {
  const { can } = useSession();
  const asset = useQuery({ queryKey: ['asset', id], queryFn: () => get<Asset>(`/api/v1/assets/${id}`), enabled: can('assets.read'), staleTime: 60_000, retry: false });
  const places = usePlaceNames([asset.data?.locationId]);
  if (!can('assets.read')) return <Text size="sm" c="dimmed">A registered asset (your roles do not show its record)</Text>;
  if (asset.error) return <Text size="sm" c="dimmed">The asset's record is not available</Text>;
  if (!asset.data) return <Text size="sm" c="dimmed">…</Text>;
  const a = asset.data;
  const line = (label: string, text: string) => <Text size="sm"><Text span size="sm" c="dimmed">{label}: </Text>{text}</Text>;
  return (
    <Stack gap={2}>
      {line('Location', a.locationId ? places.get(a.locationId) ?? '…' : 'none recorded')}
      {line('Last verified', a.lastVerifiedOn ? calendarDate(a.lastVerifiedOn) : 'never')}
    </Stack>
  );
}
