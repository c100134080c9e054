import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Page, type Asset, get } from '../api';
import { useSession } from '../session';

/** The landing page: who you are, and a count of what you can reach. */
export function HomePage() {
  const { session, can } = useSession();
  const total = useQuery({ queryKey: ['assets-total'], queryFn: () => get<Page<Asset>>('/api/v1/assets?limit=1&includeTotal=true'), enabled: can('assets.read') });
  return (
    <Stack>
      <Title order={1} size="h2">Welcome, {session?.account.displayName}</Title>
      <Text c="dimmed">Roles: {session?.account.grants.map((g) => `${g.roleName}${g.orgUnitName ? ` (${g.orgUnitName})` : ''}`).join(', ') || 'none yet — ask an administrator'}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {can('assets.read') && (
          <Card withBorder component={Link} to="/assets">
            <Text size="sm" c="dimmed">Assets in your scope</Text>
            <Text size="xl" fw={700}>{total.data?.total?.toLocaleString() ?? '…'}</Text>
          </Card>
        )}
        {can('self.assets') && (
          <Card withBorder component={Link} to="/me">
            <Text size="sm" c="dimmed">Self-service</Text>
            <Text fw={600}>My assets</Text>
          </Card>
        )}
      </SimpleGrid>
    </Stack>
  );
}
