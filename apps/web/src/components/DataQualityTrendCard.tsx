import { Alert, Button, Card, Group, Loader, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { get } from '../api';
import { calendarDate } from '../dates';

/** GET /api/v1/reports/data-quality/trend (packages/contracts/src/schemas/reports.ts). */
export interface DataQualityTrend {
  today: string;
  timeZone: string;
  from: string;
  figures: { key: string; label: string }[];
  days: { day: string; figures: { key: string; count: number; assets: number }[] }[];
}

const DAYS = 90;
/** Colours with at least 3:1 contrast against white (WCAG 1.4.11), as the dashboard's charts; one per figure. */
const COLOURS = ['#1864ab', '#c92a2a', '#2b8a3e', '#862e9c', '#d9480f', '#0b7285', '#5c940d'];
const n = (v: number) => v.toLocaleString();
/** "12 (4.1 %)": a figure and its share of the assets it is counted over. */
const share = (count: number, assets: number) => (assets > 0 ? `${n(count)} (${(Math.round((1000 * count) / assets) / 10).toLocaleString()} %)` : n(count));

/**
 * The dashboard's data-quality figures over time (ITAM guide: quality continually reviewed and improved), within the
 * reader's scope: one line per figure over the days the server recorded them (once a day, the day's last run
 * standing). The drawing is an image named for what it shows; its figures, each with its share of the assets, are a
 * table read by screen readers always and shown on request. Until there are two days there is no trend to draw.
 */
export function DataQualityTrendCard() {
  const trend = useQuery({ queryKey: ['data-quality-trend', DAYS], queryFn: () => get<DataQualityTrend>(`/api/v1/reports/data-quality/trend?days=${DAYS}`) });
  const [showFigures, setShowFigures] = useState(false);
  const tableId = useId();
  const t = trend.data;
  const title = 'Data quality over time';
  const drawn = Boolean(t && t.days.length >= 2);
  const rows = t?.days.map((d) => ({ label: calendarDate(d.day), ...Object.fromEntries(d.figures.map((f) => [f.key, f.count])) })) ?? [];

  const table = t && (
    <Table.ScrollContainer minWidth={700}>
      <Table id={tableId} mt="sm" withRowBorders={false} verticalSpacing={2} aria-label={`${title}, figures`}>
        <Table.Thead>
          <Table.Tr><Table.Th>Day</Table.Th><Table.Th ta="right">Assets</Table.Th>{t.figures.map((f) => <Table.Th key={f.key} ta="right">{f.label}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {t.days.map((d) => (
            <Table.Tr key={d.day}>
              <Table.Td>{calendarDate(d.day)}</Table.Td>
              <Table.Td ta="right">{n(d.figures[0]?.assets ?? 0)}</Table.Td>
              {d.figures.map((f) => <Table.Td key={f.key} ta="right">{share(f.count, f.assets)}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{title}</Title>
        {drawn && (
          <Button variant="default" size="compact-sm" aria-expanded={showFigures} aria-controls={tableId} onClick={() => setShowFigures((v) => !v)}>
            {showFigures ? 'Hide the figures' : 'Show the figures'}
          </Button>
        )}
      </Group>
      {trend.error ? <Alert color="red" role="alert">The data quality over time could not be loaded.</Alert> : !t ? <Loader size="sm" role="status" aria-label="Loading the data quality over time" /> : !drawn ? (
        <Text c="dimmed">
          {t.days.length === 0
            ? 'No history yet: the first figures are recorded today, then every day the server runs.'
            : `No history yet: the first figures were recorded on ${calendarDate(t.days[0]!.day)}; the trend shows from the second day.`}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">Assets flagged by each check, per day ({t.timeZone}) over the last {DAYS} days, as the figures above stood at the day&apos;s end.</Text>
          <div role="img" aria-label={`${title}: the assets flagged by each data-quality check per day over the last ${DAYS} days; the figures are in the table that follows`} style={{ width: '100%', height: 280 }}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 0 }} accessibilityLayer={false}>
                <CartesianGrid stroke="#dee2e6" vertical={false} />
                <XAxis dataKey="label" tick={{ fill: '#343a40', fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fill: '#343a40', fontSize: 12 }} width={48} />
                {t.figures.map((f, i) => (
                  <Line key={f.key} dataKey={f.key} name={f.label} stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} dot={{ r: 2, fill: COLOURS[i % COLOURS.length] }} isAnimationActive={false} />
                ))}
                <Legend formatter={(value) => <span style={{ color: '#212529' }}>{value}</span>} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          {showFigures ? table : <VisuallyHidden>{table}</VisuallyHidden>}
        </>
      )}
    </Card>
  );
}
