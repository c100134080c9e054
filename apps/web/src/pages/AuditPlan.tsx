import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, get, post, request } from '../api';
import { errorText, notify } from '../access';
import { calendarDate, dateTime, instantDate } from '../dates';
import {
  type AuditPlan, type AuditPlanDetail, type AuditPlanTrend, type AuditRun, type AuditRunAccuracy, PLAN_STATUS, RUN_STATUS, accuracyChangeText, accuracyText, personAssignees, recurrenceText, sampleText,
} from '../audits';
import { useSession } from '../session';
import { Detail } from '../components/Detail';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ScrollTable } from '../components/ScrollTable';
import { useScopeText } from './Audits';
import { AuditPlanDialog } from '../components/AuditPlanDialog';
import { useNamesById } from '../lookups';

/**
 * One audit plan: its scope, method, assignees, due date (overdue or not), how it repeats and how much each run
 * checks, and its runs with their counts; start, edit, cancel or reopen it.
 */
export function AuditPlanPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const plan = useQuery({ queryKey: ['audit-plan', id], queryFn: () => get<AuditPlanDetail>(`/api/v1/audit-plans/${id}`), retry: false });
  const trend = useQuery({ queryKey: ['audit-plan', id, 'trend'], queryFn: () => get<AuditPlanTrend>(`/api/v1/audit-plans/${id}/trend`), retry: false });
  const scopeText = useScopeText();
  // Assignees are account logins or person ids: people are shown by name.
  const personNames = useNamesById('people', personAssignees(plan.data?.assignees ?? []));
  const [starting, setStarting] = useState(false);
  const [confirm, setConfirm] = useState<'cancelled' | 'planned' | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (plan.isLoading) return <Loader role="status" aria-label="Loading the audit plan" />;
  if (plan.error || !plan.data) {
    const e = plan.error;
    return <Alert color="red" role="alert" title="Audit plan not available">{e instanceof ApiError && e.status === 404 ? 'There is no such audit plan, or it is outside what your role lets you see.' : errorText(e)}</Alert>;
  }
  const p = plan.data;
  const open = p.runs.find((r) => r.status === 'in_progress');
  const accuracyOf = new Map((trend.data?.runs ?? []).map((r) => [r.runId, r]));
  const mayPlan = can('audits.plan');

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const run = await post<AuditRun>(`/api/v1/audit-plans/${p.id}/runs`);
      await client.invalidateQueries({ queryKey: ['audit-plans'] });
      notify(`Run started: ${run.counts.expected} asset${run.counts.expected === 1 ? '' : 's'} expected.`);
      navigate(`/audit-runs/${run.id}`);
    } catch (e) {
      setError(errorText(e));
      await client.invalidateQueries({ queryKey: ['audit-plan', id] });
    } finally {
      setStarting(false);
    }
  };
  const setStatus = async (status: 'cancelled' | 'planned') => {
    try {
      await request<AuditPlan>('PATCH', `/api/v1/audit-plans/${p.id}`, { body: { status }, ifMatch: `"${p.version}"` });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH') throw new ApiError(412, e.code, 'Someone changed the plan meanwhile. It has been reloaded: check it and try again.');
      throw e;
    } finally {
      await client.invalidateQueries({ queryKey: ['audit-plan', id] });
      await client.invalidateQueries({ queryKey: ['audit-plans'] });
    }
    notify(status === 'cancelled' ? 'The plan is cancelled.' : 'The plan is open again.');
  };

  return (
    <Stack>
      <div>
        <Anchor component={Link} to="/audits" size="sm">← Audits</Anchor>
        <Group gap="sm" align="center">
          <Title order={1} size="h2">{p.name}</Title>
          <Badge variant="light" size="lg" color={PLAN_STATUS[p.status].color}>{PLAN_STATUS[p.status].label}</Badge>
          {p.overdue && <Badge variant="filled" size="lg" color="#b02525">Overdue</Badge>}
        </Group>
      </div>
      {error && <Alert color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={() => setError(null)}>{error}</Alert>}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          <Detail label="Scope">{scopeText(p) || '—'}</Detail>
          <Detail label="Method">{p.method === 'scan' ? 'Scan labels (barcode or QR)' : 'Check by hand against the list'}</Detail>
          <Detail label={p.recurrence ? 'Next due on' : 'Due on'}>{p.dueOn ? `${calendarDate(p.dueOn)}${p.overdue ? ' (overdue)' : ''}` : 'No due date'}</Detail>
          <Detail label="Repeats">{p.recurrence ? `${recurrenceText(p.recurrence)}, counted from ${calendarDate(p.recurrence.anchorOn)}` : 'No: a one-off audit'}</Detail>
          <Detail label="Each run checks">{sampleText(p.sample)}</Detail>
          <Detail label="Assignees">{p.assignees.length ? p.assignees.map((a) => personNames.get(a) ?? a).join(', ') : 'Nobody named'}</Detail>
          <Detail label="Planned by">{p.createdBy}, {instantDate(p.createdAt)}</Detail>
          {p.notes && <Detail label="Notes">{p.notes}</Detail>}
        </SimpleGrid>
      </Card>
      <Group>
        {open && <Button component={Link} to={`/audit-runs/${open.id}`}>Continue the run in progress</Button>}
        {mayPlan && !open && p.status !== 'cancelled' && <Button loading={starting} onClick={() => void start()}>{p.runs.length ? 'Start a new run' : 'Start a run'}</Button>}
        {mayPlan && <Button variant="default" onClick={() => setEditing(true)}>Edit plan</Button>}
        {mayPlan && !open && p.status !== 'cancelled' && <Button variant="default" onClick={() => setConfirm('cancelled')}>Cancel this plan</Button>}
        {mayPlan && p.status === 'cancelled' && <Button variant="default" onClick={() => setConfirm('planned')}>Reopen this plan</Button>}
      </Group>

      <Title order={2} size="h3">Runs</Title>
      {p.runs.length === 0 && (
        <Text c="dimmed">{p.status === 'cancelled' ? 'This plan was cancelled before it was run.' : 'Not run yet. Start a run on site: it lists what the register expects to find in this scope, and you record what you find.'}</Text>
      )}
      {p.runs.length > 0 && (
        <ScrollTable minWidth={900} label="Runs of this plan">
          <Table striped aria-label="Runs of this plan">
            <Table.Thead>
              <Table.Tr><Table.Th>Started</Table.Th><Table.Th>Status</Table.Th><Table.Th ta="right">Expected</Table.Th><Table.Th ta="right">Found</Table.Th><Table.Th ta="right">Elsewhere</Table.Th><Table.Th ta="right">Not expected</Table.Th><Table.Th ta="right">Missing or not found yet</Table.Th><Table.Th ta="right">Accuracy</Table.Th><Table.Th>Change</Table.Th><Table.Th>Report</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.runs.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Anchor component={Link} to={`/audit-runs/${r.id}`}>{dateTime(r.startedAt)}</Anchor> <Text span size="xs" c="dimmed">by {r.startedBy}</Text></Table.Td>
                  <Table.Td><Badge variant="light" color={RUN_STATUS[r.status].color}>{RUN_STATUS[r.status].label}</Badge></Table.Td>
                  <Table.Td ta="right">{r.counts.expected}{r.sample ? <Text span size="xs" c="dimmed"> (sample of {r.sample.population})</Text> : null}</Table.Td>
                  <Table.Td ta="right">{r.counts.found}</Table.Td>
                  <Table.Td ta="right">{r.counts.wrongLocation}</Table.Td>
                  <Table.Td ta="right">{r.counts.unexpected}</Table.Td>
                  <Table.Td ta="right">{r.counts.missing + r.counts.pending}</Table.Td>
                  <AccuracyCells run={accuracyOf.get(r.id)} loading={trend.isLoading} />
                  <Table.Td><Anchor component={Link} to={`/audit-runs/${r.id}/report`} size="sm">Report</Anchor></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {p.runs.length > 0 && (
        <Text size="sm" c="dimmed">
          {trend.error ? 'The accuracy of the runs could not be loaded.' : accuracyOf.size === 0
            ? 'Accuracy shows once a run is closed.'
            : 'Accuracy: the assets a run expected that were found where the register placed them (for a sample, out of the assets drawn); the change is from the run closed before, in percentage points.'}
        </Text>
      )}
      {editing && <AuditPlanDialog plan={p} onClose={() => setEditing(false)} />}
      {confirm && (
        <ConfirmDialog title={confirm === 'cancelled' ? `Cancel the plan “${p.name}”?` : `Reopen the plan “${p.name}”?`} confirmLabel={confirm === 'cancelled' ? 'Cancel the plan' : 'Reopen'}
          onClose={() => setConfirm(null)} onConfirm={() => setStatus(confirm)}>
          {confirm === 'cancelled' ? 'No run can be started while it is cancelled. Its past runs and reports stay. You can reopen it later.' : 'The plan can be run again.'}
        </ConfirmDialog>
      )}
    </Stack>
  );
}

/** A run's accuracy and how it moved from the run before (closed runs only: one in progress has no result yet). */
function AccuracyCells({ run, loading }: { run: AuditRunAccuracy | undefined; loading: boolean }) {
  if (!run) return <><Table.Td ta="right">{loading ? '…' : '—'}</Table.Td><Table.Td>—</Table.Td></>;
  const change = accuracyChangeText(run.change);
  return (
    <>
      <Table.Td ta="right">{accuracyText(run.accuracy)}{run.sample && run.accuracy !== null ? <Text span size="xs" c="dimmed"> (of {run.expected} drawn)</Text> : null}</Table.Td>
      <Table.Td>
        {change ? (
          <Text span size="sm" c={change.color} fw={600}><span aria-hidden="true">{change.arrow} </span><VisuallyHidden>{change.words}, </VisuallyHidden>{change.points}</Text>
        ) : '—'}
      </Table.Td>
    </>
  );
}
