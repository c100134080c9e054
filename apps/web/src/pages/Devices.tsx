import { Alert, Anchor, Badge, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { type Page, get, query } from '../api';
import { errorText } from '../access';
import { dateTime } from '../dates';
import { type DiscoveredDevice, megabytes } from '../discovery';
import { useSession } from '../session';
import { AssetLink } from '../components/AssetLink';
import { ScrollTable } from '../components/ScrollTable';
import { CursorPager, useCursorPages } from '../components/CursorPager';

/**
 * Orders of the list. The default moves while agents report (a device seen again goes back to the first page, so
 * someone paging on misses it); by host name it stays put, to walk the whole list.
 */
const SORTS = [{ value: '-lastSeenAt', label: 'Most recently seen' }, { value: 'hostname', label: 'Host name' }];

/** Devices reported by discovery agents and inventory files, most recently seen first or by host name; filters and order in the URL. */
export function DevicesPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? undefined;
  const linked = params.get('linked') ?? undefined;
  const sort = params.get('sort') === 'hostname' ? 'hostname' : undefined;
  const pages = useCursorPages(JSON.stringify([q, linked, sort]));
  const { cursor } = pages;
  const list = useQuery({
    queryKey: ['devices', { q, linked, sort }, cursor],
    queryFn: () => get<Page<DiscoveredDevice>>(`/api/v1/devices${query({ q, linked, sort, cursor, limit: 50 })}`),
    placeholderData: (prev) => prev,
    enabled: can('discovery.read'),
  });
  if (!can('discovery.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see discovered devices.</Alert>;

  const setFilter = (key: 'q' | 'linked' | 'sort', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    setParams(next);
    pages.first();
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Devices</Title>
        {(can('discovery.manage') || can('imports.run')) && <Button component={Link} to="/admin/discovery" variant="default">{can('discovery.manage') ? 'Discovery settings and inventory upload' : 'Upload an inventory file'}</Button>}
      </Group>
      <Group align="flex-end" gap="sm">
        <TextInput label="Search" placeholder="Host name, serial or operating system" defaultValue={q ?? ''} key={q ?? ''}
          onKeyDown={(e) => { if (e.key === 'Enter') setFilter('q', e.currentTarget.value.trim() || null); }}
          onBlur={(e) => { if ((e.currentTarget.value.trim() || undefined) !== q) setFilter('q', e.currentTarget.value.trim() || null); }} />
        <Select label="In the register" placeholder="Linked or not" clearable clearButtonProps={{ 'aria-label': 'Clear' }}
          data={[{ value: 'true', label: 'Linked to an asset' }, { value: 'false', label: 'Not registered' }]} value={linked ?? null} onChange={(v) => setFilter('linked', v)} />
        <Select label="Order" allowDeselect={false} data={SORTS} value={sort ?? '-lastSeenAt'} onChange={(v) => setFilter('sort', v === 'hostname' ? v : null)} />
      </Group>
      {!sort && pages.hasPrevious && <Text size="sm" c="dimmed">Devices move to the first page when they report again, so paging on may skip some: order by host name to go through them all.</Text>}
      {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
      {list.isLoading && <Loader role="status" aria-label="Loading devices" />}
      {list.data && list.data.items.length === 0 && (
        <Text c="dimmed">{q || linked ? 'No device matches these filters.' : 'No device has been discovered yet. Point an agent at this server with an agent token, or upload an inventory file.'}</Text>
      )}
      {list.data && list.data.items.length > 0 && (
        <ScrollTable minWidth={820} label="Devices">
          <Table striped highlightOnHover aria-label="Devices">
            <Table.Thead><Table.Tr><Table.Th>Host name</Table.Th><Table.Th>Operating system</Table.Th><Table.Th>Hardware</Table.Th><Table.Th>Last seen</Table.Th><Table.Th>Asset</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/devices/${d.id}`} size="sm">{d.hostname ?? d.serial ?? d.id.slice(0, 8)}</Anchor>
                    {d.status === 'ignored' && <Badge ml="xs" size="xs" variant="light" color="gray">ignored</Badge>}
                  </Table.Td>
                  <Table.Td><Text span size="sm">{d.osFullName ?? ([d.osName, d.osVersion].filter(Boolean).join(' ') || '—')}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm">{[d.manufacturer, d.model].filter(Boolean).join(' ') || d.virtualization || '—'}</Text>
                    {(d.cpuSummary || d.memoryMb) && <Text size="xs" c="dimmed">{[d.cpuSummary, d.memoryMb ? megabytes(d.memoryMb) : null].filter(Boolean).join(' · ')}</Text>}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}><Text span size="sm">{dateTime(d.lastSeenAt)}</Text></Table.Td>
                  <Table.Td>{d.assetId ? <AssetLink id={d.assetId} /> : <Badge variant="light" color="orange" styles={{ label: { color: 'var(--mantine-color-text)' } }}>not registered</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
    </Stack>
  );
}
