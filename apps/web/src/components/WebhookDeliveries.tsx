import { Alert, Badge, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type Page, get, query } from '../api';
import { errorText } from '../access';
import { dateTime } from '../dates';
import { type Webhook, type WebhookDelivery, deliveryColor } from '../webhooks';
import { CursorPager, useCursorPages } from './CursorPager';
import { ScrollTable } from './ScrollTable';

/** A webhook's delivery log, newest first: what was sent, how often it was tried, and the receiver's last answer. */
export function WebhookDeliveriesDialog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const pages = useCursorPages();
  const { cursor } = pages;
  const list = useQuery({
    queryKey: ['webhook-deliveries', webhook.id, cursor],
    queryFn: () => get<Page<WebhookDelivery>>(`/api/v1/webhooks/${webhook.id}/deliveries${query({ cursor, limit: 50 })}`),
    placeholderData: (prev) => prev,
  });
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Deliveries of “${webhook.name}”`} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">Failed attempts are retried after 30 seconds, then twice as long each time; after 8 attempts a delivery is marked failed.</Text>
        {list.isLoading && <Loader role="status" aria-label="Loading deliveries" />}
        {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
        {list.data?.items.length === 0 && <Text c="dimmed">Nothing has been sent to this webhook yet.</Text>}
        {list.data && list.data.items.length > 0 && (
          <ScrollTable minWidth={760} label="Deliveries">
            <Table striped aria-label="Deliveries">
              <Table.Thead><Table.Tr><Table.Th>Queued</Table.Th><Table.Th>Event</Table.Th><Table.Th>Status</Table.Th><Table.Th>Attempts</Table.Th><Table.Th>Last answer</Table.Th><Table.Th>Next attempt</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {list.data.items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{dateTime(d.createdAt)}</Table.Td>
                    <Table.Td ff="monospace">{d.event}{d.eventSeq !== null ? ` #${d.eventSeq}` : ''}</Table.Td>
                    <Table.Td><Badge color={deliveryColor(d.status)}>{d.status}</Badge></Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>{d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : ''}{d.lastError ? `${d.lastStatusCode !== null ? ' — ' : ''}${d.lastError}` : ''}</Table.Td>
                    <Table.Td>{d.nextAttemptAt ? dateTime(d.nextAttemptAt) : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        <CursorPager pages={pages} nextCursor={list.data?.nextCursor ?? null} />
      </Stack>
    </Modal>
  );
}
