import { Badge, Code, Group, Table, Text, Timeline } from '@mantine/core';
import type { HistoryEvent } from '../api';

/** An attached file as history keeps it: its name and the start of its SHA-256 (the whole hash is in the API). */
const isFile = (v: object): v is { fileName: string; sha256: string } => 'fileName' in v && 'sha256' in v;
const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? (isFile(v) ? `${v.fileName} (SHA-256 ${v.sha256.slice(0, 12)}…)` : JSON.stringify(v)) : String(v));

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
