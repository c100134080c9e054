import { Badge, Code, Group, Table, Text, Timeline } from '@mantine/core';
import type { HistoryEvent } from '../api';

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The record's history: who, when, from where, why, and the before/after of each field. */
export function HistoryTimeline({ events }: { events: HistoryEvent[] }) {
  if (!events.length) return <Text c="dimmed">No history yet.</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2}>
      {events.map((e) => (
        <Timeline.Item key={e.seq} title={<Group gap="xs"><Badge size="sm" variant="light">{e.action}</Badge><Text size="sm">{e.actor}</Text><Text size="xs" c="dimmed">via {e.source}</Text></Group>}>
          <Text size="xs" c="dimmed">{new Date(e.occurredAt).toLocaleString()}{e.reason ? ` — ${e.reason}` : ''}</Text>
          <Table withRowBorders={false} fz="xs" mt={4}>
            <Table.Tbody>
              {Object.entries(e.changes).slice(0, 30).map(([field, c]) => (
                <Table.Tr key={field}>
                  <Table.Td w={180}><Code>{field}</Code></Table.Td>
                  <Table.Td c="dimmed">{show(c.before)}</Table.Td>
                  <Table.Td>→ {show(c.after)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
