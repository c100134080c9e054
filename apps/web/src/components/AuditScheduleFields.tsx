import { Checkbox, Group, NumberInput, Radio, Select, Stack, Text } from '@mantine/core';
import { RECURRENCE_MAX, SAMPLE_MAX_COUNT } from '@custodia/domain';
import { fieldError } from '../access';
import type { AuditSample, RecurrenceUnit } from '../audits';

/** What the plan dialog holds about when an audit repeats and how much of its scope it checks. */
export interface ScheduleValue { repeat: boolean; every: number | string; unit: RecurrenceUnit; check: 'all' | 'count' | 'percent'; size: number | string }

export const NO_SCHEDULE: ScheduleValue = { repeat: false, every: 1, unit: 'months', check: 'all', size: 10 };

const UNITS: { value: RecurrenceUnit; label: string }[] = [{ value: 'days', label: 'days' }, { value: 'weeks', label: 'weeks' }, { value: 'months', label: 'months' }];

const whole = (v: number | string, min: number, max: number): number | null => {
  const n = typeof v === 'number' ? v : Number(v);
  return v !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
};

/** The request fields, or the problems to show beside each field (the same rules the API applies). */
export function scheduleFields(v: ScheduleValue, dueOn: string): { ok: true; body: { recurrence?: { every: number; unit: RecurrenceUnit }; sample?: AuditSample } } | { ok: false; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const body: { recurrence?: { every: number; unit: RecurrenceUnit }; sample?: AuditSample } = {};
  if (v.repeat) {
    const every = whole(v.every, 1, RECURRENCE_MAX[v.unit]);
    if (every === null) problems['recurrence.every'] = `Choose a whole number from 1 to ${RECURRENCE_MAX[v.unit]}`;
    else body.recurrence = { every, unit: v.unit };
    if (!dueOn) problems['dueOn'] = 'A repeating audit needs a due date: its schedule counts from it';
  }
  if (v.check === 'count') {
    const count = whole(v.size, 1, SAMPLE_MAX_COUNT);
    if (count === null) problems['sample.count'] = `Choose a whole number of assets from 1 to ${SAMPLE_MAX_COUNT}`;
    else body.sample = { count };
  } else if (v.check === 'percent') {
    const percent = whole(v.size, 1, 99);
    if (percent === null) problems['sample.percent'] = 'Choose a whole percentage from 1 to 99 (100 % is all of it)';
    else body.sample = { percent };
  }
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, body };
}

/** "Repeat" and "What to check" of the plan dialog; `problems` are the dialog's own checks, `error` the API's answer. */
export function AuditScheduleFields({ value, onChange, problems, error }: { value: ScheduleValue; onChange: (v: ScheduleValue) => void; problems: Record<string, string>; error: unknown }) {
  const problem = (field: string) => problems[field] ?? fieldError(error, field);
  const set = (patch: Partial<ScheduleValue>) => onChange({ ...value, ...patch });
  return (
    <Stack gap="sm">
      <Checkbox label="Repeat this audit (cycle counting)" description="Once a run is closed, the plan is due again on the next date of its schedule, counted from the due date"
        checked={value.repeat} onChange={(e) => set({ repeat: e.currentTarget.checked })} />
      {value.repeat && (
        <Group align="flex-start" gap="xs">
          <NumberInput label="Every" clampBehavior="none" min={1} max={RECURRENCE_MAX[value.unit]} allowDecimal={false} value={value.every} onChange={(v) => set({ every: v })} w={110} error={problem('recurrence.every')} />
          <Select label="Unit" data={UNITS} value={value.unit} onChange={(v) => set({ unit: (v ?? 'months') as RecurrenceUnit })} allowDeselect={false} w={130} />
        </Group>
      )}
      <Radio.Group label="What to check" value={value.check} onChange={(v) => set({ check: v as ScheduleValue['check'], size: v === 'percent' ? 10 : 20 })}>
        <Group mt="xs">
          <Radio value="all" label="Everything in scope" />
          <Radio value="count" label="A random number of assets" />
          <Radio value="percent" label="A random percentage" />
        </Group>
      </Radio.Group>
      {value.check !== 'all' && (
        <>
          <NumberInput label={value.check === 'count' ? 'Assets in the sample' : 'Percentage of the scope'} clampBehavior="none" min={1} max={value.check === 'count' ? SAMPLE_MAX_COUNT : 99} allowDecimal={false}
            suffix={value.check === 'percent' ? ' %' : undefined} value={value.size} onChange={(v) => set({ size: v })} w={220}
            error={problem(value.check === 'count' ? 'sample.count' : 'sample.percent')} />
          <Text size="xs" c="dimmed">Each run draws its own sample when it starts; only the drawn assets are looked for, and the report says which.</Text>
        </>
      )}
    </Stack>
  );
}
