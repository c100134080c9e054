import { Button, Group, Modal, type OptionsFilter, Pill, Radio, Select, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, get, post, request } from '../api';
import { errorText, fieldError, notify } from '../access';
import { type AuditPlan, type AuditSample, type RecurrenceUnit, personAssignees } from '../audits';
import { useAssetTypes, useNamesById } from '../lookups';
import { foldingFilter } from '../search-filter';
import { TreeSelect } from './ReferencePickers';
import { FormError } from './FormError';
import { AuditScheduleFields, NO_SCHEDULE, type ScheduleValue, scheduleFields } from './AuditScheduleFields';

/** What the dialog holds: the plan's fields as the inputs show them. */
interface Draft {
  name: string; method: 'scan' | 'manual'; location: string | null; unit: string | null; type: string | null;
  dueOn: string; assignees: string[]; notes: string; schedule: ScheduleValue;
}

/** The fields a plan is written with (`POST` and `PATCH /api/v1/audit-plans`). */
interface PlanBody {
  name: string; method: 'scan' | 'manual'; scopeLocationId: string | null; scopeOrgUnitId: string | null; scopeAssetTypeId: string | null;
  dueOn: string | null; assignees: string[]; notes: string | null; recurrence: { every: number; unit: RecurrenceUnit } | null; sample: AuditSample | null;
}

const EMPTY: Draft = { name: '', method: 'scan', location: null, unit: null, type: null, dueOn: '', assignees: [], notes: '', schedule: NO_SCHEDULE };

function draftOf(p: AuditPlan): Draft {
  const sample = p.sample;
  return {
    name: p.name, method: p.method, location: p.scopeLocationId, unit: p.scopeOrgUnitId, type: p.scopeAssetTypeId, dueOn: p.dueOn ?? '',
    assignees: [...p.assignees], notes: p.notes ?? '',
    schedule: {
      repeat: p.recurrence !== null, every: p.recurrence?.every ?? 1, unit: p.recurrence?.unit ?? 'months',
      check: sample === null ? 'all' : 'count' in sample ? 'count' : 'percent', size: sample === null ? 10 : 'count' in sample ? sample.count : sample.percent,
    },
  };
}

/** The request body of a draft, or the problems the dialog shows beside the fields (the API's own rules). */
function bodyOf(d: Draft): { ok: true; body: PlanBody } | { ok: false; problems: Record<string, string> } {
  const checked = scheduleFields(d.schedule, d.dueOn);
  if (!checked.ok) return checked;
  return {
    ok: true,
    body: {
      name: d.name.trim(), method: d.method, scopeLocationId: d.location, scopeOrgUnitId: d.unit, scopeAssetTypeId: d.type, dueOn: d.dueOn || null,
      assignees: d.assignees, notes: d.notes.trim() || null, recurrence: checked.body.recurrence ?? null, sample: checked.body.sample ?? null,
    },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields changed since the version the edit started from; only those are sent, so a change someone else made
 * meanwhile to another field is kept (and the same rule is not sent again: a new rule restarts the schedule).
 */
function changes(start: PlanBody, now: PlanBody): Partial<PlanBody> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(now) as (keyof PlanBody)[]) if (!same(start[key], now[key])) out[key] = now[key];
  return out as Partial<PlanBody>;
}

/** My edits (start → mine) applied onto someone else's version of the plan. */
function reapplied(start: Draft, mine: Draft, theirs: Draft): Draft {
  const out: Draft = { ...theirs, schedule: { ...theirs.schedule } };
  for (const key of ['name', 'method', 'location', 'unit', 'type', 'dueOn', 'assignees', 'notes'] as const) {
    if (!same(start[key], mine[key])) (out as unknown as Record<string, unknown>)[key] = mine[key];
  }
  const [s, m] = [start.schedule, mine.schedule];
  if (!same([s.repeat, s.every, s.unit], [m.repeat, m.every, m.unit])) out.schedule = { ...out.schedule, repeat: m.repeat, every: m.every, unit: m.unit };
  if (!same([s.check, s.size], [m.check, m.size])) out.schedule = { ...out.schedule, check: m.check, size: m.size };
  return out;
}

