import { Alert, Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, type Page, get, query } from '../api';
import { errorText } from '../access';
import { dateOrText, dateTime } from '../dates';
import { type DeviceDetail, type Discrepancy, type InstalledSoftware, megabytes, showValue } from '../discovery';
import { AssetLink } from '../components/AssetLink';
import { Detail } from '../components/Detail';
import { KindBadge } from '../components/KindBadge';
import { ScrollTable } from '../components/ScrollTable';
import { CursorPager, useCursorPages } from '../components/CursorPager';
import { HistoryCard } from '../components/HistoryCard';

type Row = Record<string, unknown>;
interface Column { key: string; label: string; show?: (v: unknown) => ReactNode }

const text = (v: unknown) => showValue(v);
const mhz = (v: unknown) => (typeof v === 'number' ? `${v.toLocaleString()} MHz` : '—');
const yesNo = (v: unknown) => (v === null || v === undefined ? '—' : v ? 'Yes' : 'No');

const CPU_COLUMNS: Column[] = [{ key: 'name', label: 'Processor' }, { key: 'manufacturer', label: 'Manufacturer' }, { key: 'cores', label: 'Cores' }, { key: 'threads', label: 'Threads' }, { key: 'speedMhz', label: 'Speed', show: mhz }];
const MEMORY_COLUMNS: Column[] = [{ key: 'slot', label: 'Slot' }, { key: 'capacityMb', label: 'Capacity', show: megabytes }, { key: 'type', label: 'Type' }, { key: 'speedMhz', label: 'Speed', show: mhz }, { key: 'serial', label: 'Serial' }];
const STORAGE_COLUMNS: Column[] = [{ key: 'name', label: 'Name' }, { key: 'model', label: 'Model' }, { key: 'manufacturer', label: 'Manufacturer' }, { key: 'sizeMb', label: 'Size', show: megabytes }, { key: 'type', label: 'Type' }, { key: 'serial', label: 'Serial' }];
const NETWORK_COLUMNS: Column[] = [{ key: 'name', label: 'Interface' }, { key: 'mac', label: 'MAC address' }, { key: 'ipv4', label: 'IPv4' }, { key: 'ipv6', label: 'IPv6' }, { key: 'type', label: 'Type' }, { key: 'virtual', label: 'Virtual', show: yesNo }, { key: 'up', label: 'Up', show: yesNo }];
const MONITOR_COLUMNS: Column[] = [{ key: 'name', label: 'Monitor' }, { key: 'manufacturer', label: 'Manufacturer' }, { key: 'serial', label: 'Serial' }];

function ComponentTable({ title, rows, columns, empty }: { title: string; rows: Row[]; columns: Column[]; empty: string }) {
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">{title}</Title>
      {rows.length === 0 ? <Text size="sm" c="dimmed">{empty}</Text> : (
        <ScrollTable minWidth={520} label={title}>
          <Table fz="sm" aria-label={title}>
            <Table.Thead><Table.Tr>{columns.map((c) => <Table.Th key={c.key}>{c.label}</Table.Th>)}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => <Table.Tr key={i}>{columns.map((c) => <Table.Td key={c.key} style={{ overflowWrap: 'anywhere' }}>{(c.show ?? text)(r[c.key])}</Table.Td>)}</Table.Tr>)}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Card>
  );
}

