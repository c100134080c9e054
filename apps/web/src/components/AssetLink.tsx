import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Asset, get } from '../api';
import { useSession } from '../session';

/** A link to an asset named by its tag (read once and shared with the asset page's cache). */
export function AssetLink({ id }: { id: string }) {
  const { can } = useSession();
  const asset = useQuery({ queryKey: ['asset', id], queryFn: () => get<Asset>(`/api/v1/assets/${id}`), enabled: can('assets.read'), staleTime: 60_000, retry: false });
  if (!can('assets.read')) return <Text span size="sm">registered</Text>;
  if (asset.error) return <Text span size="sm" c="dimmed">asset not available</Text>;
  return (
    <Anchor component={Link} to={`/assets/${id}`} size="sm" ff={asset.data ? 'monospace' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {asset.data ? asset.data.tag : 'asset'}
    </Anchor>
  );
}