/** The first problem with an assignee (the API names them `assignees.<n>`). */
const assigneeError = (e: unknown) => (e instanceof ApiError ? e.errors.find((f) => f.field?.startsWith('assignees'))?.message : undefined);
const isConflict = (e: unknown) => e instanceof ApiError && (e.code === 'VERSION_MISMATCH' || e.status === 412);

/**
 * "Plan an audit", or, given a plan, "Edit audit plan": name, how the data is collected, the scope (at least one), who
 * does it and by when, whether it repeats and whether each run checks a random sample; the dialog checks what it can
 * before sending and shows the API's refusals beside the fields. An edit sends only what changed, with the version it
 * started from (If-Match); when someone else saved first, nothing typed is lost: the person can load their version
 * and re-apply their own changes on top of it.
 */
export function AuditPlanDialog({ plan = null, onClose }: { plan?: AuditPlan | null; onClose: () => void }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const types = useAssetTypes();
  const [base, setBase] = useState<AuditPlan | null>(plan);
  const [start, setStart] = useState<Draft>(() => (plan ? draftOf(plan) : EMPTY));
  const [draft, setDraft] = useState<Draft>(() => (plan ? draftOf(plan) : EMPTY));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const auditors = useQuery({ queryKey: ['auditors'], queryFn: () => get<{ items: { login: string; name: string }[] }>('/api/v1/auditors'), staleTime: 60_000 });
  const nameOf = new Map(auditors.data?.items.map((a) => [a.login, a.name]) ?? []);
  const auditorLabel = (login: string) => (nameOf.get(login) && nameOf.get(login) !== login ? `${nameOf.get(login)} (${login})` : login);
  // An assignee given as a person id (through the API) shows the person's name, as on the plan page.
  const personNames = useNamesById('people', personAssignees(draft.assignees));
  // Suggestions match the person's name as well as the login.
  const auditorFilter: OptionsFilter = ({ options, search, limit }) =>
    foldingFilter({ options: options.map((o) => ('group' in o ? o : { ...o, label: auditorLabel(o.value) })), search, limit });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const noScope = !draft.location && !draft.unit && !draft.type;

  const create = async (body: PlanBody) => {
    const { dueOn, notes, recurrence, sample, ...rest } = body;
    const created = await post<AuditPlan>('/api/v1/audit-plans', {
      ...rest, ...(dueOn ? { dueOn } : {}), ...(notes ? { notes } : {}), ...(recurrence ? { recurrence } : {}), ...(sample ? { sample } : {}),
    });
    await client.invalidateQueries({ queryKey: ['audit-plans'] });
    notify(`Audit “${created.name}” planned. Start a run when you are on site.`);
    navigate(`/audits/${created.id}`);
  };

  const update = async (on: AuditPlan, from: Draft, to: Draft) => {
    const [was, now] = [bodyOf(from), bodyOf(to)];
    if (!now.ok) return;
    const patch = was.ok ? changes(was.body, now.body) : now.body;
    if (Object.keys(patch).length === 0) { onClose(); return; }
    await request<AuditPlan>('PATCH', `/api/v1/audit-plans/${on.id}`, { body: patch, ifMatch: `"${on.version}"` });
    await client.invalidateQueries({ queryKey: ['audit-plan', on.id] });
    await client.invalidateQueries({ queryKey: ['audit-plans'] });
    notify('The plan is saved.');
    onClose();
  };

  const save = async (on: AuditPlan | null, from: Draft, to: Draft) => {
    const checked = bodyOf(to);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) return;
    setBusy(true);
    setError(null);
    try {
      if (on) await update(on, from, to); else await create(checked.body);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const reapply = async () => {
    if (!plan) return;
    setBusy(true);
    try {
      const latest = await get<AuditPlan>(`/api/v1/audit-plans/${plan.id}`);
      const theirs = draftOf(latest);
      const merged = reapplied(start, draft, theirs);
      setBase(latest);
      setStart(theirs);
      setDraft(merged);
      await save(latest, theirs, merged);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const options = (items: { id: string; name: string }[] | undefined) => items?.map((i) => ({ value: i.id, label: i.name })) ?? [];
  const repeats = draft.schedule.repeat;

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={plan ? 'Edit audit plan' : 'Plan an audit'} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void save(base, start, draft); }}>
        <Stack>
          {isConflict(error) ? (
            <FormError color="orange" title="Someone else changed this plan while you were editing">
              <Stack gap="xs">
                Your changes are still here. Load their version and apply your changes on top of it?
                <Group><Button size="xs" onClick={() => void reapply()} loading={busy}>Reload and re-apply my changes</Button></Group>
              </Stack>
            </FormError>
          ) : error !== null ? <FormError>{errorText(error)}</FormError> : null}
          {plan?.status === 'in_progress' && <Text size="sm" c="dimmed">A run is in progress: it keeps the scope and sample it started with; changes apply from the next run.</Text>}
          <TextInput label="Name" placeholder="Paris office, laptops, Q4" required data-autofocus value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={fieldError(error, 'name')} autoComplete="off" />
          <Radio.Group label="How items are collected" value={draft.method} onChange={(v) => set({ method: v as Draft['method'] })}>
            <Group mt="xs">
              <Radio value="scan" label="Scan labels (barcode or QR)" />
              <Radio value="manual" label="Check by hand against the list" />
            </Group>
          </Radio.Group>
          <Text size="sm" fw={500}>Scope <Text span size="sm" c="dimmed" fw={400}>— at least one; an asset must match every one you choose</Text></Text>
          <TreeSelect resource="locations" label="Location (with everything inside it)" value={draft.location} onChange={(v) => set({ location: v })} error={fieldError(error, 'scopeLocationId')} />
          <TreeSelect resource="org-units" label="Owner org unit (with the units below it)" value={draft.unit} onChange={(v) => set({ unit: v })} error={fieldError(error, 'scopeOrgUnitId')} />
          <Select label="Asset type" searchable clearable clearButtonProps={{ 'aria-label': 'Clear the asset type' }} data={options(types.data)} value={draft.type} onChange={(v) => set({ type: v })} error={fieldError(error, 'scopeAssetTypeId')} />
          <TextInput type="date" label={plan?.recurrence ? 'Next due on' : repeats ? 'Due on (the first time)' : 'Due on (optional)'} value={draft.dueOn} onChange={(e) => set({ dueOn: e.currentTarget.value })}
            description={plan?.recurrence && repeats ? 'A new date starts the schedule again from it' : undefined} error={problems['dueOn'] ?? fieldError(error, 'dueOn')} />
          <AuditScheduleFields value={draft.schedule} onChange={(schedule) => set({ schedule })} problems={problems} error={error} />
          <TagsInput
            label="Assignees (optional)" description="Who walks the audit: pick an account that may record audit work, or type a login and press Enter"
            data={auditors.data?.items.map((a) => a.login) ?? []} filter={auditorFilter} renderOption={({ option }) => auditorLabel(option.value)}
            value={draft.assignees} onChange={(assignees) => set({ assignees })} error={assigneeError(error)} clearable clearButtonProps={{ 'aria-label': 'Clear the assignees' }}
            renderPill={({ value = '', onRemove, disabled, reorderProps }) => (
              <Pill withRemoveButton={!disabled} onRemove={onRemove} disabled={disabled} {...reorderProps}>
                {personNames.get(value) ?? value}
              </Pill>
            )}
          />
          <Textarea label="Notes (optional)" autosize minRows={2} value={draft.notes} onChange={(e) => set({ notes: e.currentTarget.value })} error={fieldError(error, 'notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} disabled={noScope}>{plan ? 'Save' : 'Plan the audit'}</Button>
          </Group>
          {noScope && <Text size="xs" c="dimmed" ta="right">Choose a location, an org unit or an asset type{plan ? ' to keep a scope' : ' to plan the audit'}.</Text>}
        </Stack>
      </form>
    </Modal>
  );
}
