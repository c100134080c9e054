import { Alert, Anchor, Badge, Button, Group, Loader, Modal, type OptionsFilter, Radio, Select, Stack, TagsInput, Text, TextInput, Textarea, Title, Table } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, type Page, get, post, query } from '../api';
import { calendarDate, date, errorText, fieldError, notify } from '../access';
import { type AuditPlan, PLAN_STATUS, RUN_STATUS, recurrenceText } from '../audits';
import { useAssetTypes, useNamed } from '../lookups';
import { useSession } from '../session';
import { foldingFilter } from '../search-filter';
import { ScrollTable } from '../components/ScrollTable';
import { CursorPager, useCursorPages } from '../components/CursorPager';
import { TreeSelect } from '../components/ReferencePickers';
import { usePlaceLabel } from '../places';
import { AuditScheduleFields, NO_SCHEDULE, type ScheduleValue, scheduleFields } from '../components/AuditScheduleFields';

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

/** The first problem with an assignee (the API names them `assignees.<n>`). */
const assigneeError = (e: unknown) => (e instanceof ApiError ? e.errors.find((f) => f.field?.startsWith('assignees'))?.message : undefined);

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
                      ? <Anchor component={Link} to={`/audit-runs/${p.latestRun.id}`} size="sm">{RUN_STATUS[p.latestRun.status].label}, started {date(p.latestRun.startedAt)}</Anchor>
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
      {planning && <PlanAuditDialog onClose={() => setPlanning(false)} />}
    </Stack>
  );
}

/**
 * "Plan an audit": name, how the data is collected, the scope (at least one), who does it and by when, whether it
 * repeats and whether each run checks a random sample; the dialog checks what it can before sending.
 */
export function PlanAuditDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const types = useAssetTypes();
  const [method, setMethod] = useState<'scan' | 'manual'>('scan');
  const [scope, setScope] = useState<{ location: string | null; unit: string | null; type: string | null }>({ location: null, unit: null, type: null });
  const [assignees, setAssignees] = useState<string[]>([]);
  const auditors = useQuery({ queryKey: ['auditors'], queryFn: () => get<{ items: { login: string; name: string }[] }>('/api/v1/auditors'), staleTime: 60_000 });
  const nameOf = new Map(auditors.data?.items.map((a) => [a.login, a.name]) ?? []);
  const auditorLabel = (login: string) => (nameOf.get(login) && nameOf.get(login) !== login ? `${nameOf.get(login)} (${login})` : login);
  // Suggestions match the person's name as well as the login.
  const auditorFilter: OptionsFilter = ({ options, search, limit }) =>
    foldingFilter({ options: options.map((o) => ('group' in o ? o : { ...o, label: auditorLabel(o.value) })), search, limit });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [schedule, setSchedule] = useState<ScheduleValue>(NO_SCHEDULE);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const noScope = !scope.location && !scope.unit && !scope.type;

  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    const dueOn = String(d.get('dueOn') ?? '');
    const notes = String(d.get('notes') ?? '').trim();
    const checked = scheduleFields(schedule, dueOn);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) return;
    setBusy(true);
    setError(null);
    try {
      const plan = await post<AuditPlan>('/api/v1/audit-plans', {
        name: String(d.get('name') ?? '').trim(), method, scopeLocationId: scope.location, scopeOrgUnitId: scope.unit, scopeAssetTypeId: scope.type,
        assignees, ...(dueOn ? { dueOn } : {}), ...(notes ? { notes } : {}), ...checked.body,
      });
      await client.invalidateQueries({ queryKey: ['audit-plans'] });
      notify(`Audit “${plan.name}” planned. Start a run when you are on site.`);
      navigate(`/audits/${plan.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const options = (items: { id: string; name: string }[] | undefined) => items?.map((i) => ({ value: i.id, label: i.name })) ?? [];

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title="Plan an audit" size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
        <Stack>
          {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
          <TextInput name="name" label="Name" placeholder="Paris office, laptops, Q4" required data-autofocus error={fieldError(error, 'name')} autoComplete="off" />
          <Radio.Group label="How items are collected" value={method} onChange={(v) => setMethod(v as 'scan' | 'manual')}>
            <Group mt="xs">
              <Radio value="scan" label="Scan labels (barcode or QR)" />
              <Radio value="manual" label="Check by hand against the list" />
            </Group>
          </Radio.Group>
          <Text size="sm" fw={500}>Scope <Text span size="sm" c="dimmed" fw={400}>— at least one; an asset must match every one you choose</Text></Text>
          <TreeSelect resource="locations" label="Location (with everything inside it)" value={scope.location} onChange={(v) => setScope({ ...scope, location: v })} error={fieldError(error, 'scopeLocationId')} />
          <TreeSelect resource="org-units" label="Owner org unit (with the units below it)" value={scope.unit} onChange={(v) => setScope({ ...scope, unit: v })} error={fieldError(error, 'scopeOrgUnitId')} />
          <Select label="Asset type" searchable clearable clearButtonProps={{ 'aria-label': 'Clear the asset type' }} data={options(types.data)} value={scope.type} onChange={(v) => setScope({ ...scope, type: v })} error={fieldError(error, 'scopeAssetTypeId')} />
          <TextInput name="dueOn" type="date" label={schedule.repeat ? 'Due on (the first time)' : 'Due on (optional)'} error={problems['dueOn'] ?? fieldError(error, 'dueOn')} />
          <AuditScheduleFields value={schedule} onChange={setSchedule} problems={problems} error={error} />
          <TagsInput
            label="Assignees (optional)" description="Who walks the audit: pick an account that may record audit work, or type a login and press Enter"
            data={auditors.data?.items.map((a) => a.login) ?? []} filter={auditorFilter} renderOption={({ option }) => auditorLabel(option.value)}
            value={assignees} onChange={setAssignees} error={assigneeError(error)} clearable clearButtonProps={{ 'aria-label': 'Clear the assignees' }}
          />
          <Textarea name="notes" label="Notes (optional)" autosize minRows={2} error={fieldError(error, 'notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} disabled={noScope}>Plan the audit</Button>
          </Group>
          {noScope && <Text size="xs" c="dimmed" ta="right">Choose a location, an org unit or an asset type to plan the audit.</Text>}
        </Stack>
      </form>
    </Modal>
  );
}
