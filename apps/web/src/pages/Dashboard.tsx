import { Alert, Anchor, Card, Center, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, Cell, LabelList, Legend, Pie, PieChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { ApiError, get } from '../api';
import { useSession } from '../session';
import { dateTime } from '../dates';
import { FindingsCard } from '../components/FindingsCard';
import { FindingsTrendCard } from '../components/FindingsTrendCard';
import { DataQualityTrendCard } from '../components/DataQualityTrendCard';
import { type MonitoredDateCount, MonitoredDatesCard } from '../components/MonitoredDatesCard';
import { DATA_QUALITY_CHECKS } from '@custodia/domain';

/** GET /api/v1/reports/dashboard (packages/contracts/src/schemas/reports.ts). */
export interface Dashboard {
  today: string;
  total: number;
  byStage: { stage: string; name: string; kind: string; count: number }[];
  byType: { assetTypeId: string; name: string; count: number }[];
  byLocation: { locationId: string | null; name: string | null; count: number }[];
  inUseStages: string[];
  inUseWithoutAssignee: number;
  assignedToInactive: number;
  withoutLocation: number;
  neverVerified: number;
  verificationOverdue: number;
  verificationMaxAgeDays: number;
  keyDates: { key: string; label: string; count: number }[];
  monitoredDates: MonitoredDateCount[];
  missingRequiredAttributes: { total: number; byType: { assetTypeId: string; name: string; count: number; fields: { key: string; label: string; count: number }[] }[] };
  noProofOfPurchase: number;
  recentlyChanged: { id: string; tag: string; name: string; stage: string; updatedAt: string }[];
}

/** A data-quality check's label, as the register's filter names it. */
const qualityLabel = (key: (typeof DATA_QUALITY_CHECKS)[number]['key']) => DATA_QUALITY_CHECKS.find((c) => c.key === key)!.label;

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphical objects). */
const COLOURS = ['#1864ab', '#c92a2a', '#2b8a3e', '#862e9c', '#d9480f', '#0b7285', '#5c940d', '#a61e4d', '#364fc7', '#495057'];
const n = (v: number) => v.toLocaleString();

interface Row { key: string; label: string; count: number; to: string | null }

/** A summary a screen reader reads instead of the drawing: every bar or slice, with its count. */
const summary = (title: string, rows: Row[]) => `${title}: ${rows.map((r) => `${r.label} ${n(r.count)}`).join(', ')}`;

/**
 * One chart with its figures: the drawing is an image whose accessible name lists every value, and the same values
 * are in a table beside it, each linking to the register filtered on it where the register has that filter.
 */
function ChartCard({ title, rows, chart }: { title: string; rows: Row[]; chart: 'bar' | 'pie' }) {
  const height = chart === 'pie' ? 260 : Math.max(120, rows.length * 34 + 20);
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">{title}</Title>
      <div role="img" aria-label={summary(title, rows)} style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          {chart === 'bar' ? (
            <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 48 }} accessibilityLayer={false}>
              <XAxis type="number" hide allowDecimals={false} />
              <YAxis type="category" dataKey="label" width={150} tick={{ fill: '#343a40', fontSize: 12 }} />
              <Bar dataKey="count" fill={COLOURS[0]} isAnimationActive={false}>
                <LabelList dataKey="count" position="right" fill="#212529" fontSize={12} />
              </Bar>
            </BarChart>
          ) : (
            <PieChart accessibilityLayer={false}>
              <Pie data={rows} dataKey="count" nameKey="label" outerRadius="75%" isAnimationActive={false}>
                {rows.map((r, i) => <Cell key={r.key} fill={COLOURS[i % COLOURS.length]} />)}
              </Pie>
              <Legend formatter={(value) => <span style={{ color: '#212529' }}>{value}</span>} />
            </PieChart>
          )}
        </ResponsiveContainer>
      </div>
      <Table mt="sm" withRowBorders={false} verticalSpacing={2} aria-label={`${title}, figures`}>
        <Table.Thead>
          <Table.Tr><Table.Th>{title.replace(/^Assets by /, '').replace(/^./, (c) => c.toUpperCase())}</Table.Th><Table.Th ta="right">Assets</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>{r.to ? <Anchor component={Link} to={r.to} size="sm">{r.label}</Anchor> : <Text size="sm">{r.label}</Text>}</Table.Td>
              <Table.Td ta="right"><Text size="sm">{n(r.count)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Stat({ label, value, to, children }: { label: string; value: number; to?: string; children?: ReactNode }) {
  // The register opened from a figure shows what the figure counts, not the reader's default view.
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text size="xl" fw={700}>{to ? <Anchor component={Link} to={to} state={{ keepView: true }} inherit aria-label={`${label}: ${n(value)}`}>{n(value)}</Anchor> : n(value)}</Text>
      {children}
    </Card>
  );
}

