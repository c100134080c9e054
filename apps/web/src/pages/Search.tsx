import { Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { type Asset, type Named, type Page, get, query } from '../api';
import { useSession } from '../session';
import { stageNames, useLifecycleModels } from '../lookups';

/** Global search: assets by tag, serial or name, and people by name or e-mail (their page and their assets one click away). */
export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const { can } = useSession();
  const assets = useQuery({ queryKey: ['search-assets', q], queryFn: () => get<Page<Asset>>(`/api/v1/assets${query({ q, limit: 20, includeTotal: 'true' })}`), enabled: Boolean(q) && can('assets.read') });
  const stages = stageNames(useLifecycleModels().data);
  const people = useQuery({ queryKey: ['search-people', q], queryFn: () => get<Page<Named>>(`/api/v1/people${query({ q, limit: 20 })}`), enabled: Boolean(q) && can('register.read') });
  if (!q) return <Text c="dimmed">Type a tag, serial number, name or person in the search box (press / or Ctrl+K to get there).</Text>;
  return (
    <Stack>
      <Title order={1} size="h2">Results for “{q}”</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4">Assets</Title>
            {Boolean(assets.data?.total) && <Anchor component={Link} to={`/assets${query({ q })}`} size="sm">All {assets.data!.total} in the register</Anchor>}
          </Group>
          {assets.isLoading ? <Loader size="sm" role="status" aria-label="Searching assets" /> : assets.data?.items.length ? (
            <Stack gap={4}>
              {assets.data.items.map((a) => (
                <Group key={a.id} gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/assets/${a.id}`} ff="monospace">{a.tag}</Anchor>
                  <Text size="sm" truncate>{a.name}</Text>
                  {a.serial && <Text size="xs" c="dimmed">{a.serial}</Text>}
                  <Badge size="xs" variant="light">{stages.get(a.stage) ?? a.stage}</Badge>
                </Group>
              ))}
            </Stack>
          ) : <Text size="sm" c="dimmed">No asset matches.</Text>}
        </Card>
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4">People</Title>
            {people.data?.nextCursor && <Anchor component={Link} to={`/admin/people${query({ q })}`} size="sm">All matching people</Anchor>}
          </Group>
          {people.isLoading ? <Loader size="sm" role="status" aria-label="Searching people" /> : people.data?.items.length ? (
            <Stack gap={4}>
              {people.data.items.map((p) => (
                <Group key={p.id} gap="xs">
                  <Anchor component={Link} to={`/admin/people${query({ person: p.id })}`}>{p.name}</Anchor>
                  {p.email && <Text size="xs" c="dimmed">{p.email}</Text>}
                  <Anchor component={Link} to={`/assets${query({ assignedPersonId: p.id })}`} size="xs" aria-label={`Assets assigned to ${p.name}`}>assets</Anchor>
                </Group>
              ))}
            </Stack>
          ) : <Text size="sm" c="dimmed">No person matches.</Text>}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
