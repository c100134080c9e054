import { Card, Center, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Suspense, lazy } from 'react';
import { Link } from 'react-router';
import { useSession } from '../session';
import { useMyAssets } from '../self-service';

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
          <MyAssetsCard />
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

/** What I hold: how many assets are assigned to me, how many I have not yet confirmed receiving or should give back, and my open reports. */
function MyAssetsCard() {
  const mine = useMyAssets();
  const items = mine.data ?? [];
  const unconfirmed = items.filter((a) => !a.acknowledgedAt).length;
  // Overdue as the organisation counts it (its day), like the register's "Return overdue" and the My assets page.
  const today = useSession().today();
  const overdue = items.filter((a) => a.expectedReturnDate && a.expectedReturnDate < today).length;
  const reported = items.filter((a) => a.report?.status === 'open').length;
  return (
    <Card withBorder component={Link} to="/me">
      <Text size="sm" c="dimmed">Self-service</Text>
      <Text fw={600}>My assets</Text>
      {mine.isSuccess && (
        <Text size="sm">
          {items.length === 0 ? 'Nothing is assigned to you.' : `${items.length} assigned to you`}
          {unconfirmed > 0 && `, ${unconfirmed} to confirm`}
          {overdue > 0 && `, ${overdue} to return`}
          {reported > 0 && `, ${reported} reported to the IT asset team`}
        </Text>
      )}
    </Card>
  );
}