/** The register at a glance (issue 5): charts by stage, type and location, data-quality figures, recent changes. */
export function DashboardPanel() {
  const { can } = useSession();
  const report = useQuery({ queryKey: ['dashboard'], queryFn: () => get<Dashboard>('/api/v1/reports/dashboard') });
  if (report.error) return <Alert color="red" role="alert">{report.error instanceof ApiError ? report.error.message : 'The overview could not be loaded.'}</Alert>;
  const d = report.data;
  if (!d) return <Center py="xl"><Loader role="status" aria-label="Loading the overview" /></Center>;
  if (d.total === 0) {
    return (
      <Card withBorder>
        <Text fw={600}>The register is empty.</Text>
        <Text c="dimmed">
          {can('imports.run') ? <><Anchor component={Link} to="/import">Import a spreadsheet</Anchor> or register an asset to begin.</> : 'No asset in your scope yet.'}
        </Text>
      </Card>
    );
  }

  const stageName = new Map(d.byStage.map((s) => [s.stage, s.name]));
  const stages: Row[] = d.byStage.map((s) => ({ key: s.stage, label: s.name, count: s.count, to: `/assets?stage=${encodeURIComponent(s.stage)}` }));
  const types: Row[] = d.byType.map((t) => ({ key: t.assetTypeId, label: t.name, count: t.count, to: `/assets?typeId=${t.assetTypeId}` }));
  const locations: Row[] = d.byLocation.map((l) => ({ key: l.locationId ?? 'none', label: l.name ?? 'No location', count: l.count, to: l.locationId ? `/assets?locationId=${l.locationId}` : null }));
  const inUse = d.byStage.filter((s) => d.inUseStages.includes(s.stage));

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        <Stat label="Assets in your scope" value={d.total} to="/assets" />
        <Stat label="In use without an assignee" value={d.inUseWithoutAssignee}>
          {d.inUseWithoutAssignee > 0 && inUse.length > 0 && (
            <Text size="sm">Review: {inUse.map((s, i) => <span key={s.stage}>{i > 0 && ', '}<Anchor component={Link} to={`/assets?stage=${encodeURIComponent(s.stage)}&assignee=none`} size="sm">{s.name}</Anchor></span>)}</Text>
          )}
          {d.assignedToInactive > 0
            ? <Anchor component={Link} to="/assets?assignee=inactive" size="sm">{n(d.assignedToInactive)} assigned to people who have left</Anchor>
            : <Text size="sm" c="dimmed">None assigned to people who have left</Text>}
        </Stat>
        <Stat label="Without a location" value={d.withoutLocation} to="/assets?quality=no_location" />
        <Stat label="Never verified" value={d.neverVerified} to="/assets?quality=never_verified">
          {d.verificationOverdue > 0
            ? <Anchor component={Link} to="/assets?quality=verification_overdue" state={{ keepView: true }} size="sm">{n(d.verificationOverdue)} more last verified over {d.verificationMaxAgeDays} days ago</Anchor>
            : <Text size="sm" c="dimmed">None last verified over {d.verificationMaxAgeDays} days ago</Text>}
        </Stat>
        <Card withBorder component="section" aria-label="Key dates">
          <Title order={2} size="h4" mb="xs">Key dates</Title>
          <Stack gap={4}>
            {d.keyDates.map((k) => (
              <Group key={k.key} justify="space-between" wrap="nowrap">
                {k.count > 0 ? <Anchor component={Link} to={`/assets?keyDate=${k.key}`} size="sm">{k.label}</Anchor> : <Text size="sm">{k.label}</Text>}
                <Text size="sm" fw={600}>{n(k.count)}</Text>
              </Group>
            ))}
          </Stack>
        </Card>
        <MonitoredDatesCard dates={d.monitoredDates} />
        <Stat label="Missing required attributes" value={d.missingRequiredAttributes.total} to="/assets?quality=missing_required">
          {d.missingRequiredAttributes.byType.map((t) => (
            <Text size="sm" key={t.assetTypeId}>
              <Anchor component={Link} to={`/assets?typeId=${t.assetTypeId}&quality=missing_required`} state={{ keepView: true }} size="sm">{t.name}</Anchor>: {n(t.count)} ({t.fields.map((f) => `${f.label} ${n(f.count)}`).join(', ')})
            </Text>
          ))}
        </Stat>
        <Stat label={qualityLabel('no_proof_of_purchase')} value={d.noProofOfPurchase} to="/assets?quality=no_proof_of_purchase">
          <Text size="sm" c="dimmed">Hardware, licences, subscriptions and contracts acquired with neither an invoice reference nor an invoice or proof of purchase attached</Text>
        </Stat>
        {can('discovery.read') && <FindingsCard />}
      </SimpleGrid>
      <DataQualityTrendCard />
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <ChartCard title="Assets by stage" rows={stages} chart="bar" />
        <ChartCard title="Assets by type" rows={types} chart="pie" />
        <ChartCard title="Assets by location" rows={locations} chart="bar" />
      </SimpleGrid>
      {can('discovery.read') && <FindingsTrendCard />}
      <Card withBorder component="section" aria-label="Recently changed">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">Recently changed</Title>
          <Anchor component={Link} to="/assets?sort=-updatedAt" size="sm">All, most recent first</Anchor>
        </Group>
        <Table.ScrollContainer minWidth={500}>
          <Table aria-label="Recently changed assets">
            <Table.Thead><Table.Tr><Table.Th>Tag</Table.Th><Table.Th>Name</Table.Th><Table.Th>Stage</Table.Th><Table.Th>Changed</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {d.recentlyChanged.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td><Anchor component={Link} to={`/assets/${a.id}`} ff="monospace">{a.tag}</Anchor></Table.Td>
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>{stageName.get(a.stage) ?? a.stage}</Table.Td>
                  <Table.Td>{dateTime(a.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}
