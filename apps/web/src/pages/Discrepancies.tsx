import { Alert, Anchor, Badge, Button, Drawer, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { type Page, get, query } from '../api';
import { errorText } from '../access';
import { calendarDate, dateTime } from '../dates';
import { DISCREPANCY_KINDS, DISCREPANCY_STATUSES, type Discrepancy } from '../discovery';
import { useSession } from '../session';
import { AssetLink } from '../components/AssetLink';
import { DiscrepancyDetail } from '../components/DiscrepancyDetail';
import { KindBadge } from '../components/KindBadge';
import { ScrollTable } from '../components/ScrollTable';
import { CursorPager, useCursorPages } from '../components/CursorPager';

const STATUS_OPTIONS = [...Object.entries(DISCREPANCY_STATUSES).map(([value, label]) => ({ value, label })), { value: 'all', label: 'Any status' }];
const KIND_OPTIONS = Object.entries(DISCREPANCY_KINDS).map(([value, label]) => ({ value, label }));
/**
 * Orders of the queue. The default moves while agents report (a discrepancy detected again goes back to the first
 * page, so someone paging on misses it); newest raised first stays put, to work through the whole queue.
 */
const SORT_OPTIONS = [{ value: '-detectedAt', label: 'Last detected' }, { value: '-createdAt', label: 'Newest raised' }];

/**
 * The discrepancy queue: what discovery, audits and holders of assets found that the register does not say, last detected first or newest
 * raised first. Filters and order live in the URL (a view can be shared); an item opens in a drawer (`?item=`) with its evidence and the resolutions it allows.
 */
export function DiscrepanciesPage() {
  const { can, today } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'open';
  const kind = params.get('kind') ?? undefined;
  // One device's or one asset's discrepancies (linked from their pages).
  const deviceId = params.get('deviceId') ?? undefined;
  const assetId = params.get('assetId') ?? undefined;
  const item = params.get('item');
  const sort = params.get('sort') === '-createdAt' ? '-createdAt' : undefined;
  const filters = { status: status === 'all' ? undefined : status, kind, deviceId, assetId, sort };
  const pages = useCursorPages(JSON.stringify(filters));
  const { cursor } = pages;
  const list = useQuery({
    queryKey: ['discrepancies', filters, cursor],
    queryFn: () => get<Page<Discrepancy>>(`/api/v1/discrepancies${query({ ...filters, cursor, limit: 50, includeTotal: 'true' })}`),
    placeholderData: (prev) => prev,
    enabled: can('discovery.read'),
  });

  if (!can('discovery.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see the discrepancy queue.</Alert>;

  const setFilter = (key: 'status' | 'kind' | 'sort', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value && !(key === 'status' && value === 'open') && !(key === 'sort' && value === '-detectedAt')) next.set(key, value); else next.delete(key);
    next.delete('item');
    setParams(next);
    pages.first();
  };
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('item', id); else next.delete('item');
    setParams(next);
  };
  const itemLink = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('item', id);
    return `?${next.toString()}`;
  };
  const total = list.data?.total;
  const filtered = status !== 'open' || Boolean(kind) || Boolean(deviceId) || Boolean(assetId);
  const clearSubject = () => {
    const next = new URLSearchParams(params);
    next.delete('deviceId');
    next.delete('assetId');
    next.delete('item');
    setParams(next);
    pages.first();
  };

  return (
    <Stack>
      <Title order={1} size="h2">Discrepancies</Title>
      <Text c="dimmed" size="sm">What discovery, audits and the people holding assets found that the register does not say. Each item is settled by a person: link or register the device, choose which value is right, mark the asset missing, or set it aside with a reason.</Text>
      <Group align="flex-end" gap="sm">
        <Select label="Status" allowDeselect={false} data={STATUS_OPTIONS} value={status} onChange={(v) => setFilter('status', v)} />
        <Select label="Kind" placeholder="Any kind" clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={KIND_OPTIONS} value={kind ?? null} onChange={(v) => setFilter('kind', v)} />
        <Select label="Order" allowDeselect={false} data={SORT_OPTIONS} value={sort ?? '-detectedAt'} onChange={(v) => setFilter('sort', v)} />
        {(deviceId || assetId) && (
          <Group gap="xs">
            <Text size="sm">{deviceId ? <>Of <Anchor component={Link} to={`/devices/${deviceId}`} size="sm">one device</Anchor></> : <>Of <AssetLink id={assetId!} /></>}</Text>
            <Button variant="subtle" size="compact-sm" onClick={clearSubject}>Show all</Button>
          </Group>
        )}
      </Group>
      {!sort && pages.hasPrevious && <Text size="sm" c="dimmed">Discrepancies move to the first page when they are detected again, so paging on may skip some: order by newest raised to go through them all.</Text>}
      {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
      {list.isLoading && <Loader role="status" aria-label="Loading discrepancies" />}
      {total !== undefined && <Text size="sm" c="dimmed" aria-live="polite">{`${total.toLocaleString()} ${status === 'all' ? '' : `${DISCREPANCY_STATUSES[status as keyof typeof DISCREPANCY_STATUSES]?.toLowerCase() ?? ''} `}discrepanc${total === 1 ? 'y' : 'ies'}`}</Text>}
      {list.data && list.data.items.length === 0 && (
        filtered ? <Text c="dimmed">No discrepancy matches these filters.</Text> : (
          <Alert color="green" title="Nothing to check" styles={{ title: { color: 'var(--mantine-color-text)' } }}>Discovery and audits agree with the register.</Alert>
        )
      )}
      {list.data && list.data.items.length > 0 && (
        <ScrollTable minWidth={760} label="Discrepancies">
          <Table striped highlightOnHover aria-label="Discrepancies">
            <Table.Thead><Table.Tr><Table.Th>Kind</Table.Th><Table.Th>Summary</Table.Th><Table.Th>Asset</Table.Th><Table.Th>{sort ? 'Raised' : 'Detected'}</Table.Th><Table.Th>Owner · due</Table.Th>{status !== 'open' && <Table.Th>Status</Table.Th>}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td><KindBadge kind={d.kind} /></Table.Td>
                  <Table.Td><Anchor component={Link} to={itemLink(d.id)} size="sm">{d.summary}</Anchor></Table.Td>
                  <Table.Td>{d.assetId ? <AssetLink id={d.assetId} /> : <Text span size="sm" c="dimmed">not registered</Text>}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}><Text span size="sm">{dateTime(sort ? d.createdAt : d.detectedAt)}</Text></Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text span size="sm">{d.owner ?? ''}{d.owner && d.dueOn ? ' · ' : ''}</Text>
                    {d.dueOn && <Text span size="sm" c={d.status === 'open' && d.dueOn < today() ? 'red.9' : undefined}>{calendarDate(d.dueOn)}{d.status === 'open' && d.dueOn < today() ? ' (overdue)' : ''}</Text>}
                  </Table.Td>
                  {status !== 'open' && <Table.Td><Badge variant="light" color={d.status === 'open' ? 'blue' : 'gray'}>{DISCREPANCY_STATUSES[d.status]}</Badge></Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
      <Drawer opened={Boolean(item)} onClose={() => open(null)} position="right" size="xl" title="Discrepancy" closeButtonProps={{ 'aria-label': 'Close' }}>
        {item && <DiscrepancyDetail id={item} />}
      </Drawer>
    </Stack>
  );
}
