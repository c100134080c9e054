import { Anchor, Card, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { type MonitoredWhen, monitoredDateFilter } from '@custodia/domain';
import { useSession } from '../session';

/** One monitored date of the dashboard (GET /api/v1/reports/dashboard, `monitoredDates`). */
export interface MonitoredDateCount {
  assetTypeId: string; assetTypeKey: string; assetTypeName: string; fieldKey: string; label: string; leadDays: number; soon: number; passed: number;
}

const n = (v: number) => v.toLocaleString();

/** A count leading to the register filtered on the assets it counts; its name says what it counts. */
function CountLink({ date, when }: { date: MonitoredDateCount; when: MonitoredWhen }) {
  const value = when === 'soon' ? date.soon : date.passed;
  if (value === 0) return <Text size="sm">0</Text>;
  const what = when === 'soon' ? `coming up within ${date.leadDays} days` : 'passed';
  const to = `/assets?monitoredDate=${monitoredDateFilter({ typeKey: date.assetTypeKey, fieldKey: date.fieldKey, when })}`;
  return <Anchor component={Link} to={to} state={{ keepView: true }} size="sm" fw={600} aria-label={`${date.label} (${date.assetTypeName}) ${what}: ${n(value)}`}>{n(value)}</Anchor>;
}

/**
 * The dates asset types monitor (ITAM practice guide Table 2.2, dates to be monitored): per type and date, how many
 * assets in service have it coming up within its lead, and how many have it passed.
 */
export function MonitoredDatesCard({ dates }: { dates: MonitoredDateCount[] }) {
  const { can } = useSession();
  return (
    <Card withBorder component="section" aria-label="Monitored dates">
      <Title order={2} size="h4" mb="xs">Monitored dates</Title>
      {dates.length === 0 ? (
        <Text size="sm" c="dimmed">
          No asset type monitors a date yet.{can('lifecycle.manage') && <> On <Anchor component={Link} to="/admin/asset-types" size="sm" underline="always">Asset types</Anchor>, a date attribute can be marked as monitored.</>}
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={2} aria-label="Monitored dates, figures">
          <Table.Thead>
            <Table.Tr><Table.Th>Date</Table.Th><Table.Th ta="right">Coming up</Table.Th><Table.Th ta="right">Passed</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {dates.map((d) => (
              <Table.Tr key={`${d.assetTypeId}.${d.fieldKey}`}>
                <Table.Td><Text size="sm">{d.label}</Text><Text size="xs" c="dimmed">{d.assetTypeName} · {d.leadDays} days ahead</Text></Table.Td>
                <Table.Td ta="right"><CountLink date={d} when="soon" /></Table.Td>
                <Table.Td ta="right"><CountLink date={d} when="passed" /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
