import { Badge, Group, Table, Text, Timeline } from '@mantine/core';
import type { HistoryEvent } from '../api';
import { type HistoryRow, plainHistoryRows } from '../history-rows';
import { dateTime } from '../dates';

/** Rows shown per event; an event with more says how many more there are (the API has them all). */
const MAX_ROWS = 40;

/**
 * The record's history: who, when, from where, why, and the before/after of each field. `rowsOf` turns an event into
 * readable lines (labels, names); without it, fields show by their names, spelled out.
 */
export function HistoryTimeline({ events, rowsOf }: { events: HistoryEvent[]; rowsOf?: (event: HistoryEvent) => HistoryRow[] }) {
  if (!events.length) return <Text c="dimmed">No history yet.</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2}>
      {events.map((e) => {
        const rows = rowsOf ? rowsOf(e) : plainHistoryRows(e);
        return (
          <Timeline.Item key={e.seq} title={<Group gap="xs"><Badge size="sm" variant="light">{e.action}</Badge><Text size="sm" title={e.actorName ? e.actor : undefined}>{e.actorName ?? e.actor}</Text><Text size="xs" c="dimmed">via {e.source}</Text></Group>}>
            <Text size="xs" c="dimmed">{dateTime(e.occurredAt)}{e.reason ? ` — ${e.reason}` : ''}</Text>
            <Table withRowBorders={false} fz="xs" mt={4} layout="fixed" className="history-changes">
              <Table.Tbody>
                {rows.slice(0, MAX_ROWS).map((r) => (
                  <Table.Tr key={r.key}>
                    <Table.Td style={{ verticalAlign: 'top' }}><Text span fz="xs" fw={500}>{r.label}</Text></Table.Td>
                    <Table.Td c="dimmed" style={{ overflowWrap: 'anywhere', verticalAlign: 'top' }}>{r.before}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere', verticalAlign: 'top' }}>→ {r.after}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {rows.length > MAX_ROWS && <Text size="xs" c="dimmed">and {rows.length - MAX_ROWS} more changes</Text>}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
