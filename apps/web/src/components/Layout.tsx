import { AppShell, Burger, Button, Group, NavLink, Text, TextInput, Title, Loader, Center, Kbd } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { useRef } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { post } from '../api';
import { useSession } from '../session';
import { ReferenceNav } from './ReferenceNav';

/** The frame of every signed-in page: header with global search (Ctrl+K or /), navigation, sign-out. */
export function Layout() {
  const { session, loading, can, refresh } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const search = useRef<HTMLInputElement>(null);
  useHotkeys([['mod+K', () => search.current?.focus()], ['/', () => search.current?.focus()]]);
  const signOut = async () => { close(); await post('/api/v1/auth/logout'); await refresh(); navigate('/sign-in'); };

  if (loading) return <Center h="100vh"><Loader role="status" aria-label="Loading" /></Center>;
  if (!session) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  const links = [
    { to: '/', label: 'Overview', show: true },
    { to: '/assets', label: 'Register', show: can('assets.read') },
    { to: '/me', label: 'My assets', show: can('self.assets') },
    { to: '/import', label: 'Import', show: can('imports.run') },
    { to: '/purchase-requests', label: 'Purchase requests', show: can('procurement.read') },
    { to: '/audits', label: 'Audits', show: can('audits.read') },
    { to: '/discrepancies', label: 'Discrepancies', show: can('discovery.read') },
    { to: '/devices', label: 'Devices', show: can('discovery.read') },
    { to: '/admin/accounts', label: 'Users and roles', show: can('accounts.read') },
    { to: '/admin/discovery', label: 'Discovery settings', show: can('discovery.manage') },
    { to: '/admin/webhooks', label: 'Webhooks', show: can('integrations.manage') },
    { to: '/admin/security-log', label: 'Security log', show: can('security.read') },
    { to: '/admin/history', label: 'History integrity', show: can('security.read') },
    { to: '/admin/asset-types', label: 'Asset types', show: can('lifecycle.read') },
    { to: '/admin/lifecycle-models', label: 'Lifecycle models', show: can('lifecycle.read') },
    { to: '/account', label: 'Your account', show: true },
  ].filter((l) => l.show && (!session.twoFactorSetupRequired || l.to === '/account'));
  // A role that requires two-factor: every other page would answer 403 TWO_FACTOR_ENROLMENT_REQUIRED until it is set up.
  if (session.twoFactorSetupRequired && location.pathname !== '/account') return <Navigate to="/account" replace />;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={1} size="h4"><Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>Custodia</Link></Title>
          </Group>
          {can('assets.read') && !session.twoFactorSetupRequired && (
            <form role="search" onSubmit={(e) => { e.preventDefault(); const q = search.current?.value.trim(); navigate(`/search${q ? `?q=${encodeURIComponent(q)}` : ''}`); }} style={{ flex: 1, maxWidth: 420 }}>
              <TextInput ref={search} aria-label="Search assets and people" placeholder="Search tag, serial, name, person…" rightSection={<Kbd size="xs">/</Kbd>} />
            </form>
          )}
          <Group gap="xs" wrap="nowrap" visibleFrom="xs">
            <Text size="sm" c="dimmed">{session.account.displayName}</Text>
            <Button variant="subtle" size="xs" onClick={() => void signOut()}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main" style={{ overflowY: 'auto' }}>
        {/* On a phone the header has no room for the account and sign-out: they open with the menu. */}
        <Group hiddenFrom="xs" justify="space-between" wrap="nowrap" mb="xs" px="xs">
          <Text size="sm" c="dimmed" truncate>{session.account.displayName}</Text>
          <Button variant="default" size="xs" onClick={() => void signOut()}>Sign out</Button>
        </Group>
        {links.map((l) => (
          <NavLink key={l.to} variant="filled" component={Link} to={l.to} label={l.label} active={l.to === '/' ? location.pathname === '/' : location.pathname.startsWith(l.to)} onClick={close} />
        ))}
        {can('register.read') && !session.twoFactorSetupRequired && <ReferenceNav onNavigate={close} />}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
