import { Checkbox, Group, NumberInput, Stack, TextInput } from '@mantine/core';
import { MONITOR_LEAD_DAYS_MAX } from '@custodia/domain';
import type { FieldRow } from '../lifecycle';

/** The lead a date starts with when it is first marked monitored: a month, time enough to act on most dates. */
const DEFAULT_LEAD_DAYS = 30;

/**
 * Whether a date attribute is monitored (ITAM practice guide Table 2.2, dates to be monitored), what the date is and how
 * many days ahead it is coming up. The dashboard counts the assets whose date is coming up or passed, and the register
 * filters on them.
 */
export function DateMonitorInputs({ field, error, onChange }: { field: FieldRow; error: string | undefined; onChange: (monitor: FieldRow['monitor']) => void }) {
  const monitor = field.monitor;
  return (
    <Stack gap={4}>
      <Checkbox size="xs" label="Monitor this date (dashboard and register)" checked={Boolean(monitor)} error={error}
        onChange={(e) => onChange(e.currentTarget.checked ? { label: field.label.trim(), leadDays: DEFAULT_LEAD_DAYS } : undefined)} />
      {monitor && (
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput label="What the date is" description="As the dashboard shows it, e.g. Lease ends" size="xs" w={240} required value={monitor.label}
            onChange={(e) => onChange({ ...monitor, label: e.currentTarget.value })} />
          <NumberInput label="Coming up from (days before)" description={`1 to ${MONITOR_LEAD_DAYS_MAX}`} size="xs" w={230} required min={1} max={MONITOR_LEAD_DAYS_MAX}
            allowDecimal={false} allowNegative={false} value={monitor.leadDays}
            onChange={(v) => onChange({ ...monitor, leadDays: v === '' ? 0 : Number(v) })} />
        </Group>
      )}
    </Stack>
  );
}
