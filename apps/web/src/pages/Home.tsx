import { Card, Center, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Suspense, lazy } from 'react';
import { Link } from 'react-router';
import { useSession } from '../session';

// The charting library is loaded only with the dashboard, in its own chunk.
const DashboardPanel = lazy(() => import('./Dashboard').then((m) => ({ default: m.DashboardPanel })));

/** The landing page: who you are, then the dashboard of the register in your scope (with assets.read). */
export function HomePage() {
  const { session, can } = useSession();
  return (
    <Stack>
      <Title order={1} size="h2">Welcome, {session?.account.displayName}</Title>
      <Text c="dimmed">Roles: {session?.account.grants.map((g) => `${g.roleName}${g.orgUnitName ? ` (${g.orgUnitName})` : ''}`).join(', ') || 'none yet — ask an administrator'}</Text>
      {can('self.assets') && (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Card withBorder component={Link} to="/me">
            <Text size="sm" c="dimmed">Self-service</Text>
            <Text fw={600}>My assets</Text>
          </Card>
        </SimpleGrid>
      )}
      {can('assets.read') && (
        <Suspense fallback={<Center py="xl"><Loader role="status" aria-label="Loading the overview" /></Center>}>
          <DashboardPanel />
        </Suspense>
      )}
    </Stack>
  );
}