/** One discovered device: identity, operating system, components, its software (searchable, paged) and recent inventories. */
export function DevicePage() {
  const { id = '' } = useParams();
  const device = useQuery({ queryKey: ['device', id], queryFn: () => get<DeviceDetail>(`/api/v1/devices/${id}`), retry: false });
  const open = useQuery({ queryKey: ['discrepancies', { deviceId: id, status: 'open' }], queryFn: () => get<Page<Discrepancy>>(`/api/v1/discrepancies${query({ deviceId: id, status: 'open', limit: 20, includeTotal: 'true' })}`), enabled: Boolean(device.data) });
  const d = device.data;
  if (device.isLoading) return <Loader role="status" aria-label="Loading" />;
  if (device.error || !d) {
    return <Alert color="red" role="alert" title="Device not available">{device.error instanceof ApiError && device.error.status === 404 ? 'There is no such device, or it is outside what your role lets you see.' : errorText(device.error)}</Alert>;
  }
  const c = d.components;
  const openCount = open.data?.total ?? open.data?.items.length ?? 0;
  return (
    <Stack>
      <div>
        <Anchor component={Link} to="/devices" size="sm">← Devices</Anchor>
        <Title order={1} size="h2">{d.hostname ?? d.serial ?? 'Unnamed device'}</Title>
        <Group gap="xs">
          {d.assetId ? <Text size="sm">Asset <AssetLink id={d.assetId} /></Text> : <Badge variant="light" color="orange" styles={{ label: { color: 'var(--mantine-color-text)' } }}>not registered</Badge>}
          {d.status === 'ignored' && <Badge variant="light" color="gray">ignored</Badge>}
          <Text size="sm" c="dimmed">Last seen {dateTime(d.lastSeenAt)}</Text>
        </Group>
      </div>

      {open.data && open.data.items.length > 0 && (
        <Alert color="blue" title={`${openCount} open discrepanc${openCount === 1 ? 'y' : 'ies'}`} styles={{ title: { color: 'var(--mantine-color-text)' } }}>
          <Stack gap={4}>
            {open.data.items.map((x) => (
              <Group key={x.id} gap="xs" wrap="nowrap"><KindBadge kind={x.kind} /><Anchor component={Link} to={`/discrepancies?deviceId=${d.id}&item=${x.id}`} size="sm">{x.summary}</Anchor></Group>
            ))}
            {openCount > open.data.items.length && <Anchor component={Link} to={`/discrepancies?deviceId=${d.id}`} size="sm">See all {openCount}</Anchor>}
          </Stack>
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">Identity</Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <Detail label="Host name">{d.hostname ?? '—'}</Detail>
            <Detail label="Fully qualified name">{d.fqdn ?? '—'}</Detail>
            <Detail label="Serial number">{d.serial ?? '—'}</Detail>
            <Detail label="UUID"><span style={{ overflowWrap: 'anywhere' }}>{d.uuid ?? '—'}</span></Detail>
            <Detail label="Manufacturer">{d.manufacturer ?? '—'}</Detail>
            <Detail label="Model">{d.model ?? '—'}</Detail>
            <Detail label="Virtualisation">{d.virtualization ?? 'Physical or not reported'}</Detail>
            <Detail label="Reported by">{[d.agent, d.source].filter(Boolean).join(' · ') || '—'}</Detail>
            <Detail label="IP addresses"><span style={{ overflowWrap: 'anywhere' }}>{showValue(d.ipAddresses)}</span></Detail>
            <Detail label="Location by network">
              {d.reportsFrom
                ? <>Reports from <Anchor component={Link} to={`/admin/locations?id=${d.reportsFrom.locationId}`} size="sm">{d.reportsFrom.name}</Anchor> ({d.reportsFrom.range})</>
                : 'No location\'s network range holds its addresses'}
            </Detail>
            <Detail label="MAC addresses"><span style={{ overflowWrap: 'anywhere' }}>{showValue(d.macs)}</span></Detail>
            <Detail label="First seen">{dateTime(d.firstSeenAt)}</Detail>
            <Detail label="Collected by the agent">{dateTime(d.collectedAt)}</Detail>
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">Operating system and capacity</Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <Detail label="Operating system">{d.osFullName ?? d.osName ?? '—'}</Detail>
            <Detail label="Version">{d.osVersion ?? '—'}</Detail>
            <Detail label="Processors">{d.cpuSummary ?? '—'}</Detail>
            <Detail label="Memory">{megabytes(d.memoryMb)}</Detail>
            <Detail label="Installed software">{d.softwareCount.toLocaleString()} packages</Detail>
          </SimpleGrid>
        </Card>
      </SimpleGrid>

      <ComponentTable title="Processors" rows={c.cpus} columns={CPU_COLUMNS} empty="No processor reported." />
      <ComponentTable title="Memory modules" rows={c.memories} columns={MEMORY_COLUMNS} empty="No memory module reported." />
      <ComponentTable title="Disks" rows={c.storages} columns={STORAGE_COLUMNS} empty="No disk reported." />
      <ComponentTable title="Network interfaces" rows={c.networks} columns={NETWORK_COLUMNS} empty="No network interface reported." />
      {c.monitors.length > 0 && <ComponentTable title="Monitors" rows={c.monitors} columns={MONITOR_COLUMNS} empty="" />}

      <SoftwareCard deviceId={d.id} />

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">Recent inventories</Title>
        {d.snapshots.length === 0 ? <Text size="sm" c="dimmed">No inventory kept.</Text> : (
          <ScrollTable minWidth={640} label="Recent inventories">
            <Table fz="sm" aria-label="Recent inventories">
              <Table.Thead><Table.Tr><Table.Th>Received</Table.Th><Table.Th>Collected</Table.Th><Table.Th>Source</Table.Th><Table.Th>Format</Table.Th><Table.Th>Outcome</Table.Th><Table.Th>Size</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {d.snapshots.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{dateTime(s.receivedAt)}</Table.Td><Table.Td>{dateTime(s.collectedAt)}</Table.Td><Table.Td>{s.source}</Table.Td>
                    <Table.Td>{s.format}{s.partial ? ' (partial)' : ''}</Table.Td>
                    <Table.Td>{s.outcome}{s.anomaly ? <Text span size="xs" c="dimmed"> — {s.anomaly}</Text> : null}</Table.Td>
                    <Table.Td>{(s.sizeBytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} KiB</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Card>
      {/* Discovered, linked to an asset, software changes: when and by which inventory. */}
      <HistoryCard queryKey={['device-history', d.id, d.version]} path={`/api/v1/devices/${d.id}/history`} />
    </Stack>
  );
}

function SoftwareCard({ deviceId }: { deviceId: string }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const pages = useCursorPages();
  const { cursor } = pages;
  const software = useQuery({
    queryKey: ['device-software', deviceId, q, cursor],
    queryFn: () => get<Page<InstalledSoftware>>(`/api/v1/devices/${deviceId}/software${query({ q, cursor, limit: 50 })}`),
    placeholderData: (prev) => prev,
  });
  const total = software.data?.total;
  return (
    <Card withBorder>
      <Group justify="space-between" align="flex-end" mb="sm">
        <Title order={2} size="h4">Installed software</Title>
        <TextInput label="Search software" placeholder="Name or publisher" value={search} onChange={(e) => { setSearch(e.currentTarget.value); pages.first(); }} />
      </Group>
      {software.error && <Alert color="red" role="alert">{errorText(software.error)}</Alert>}
      {total !== undefined && <Text size="sm" c="dimmed" aria-live="polite" mb="xs">{total.toLocaleString()} package{total === 1 ? '' : 's'}{q ? ` matching “${q}”` : ''}</Text>}
      {software.data && software.data.items.length > 0 && (
        <ScrollTable minWidth={640} label="Installed software">
          <Table fz="sm" striped aria-label="Installed software">
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Version</Table.Th><Table.Th>Publisher</Table.Th><Table.Th>Architecture</Table.Th><Table.Th>Installed</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {software.data.items.map((s, i) => (
                <Table.Tr key={`${s.name}-${s.version ?? ''}-${i}`}>
                  <Table.Td>{s.name}</Table.Td><Table.Td style={{ overflowWrap: 'anywhere' }}>{s.version ?? '—'}</Table.Td><Table.Td>{s.publisher ?? '—'}</Table.Td><Table.Td>{s.arch ?? '—'}</Table.Td><Table.Td>{s.installDate ? dateOrText(s.installDate) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CursorPager pages={pages} nextCursor={software.data?.nextCursor} size="xs" mt="sm" />
    </Card>
  );
}
