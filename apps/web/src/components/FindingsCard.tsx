import { Alert, Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get } from '../api';

/** GET /api/v1/reports/findings (packages/contracts/src/schemas/reports.ts). */
export interface FindingsReport {
  today: string;
  open: number;
  overdue: number;
  withoutOwner: number;
  ignored: number;
  resolvedLast30Days: number;
  byKind: { kind: string; title: string; open: number; overdue: number }[];
  devices: { total: number; linked: number };
}

const n = (v: number) => v.toLocaleString();

/**
 * Audit findings and non-compliances (ITAM guide Table 2.3) on the overview, for whoever may see the discrepancy
 * queue: open findings by kind with those past due, and how much of what discovery sees is in the register. Each
 * figure opens the queue or the device list filtered on it.
 */
export function FindingsCard() {
  const report = useQuery({ queryKey: ['findings-report'], queryFn: () => get<FindingsReport>('/api/v1/reports/findings') });
  const f = report.data;
  return (
    <Card withBorder component="section" aria-label="Findings to follow up">
      <Title order={2} size="h4" mb="xs">Findings to follow up</Title>
      {report.error ? <Alert color="red" role="alert">The findings could not be loaded.</Alert> : !f ? <Loader size="sm" role="status" aria-label="Loading the findings" /> : (
        <Stack gap={4}>
          <Text size="xl" fw={700}><Anchor component={Link} to="/discrepancies" inherit aria-label={`Open findings: ${n(f.open)}`}>{n(f.open)}</Anchor> <Text span size="sm" fw={400} c="dimmed">open</Text></Text>
          <Text size="sm">{n(f.overdue)} past their due date, {n(f.withoutOwner)} without an owner</Text>
          {f.byKind.map((k) => (
            <Group key={k.kind} justify="space-between" wrap="nowrap">
              <Anchor component={Link} to={`/discrepancies?kind=${encodeURIComponent(k.kind)}`} size="sm">{k.title}</Anchor>
              <Text size="sm" fw={600}>{n(k.open)}{k.overdue > 0 ? ` (${n(k.overdue)} overdue)` : ''}</Text>
            </Group>
          ))}
          <Text size="sm" c="dimmed">{n(f.ignored)} set aside until a date; {n(f.resolvedLast30Days)} resolved in the last 30 days</Text>
          {f.devices.total > 0 && (
            <Text size="sm">
              {n(f.devices.linked)} of {n(f.devices.total)} discovered devices are in the register ({Math.floor((100 * f.devices.linked) / f.devices.total)}%)
              {f.devices.linked < f.devices.total && <>; <Anchor component={Link} to="/devices?linked=false" size="sm">{n(f.devices.total - f.devices.linked)} not registered</Anchor></>}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
