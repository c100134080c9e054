import { Alert, Button, Card, Group, Loader, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { get } from '../api';
import { calendarMonth } from '../dates';
import { RESOLVED_AS } from '../discovery';

type ResolvedBy = Record<keyof typeof RESOLVED_AS, number>;
interface TrendFigures { raised: number; resolved: number; resolvedBy: ResolvedBy; openAtEnd: number }

/** GET /api/v1/reports/findings/trend (packages/contracts/src/schemas/reports.ts). */
export interface FindingsTrend {
  today: string;
  timeZone: string;
  months: (TrendFigures & { month: string; from: string; to: string; byKind: (TrendFigures & { kind: string; title: string })[] })[];
}

const MONTHS = 12;
/** Colours with at least 3:1 contrast against white (WCAG 1.4.11), as the dashboard's charts. */
const RAISED = '#1864ab';
const RESOLVED = '#2b8a3e';
const OPEN = '#c92a2a';
const n = (v: number) => v.toLocaleString();

/** "2 dismissed, 1 settled by Custodia": how the month's resolved findings left the queue. */
const resolvedText = (by: ResolvedBy) => (Object.keys(RESOLVED_AS) as (keyof ResolvedBy)[]).filter((k) => by[k] > 0).map((k) => `${n(by[k])} ${RESOLVED_AS[k]}`).join(', ');

/**
 * Findings over time (ITAM guide Table 3.6, review and analyse findings: trends) on the overview, for whoever may see
 * the discrepancy queue: per month of the organisation's time zone, findings raised and resolved (bars) and those
 * still open at the month's end (line). The drawing is an image named for what it shows; its figures are a table,
 * read by screen readers always and shown on request.
 */
export function FindingsTrendCard() {
  const trend = useQuery({ queryKey: ['findings-trend', MONTHS], queryFn: () => get<FindingsTrend>(`/api/v1/reports/findings/trend?months=${MONTHS}`) });
  const [showFigures, setShowFigures] = useState(false);
  const tableId = useId();
  const t = trend.data;
  const title = 'Findings over time';
  const empty = t?.months.every((m) => m.raised === 0 && m.resolved === 0 && m.openAtEnd === 0);
  const rows = t?.months.map((m) => ({ label: calendarMonth(m.month), raised: m.raised, resolved: m.resolved, open: m.openAtEnd })) ?? [];

  const table = t && (
    <Table id={tableId} mt="sm" withRowBorders={false} verticalSpacing={2} aria-label={`${title}, figures`}>
      <Table.Thead>
        <Table.Tr><Table.Th>Month</Table.Th><Table.Th ta="right">Raised</Table.Th><Table.Th ta="right">Resolved</Table.Th><Table.Th ta="right">Open at the end</Table.Th><Table.Th>How they were resolved</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {t.months.map((m) => (
          <Table.Tr key={m.month}>
            <Table.Td>{calendarMonth(m.month)}</Table.Td>
            <Table.Td ta="right">{n(m.raised)}</Table.Td>
            <Table.Td ta="right">{n(m.resolved)}</Table.Td>
            <Table.Td ta="right">{n(m.openAtEnd)}</Table.Td>
            <Table.Td><Text size="sm">{resolvedText(m.resolvedBy) || '—'}</Text></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{title}</Title>
        {t && !empty && (
          <Button variant="default" size="compact-sm" aria-expanded={showFigures} aria-controls={tableId} onClick={() => setShowFigures((v) => !v)}>
            {showFigures ? 'Hide the figures' : 'Show the figures'}
          </Button>
        )}
      </Group>
      {trend.error ? <Alert color="red" role="alert">The findings over time could not be loaded.</Alert> : !t ? <Loader size="sm" role="status" aria-label="Loading the findings over time" /> : empty ? (
        <Text c="dimmed">No finding in the last {MONTHS} months. What discovery and audits find that the register does not say will show here, month by month.</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">Per month ({t.timeZone}): findings raised and resolved, and those still open at the month&apos;s end.</Text>
          <div role="img" aria-label={`${title}: findings raised and resolved per month over the last ${MONTHS} months, and those open at each month's end; the figures are in the table that follows`} style={{ width: '100%', height: 260 }}>
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 0 }} accessibilityLayer={false}>
                <CartesianGrid stroke="#dee2e6" vertical={false} />
                <XAxis dataKey="label" tick={{ fill: '#343a40', fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fill: '#343a40', fontSize: 12 }} width={40} />
                <Bar dataKey="raised" name="Raised" fill={RAISED} isAnimationActive={false} />
                <Bar dataKey="resolved" name="Resolved" fill={RESOLVED} isAnimationActive={false} />
                <Line dataKey="open" name="Open at the month's end" stroke={OPEN} strokeWidth={2} dot={{ r: 3, fill: OPEN }} isAnimationActive={false} />
                <Legend formatter={(value) => <span style={{ color: '#212529' }}>{value}</span>} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          {showFigures ? table : <VisuallyHidden>{table}</VisuallyHidden>}
        </>
      )}
    </Card>
  );
}
