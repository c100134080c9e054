import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type Page, get } from '../api';
import { dateTime } from '../dates';
import { ScrollTable } from './ScrollTable';

interface ImportRun {
  id: string; kind: string; fileName: string; mode: string; status: string; rows: number; created: number; updated: number; skipped: number;
  actor: string; startedAt: string; finishedAt: string | null;
}

const KIND: Record<string, string> = { assets: 'Assets', people: 'People', locations: 'Locations', models: 'Models' };

/** The latest applied imports (GET /api/v1/imports): which file, by whom, when, and what it created or updated. */
export function RecentImports() {
  const runs = useQuery({ queryKey: ['imports', 'recent'], queryFn: () => get<Page<ImportRun>>('/api/v1/imports?limit=10') });
  const items = runs.data?.items ?? [];
  return (
    <Stack gap="xs" mt="lg">
      <Title order={2} size="h4">Recent imports</Title>
      {runs.isSuccess && items.length === 0 && <Text size="sm" c="dimmed">No file has been imported yet.</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={640} label="Recent imports">
          <Table aria-label="Recent imports">
            <Table.Thead><Table.Tr><Table.Th>File</Table.Th><Table.Th>Holds</Table.Th><Table.Th>Rows</Table.Th><Table.Th>Created</Table.Th><Table.Th>Updated</Table.Th><Table.Th>By</Table.Th><Table.Th>When</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Text size="sm" style={{ wordBreak: 'break-all' }}>{r.fileName}</Text>{r.status !== 'applied' && <Badge ml="xs" size="sm" color="gray">{r.status}</Badge>}</Table.Td>
                  <Table.Td>{KIND[r.kind] ?? r.kind}{r.mode === 'upsert' ? ' (update)' : ''}</Table.Td>
                  <Table.Td>{r.rows}</Table.Td>
                  <Table.Td>{r.created}</Table.Td>
                  <Table.Td>{r.updated}</Table.Td>
                  <Table.Td>{r.actor}</Table.Td>
                  <Table.Td>{dateTime(r.finishedAt ?? r.startedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
