import { Alert, Anchor, Badge, Button, Drawer, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Page, get, query } from '../api';
import { errorText } from '../access';
import { calendarDate, instantDate } from '../dates';
import { type PurchaseRequest, REQUEST_STATUS, itemText, totalText } from '../procurement';
import { useSession } from '../session';
import { CursorPager, useCursorPages } from '../components/CursorPager';
import { PurchaseRequestDetail } from '../components/PurchaseRequestDetail';
import { PurchaseRequestDialog } from '../components/PurchaseRequestDialog';
import { ScrollTable } from '../components/ScrollTable';

const STATUS_FILTER = [{ value: '', label: 'Any status' }, ...Object.entries(REQUEST_STATUS).map(([value, s]) => ({ value, label: s.label }))];
const WHOSE_FILTER = [{ value: '', label: 'Everyone\'s' }, { value: 'me', label: 'Mine' }];

/**
 * Purchase requests (ITAM practice guide Table 2.2, Acquire: approved requests for procurement): the requests of your
 * scope, newest first, filtered by status and requester; "Request a purchase" for those who may; a request opens in a
 * drawer with the actions the server offers the reader.
 */
export function PurchaseRequestsPage() {
  const { can } = useSession();
  // Filters and the open request live in the URL: Back finds them again, and a request can be shared by its link.
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const requester = params.get('requester') ?? '';
  const open = params.get('request');
  const setParam = (key: 'status' | 'requester' | 'request', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    setParams(next, { replace: key !== 'request' });
  };
  const pages = useCursorPages(JSON.stringify([status, requester]));
  const { cursor } = pages;
  const [asking, setAsking] = useState(false);
  const list = useQuery({
    queryKey: ['purchase-requests', 'list', status, requester, cursor],
    queryFn: () => get<Page<PurchaseRequest>>(`/api/v1/purchase-requests${query({ status, requester, cursor, limit: 25 })}`),
    placeholderData: (prev) => prev,
    enabled: can('procurement.read'),
  });

  if (!can('procurement.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not include purchase requests. Ask an IT asset manager if you need to request equipment.</Alert>;
  const filtered = Boolean(status || requester);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">Purchase requests</Title>
          <Text size="sm" c="dimmed" maw={640}>Ask for equipment to be bought for an org unit. Someone other than the requester approves or rejects it; an approved request is ordered, which registers the assets on order.</Text>
        </div>
        {can('procurement.request') && <Button onClick={() => setAsking(true)}>Request a purchase</Button>}
      </Group>
      <Group align="flex-end">
        <Select label="Status" data={STATUS_FILTER} value={status} onChange={(v) => setParam('status', v)} allowDeselect={false} w={220} />
        <Select label="Requested by" data={WHOSE_FILTER} value={requester} onChange={(v) => setParam('requester', v)} allowDeselect={false} w={180} />
      </Group>
      {list.isLoading && <Loader role="status" aria-label="Loading purchase requests" />}
      {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
      {list.data && list.data.items.length === 0 && (
        <Text c="dimmed">
          {filtered ? 'No purchase request matches these filters.'
            : can('procurement.request') ? 'No purchase request yet. Request a purchase to ask for equipment for your org unit.' : 'No purchase request in your area yet.'}
        </Text>
      )}
      {list.data && list.data.items.length > 0 && (
        <ScrollTable minWidth={820} label="Purchase requests">
          <Table striped highlightOnHover aria-label="Purchase requests">
            <Table.Thead><Table.Tr><Table.Th>What</Table.Th><Table.Th>Org unit</Table.Th><Table.Th>Requested by</Table.Th><Table.Th>Estimated total</Table.Th><Table.Th>Needed by</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Anchor component={Link} to={`?${new URLSearchParams({ ...Object.fromEntries(params), request: r.id }).toString()}`}>{r.quantity} × {itemText(r)}</Anchor></Table.Td>
                  <Table.Td>{r.orgUnit.name}</Table.Td>
                  <Table.Td>{r.requester.name}<Text span size="xs" c="dimmed"> · {instantDate(r.createdAt)}</Text></Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{totalText(r)}</Table.Td>
                  <Table.Td>{calendarDate(r.neededBy)}</Table.Td>
                  <Table.Td><Badge variant="light" color={REQUEST_STATUS[r.status].color}>{REQUEST_STATUS[r.status].label}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {(pages.hasPrevious || list.data?.nextCursor) && <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />}
      <Drawer opened={Boolean(open)} onClose={() => setParam('request', null)} position="right" size="xl" title="Purchase request" closeButtonProps={{ 'aria-label': 'Close' }}>
        {open && <PurchaseRequestDetail id={open} />}
      </Drawer>
      {asking && <PurchaseRequestDialog onClose={() => setAsking(false)} onSaved={(r) => { setAsking(false); setParam('request', r.id); }} />}
    </Stack>
  );
}
