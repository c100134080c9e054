import { Alert, Anchor, Badge, Button, Group, Loader, Select, Stack, Text, TextInput, Title, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Page, get, query } from '../api';
import { errorText } from '../access';
import { calendarDate, instantDate } from '../dates';
import { type AuditPlan, PLAN_STATUS, RUN_STATUS, recurrenceText } from '../audits';
import { useAssetTypes, useNamed } from '../lookups';
import { useSession } from '../session';
import { ScrollTable } from '../components/ScrollTable';
import { CursorPager, useCursorPages } from '../components/CursorPager';
import { usePlaceLabel } from '../places';
import { AuditPlanDialog } from '../components/AuditPlanDialog';

/** Names of a plan's scope, for lists and headings: "Paris · France · Laptop". */
export function useScopeText() {
  const placeOf = usePlaceLabel();
  const units = useNamed('org-units');
  const types = useAssetTypes();
  return (p: Pick<AuditPlan, 'scopeLocationId' | 'scopeOrgUnitId' | 'scopeAssetTypeId'>) => {
    const parts = [
      p.scopeLocationId ? (placeOf(p.scopeLocationId) ?? 'a location') : null,
      p.scopeOrgUnitId ? (units.data?.find((u) => u.id === p.scopeOrgUnitId)?.name ?? 'an org unit') : null,
      p.scopeAssetTypeId ? (types.data?.find((t) => t.id === p.scopeAssetTypeId)?.name ?? 'a type') : null,
    ].filter(Boolean);
    return parts.join(' · ');
  };
}

const STATUS_FILTER = [{ value: '', label: 'Any status' }, ...Object.entries(PLAN_STATUS).map(([value, s]) => ({ value, label: s.label }))];
const DUE_FILTER = [{ value: '', label: 'Any due date' }, { value: 'true', label: 'Overdue' }];
const SORTS = [{ value: '', label: 'Newest first' }, { value: 'dueOn', label: 'Soonest due first' }];

/** The due date of a plan in a list: the date, "Overdue" when it passed before the plan was done, and how it repeats. */
export function DueCell({ plan }: { plan: AuditPlan }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span>{calendarDate(plan.dueOn)}</span>
      {plan.overdue && <Badge variant="light" color="#b02525">Overdue</Badge>}
      {plan.recurrence && <Text span size="xs" c="dimmed">{recurrenceText(plan.recurrence).toLowerCase()}</Text>}
    </Group>
  );
}

/**
 * Physical audits (ITAM practice guide §2.2.5): the plans within your scope, newest first, with the state of their
 * latest run; "Plan an audit" for those who may plan.
 */
export function AuditsPage() {
  const { can } = useSession();
  // The filters live in the URL: Back from a plan finds them again, and a filtered list can be shared.
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const overdue = params.get('overdue') ?? '';
  const sort = params.get('sort') ?? '';
  const setFilter = (key: 'status' | 'q' | 'overdue' | 'sort', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    setParams(next, { replace: true });
  };
  const pages = useCursorPages(JSON.stringify([status, q, overdue, sort]));
  const [planning, setPlanning] = useState(false);
  const { cursor } = pages;
  const list = useQuery({ queryKey: ['audit-plans', status, q, overdue, sort, cursor], queryFn: () => get<Page<AuditPlan>>(`/api/v1/audit-plans${query({ status, q, overdue, sort, cursor, limit: 25 })}`), placeholderData: (prev) => prev });
  const scopeText = useScopeText();
  const search = (value: string) => { if (value.trim() !== q) setFilter('q', value.trim()); };

  if (!can('audits.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not include audits. Ask an IT asset manager if you need to take part in one.</Alert>;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">Audits</Title>
          <Text size="sm" c="dimmed" maw={640}>An audit checks what the register says against what is really there: plan its scope, walk it scanning or typing each tag, then close the run to turn every gap into a discrepancy to follow up.</Text>
        </div>
        {can('audits.plan') && <Button onClick={() => setPlanning(true)}>Plan an audit</Button>}
      </Group>
      <Group align="flex-end">
        <TextInput label="Search plans" placeholder="Part of the name" defaultValue={q} onKeyDown={(e) => { if (e.key === 'Enter') search(e.currentTarget.value); }} onBlur={(e) => search(e.currentTarget.value)} />
        <Select label="Status" data={STATUS_FILTER} value={status} onChange={(v) => setFilter('status', v ?? '')} allowDeselect={false} w={180} />
        <Select label="Due" data={DUE_FILTER} value={overdue} onChange={(v) => setFilter('overdue', v ?? '')} allowDeselect={false} w={170} />
        <Select label="Sort" data={SORTS} value={sort} onChange={(v) => setFilter('sort', v ?? '')} allowDeselect={false} w={190} />
      </Group>
      {list.isLoading && <Loader role="status" aria-label="Loading audits" />}
      {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
      {list.data && list.data.items.length === 0 && (
        <Text c="dimmed">
          {overdue && !q && !status ? 'No audit is overdue: every plan due before today has been done.'
            : q || status || overdue ? 'No audit plan matches these filters.'
            : can('audits.plan') ? 'No audit is planned yet. Plan one to compare the register with what is on the shelves and desks.' : 'No audit is planned in your area yet.'}
        </Text>
      )}
      {list.data && list.data.items.length > 0 && (
        <ScrollTable minWidth={760} label="Audit plans">
          <Table striped highlightOnHover aria-label="Audit plans">
            <Table.Thead><Table.Tr><Table.Th>Plan</Table.Th><Table.Th>Scope</Table.Th><Table.Th>Due</Table.Th><Table.Th>Status</Table.Th><Table.Th>Latest run</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td><Anchor component={Link} to={`/audits/${p.id}`}>{p.name}</Anchor></Table.Td>
                  <Table.Td>{scopeText(p)}</Table.Td>
                  <Table.Td><DueCell plan={p} /></Table.Td>
                  <Table.Td><Badge variant="light" color={PLAN_STATUS[p.status].color}>{PLAN_STATUS[p.status].label}</Badge></Table.Td>
                  <Table.Td>
                    {p.latestRun
                      ? <Anchor component={Link} to={`/audit-runs/${p.latestRun.id}`} size="sm">{RUN_STATUS[p.latestRun.status].label}, started {instantDate(p.latestRun.startedAt)}</Anchor>
                      : <Text span size="sm" c="dimmed">Not run yet</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {(pages.hasPrevious || list.data?.nextCursor) && (
        <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
      )}
      {planning && <AuditPlanDialog onClose={() => setPlanning(false)} />}
    </Stack>
  );
}
