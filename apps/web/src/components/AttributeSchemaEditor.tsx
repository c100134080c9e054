import { ActionIcon, Button, Checkbox, Fieldset, Group, NumberInput, Select, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import './lifecycle-admin.css';
import {
  DEFAULT_TYPES, FIELD_TYPES, type FieldRow, type FieldType, PATTERN_TYPES, type Problems, RANGE_TYPES, REFERENCE_TYPES, keyFromLabel, newId, withType,
} from '../lifecycle';
import { enumLabel, optionLabel } from '../history-rows';
import { DateMonitorInputs } from './DateMonitorInputs';

const SHOWN = ['key', 'label', 'type', 'options', 'optionLabels', 'pattern', 'min', 'max', 'default', 'help', 'sensitive', 'monitor'];
const TYPE_OPTIONS = Object.entries(FIELD_TYPES).map(([value, label]) => ({ value, label }));

/** An error under a row or a list, in the library's error colour (AA contrast with the indigo-8 theme). */
export function ProblemText({ children, id }: { children: string | undefined; id?: string }) {
  if (!children) return null;
  return <Text size="xs" c="var(--mantine-color-error)" id={id}>{children}</Text>;
}

/** The default value's input, typed like the field (no default for money and references). */
function DefaultInput({ field, onChange, error, disabled }: { field: FieldRow; onChange: (v: unknown) => void; error: string | undefined; disabled: boolean }) {
  const common = { label: 'Default', size: 'xs' as const, error, disabled, w: 180 };
  const v = field.default;
  switch (field.type) {
    case 'number':
    case 'integer':
      return <NumberInput {...common} value={typeof v === 'number' ? v : ''} allowDecimal={field.type === 'number'} onChange={(n) => onChange(n === '' ? undefined : Number(n))} />;
    case 'boolean':
      return <Select {...common} data={[{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }]} value={typeof v === 'boolean' ? String(v) : null} clearable clearButtonProps={{ 'aria-label': 'Clear the default' }} onChange={(s) => onChange(s === null ? undefined : s === 'true')} />;
    case 'enum':
      return <Select {...common} data={[...new Set(field.options ?? [])].map((o) => ({ value: o, label: enumLabel(field, o) }))} value={typeof v === 'string' ? v : null} clearable clearButtonProps={{ 'aria-label': 'Clear the default' }} onChange={(s) => onChange(s ?? undefined)} />;
    case 'date':
      return <TextInput {...common} type="date" value={typeof v === 'string' ? v : ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
    default:
      return <TextInput {...common} value={typeof v === 'string' ? v : ''} onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)} />;
  }
}

/** The labels an enum's options are given, kept to the options it has; none left, no labels at all. */
function keepLabels(labels: Record<string, string> | undefined, options: readonly string[]): Record<string, string> | undefined {
  const kept = Object.entries(labels ?? {}).filter(([o]) => options.includes(o));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/**
 * What people read for each option of an enum (forms, pages, history); left empty, an option is shown from its value
 * ("return_to_stock" → "Return to stock"), as the placeholder says. What is stored, filtered and exported is the value.
 */
function OptionLabels({ field, error, onChange }: { field: FieldRow; error: string | undefined; onChange: (labels: Record<string, string> | undefined) => void }) {
  const labels = field.optionLabels ?? {};
  const change = (option: string, text: string) => {
    const next = { ...labels };
    if (text === '') delete next[option];
    else next[option] = text;
    onChange(keepLabels(next, field.options ?? []));
  };
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-start" wrap="wrap">
        {(field.options ?? []).map((o) => (
          <TextInput key={o} size="xs" w={200} label={`Label of “${o}”`} placeholder={optionLabel(o)} value={Object.hasOwn(labels, o) ? labels[o] : ''}
            onChange={(e) => change(o, e.currentTarget.value)} />
        ))}
      </Group>
      <ProblemText>{error}</ProblemText>
    </Stack>
  );
}

/**
 * Rows of typed fields: an asset type's attribute schema, or the evidence a transition asks for. Add, remove,
 * reorder; problems (the client's checks, then the server's 422) are shown next to the input they concern.
 */
export function AttributeSchemaEditor({ rows, onChange, problems, base, mode, disabled = false, noun = 'Field' }: {
  rows: FieldRow[]; onChange: (rows: FieldRow[]) => void; problems: Problems; base: string; mode: 'attributes' | 'evidence'; disabled?: boolean; noun?: string;
}) {
  // Rows whose key still follows their label (new rows, until someone types a key).
  const [autoKey, setAutoKey] = useState<Set<string>>(() => new Set());
  const [focus, setFocus] = useState<string | null>(null);
  const set = (rid: string, patch: Partial<FieldRow>) => onChange(rows.map((r) => (r.rid === rid ? { ...r, ...patch } : r)));
  const replace = (next: FieldRow) => onChange(rows.map((r) => (r.rid === next.rid ? next : r)));
  const drop = (rid: string, key: 'required' | 'unique' | 'sensitive' | 'notInFuture' | 'pattern' | 'min' | 'max' | 'default' | 'help' | 'options' | 'optionLabels' | 'monitor') => onChange(rows.map((r) => { if (r.rid !== rid) return r; const n = { ...r }; delete n[key]; return n; }));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    next.splice(i + by, 0, row!);
    onChange(next);
  };
  const addRow = () => {
    const rid = newId('f');
    setAutoKey(new Set(autoKey).add(rid));
    setFocus(rid);
    onChange([...rows, { rid, key: '', label: '', type: 'text' }]);
  };
  const at = (r: FieldRow) => `${base}.${r.rid}`;

  return (
    <Stack gap="sm">
      {rows.length === 0 && <Text size="sm" c="dimmed">{mode === 'attributes' ? 'This type has no attributes of its own yet.' : 'No evidence is asked for.'}</Text>}
      {rows.map((f, i) => {
        const p = (prop: string) => problems[`${at(f)}.${prop}`] ?? Object.entries(problems).find(([k]) => k.startsWith(`${at(f)}.${prop}.`))?.[1];
        // Problems of the row as a whole, or of a property without an input of its own here.
        const rowProblem = problems[at(f)] ?? Object.entries(problems).find(([k]) => k.startsWith(`${at(f)}.`) && !SHOWN.some((s) => k === `${at(f)}.${s}` || k.startsWith(`${at(f)}.${s}.`)))?.[1];
        const name = `${noun.toLowerCase()} ${i + 1}`;
        return (
          <Fieldset key={f.rid} legend={`${noun} ${i + 1}${f.label.trim() ? `: ${f.label.trim()}` : ''}`} variant="default" p="sm" disabled={disabled}>
            <Stack gap={6}>
              <Group align="flex-start" gap="xs" wrap="wrap">
                <TextInput label="Key" size="xs" w={170} required value={f.key} error={p('key')} autoFocus={focus === f.rid} styles={{ input: { fontFamily: 'monospace' } }}
                  onChange={(e) => { if (autoKey.has(f.rid)) { const n = new Set(autoKey); n.delete(f.rid); setAutoKey(n); } set(f.rid, { key: e.currentTarget.value }); }} />
                <TextInput label="Label" size="xs" required value={f.label} error={p('label')} style={{ flex: 1, minWidth: 180 }}
                  onChange={(e) => { const label = e.currentTarget.value; set(f.rid, autoKey.has(f.rid) ? { label, key: keyFromLabel(label) } : { label }); }} />
                <Select label="Type" size="xs" w={190} allowDeselect={false} data={TYPE_OPTIONS} value={f.type} error={p('type')} onChange={(v) => v && replace(withType(f, v as FieldType))} />
                <Group gap={4} mt={22} wrap="nowrap">
                  <Tooltip label="Move up"><ActionIcon variant="default" aria-label={`Move ${name} up`} disabled={disabled || i === 0} onClick={() => move(i, -1)}>↑</ActionIcon></Tooltip>
                  <Tooltip label="Move down"><ActionIcon variant="default" aria-label={`Move ${name} down`} disabled={disabled || i === rows.length - 1} onClick={() => move(i, 1)}>↓</ActionIcon></Tooltip>
                  <Button variant="default" size="xs" color="red" aria-label={`Remove ${name}`} disabled={disabled} onClick={() => onChange(rows.filter((r) => r.rid !== f.rid))}>Remove</Button>
                </Group>
              </Group>
              <Group gap="md" align="flex-start">
                <Checkbox size="xs" label="Required" checked={f.required ?? false} onChange={(e) => (e.currentTarget.checked ? set(f.rid, { required: true }) : drop(f.rid, 'required'))} />
                {mode === 'attributes' && (
                  <Checkbox size="xs" label="Unique among assets of the type" checked={f.unique ?? false} onChange={(e) => (e.currentTarget.checked ? set(f.rid, { unique: true }) : drop(f.rid, 'unique'))} />
                )}
                {mode === 'attributes' && !REFERENCE_TYPES.includes(f.type) && (
                  <Checkbox size="xs" label="Sensitive (encrypted, shown with permission only)" checked={f.sensitive ?? false} error={p('sensitive')}
                    onChange={(e) => (e.currentTarget.checked ? set(f.rid, { sensitive: true }) : drop(f.rid, 'sensitive'))} />
                )}
                {f.type === 'date' && (
                  <Checkbox size="xs" label="Not in the future" checked={f.notInFuture ?? false} onChange={(e) => (e.currentTarget.checked ? set(f.rid, { notInFuture: true }) : drop(f.rid, 'notInFuture'))} />
                )}
              </Group>
              {mode === 'attributes' && REFERENCE_TYPES.includes(f.type) && <ProblemText>{p('sensitive')}</ProblemText>}
              <Group gap="xs" align="flex-start" wrap="wrap">
                {f.type === 'enum' && (
                  <TagsInput label="Options" description="Press Enter after each option" size="xs" required style={{ flex: 1, minWidth: 240 }} value={f.options ?? []} error={p('options')}
                    onChange={(v) => { const { optionLabels: _old, ...rest } = f; const kept = keepLabels(f.optionLabels, v); replace({ ...rest, options: v, ...(kept ? { optionLabels: kept } : {}) }); }}
                    clearable clearButtonProps={{ 'aria-label': 'Clear the options' }} />
                )}
                {PATTERN_TYPES.includes(f.type) && (
                  <TextInput label="Pattern (regular expression)" size="xs" w={240} value={f.pattern ?? ''} error={p('pattern')} styles={{ input: { fontFamily: 'monospace' } }}
                    onChange={(e) => (e.currentTarget.value ? set(f.rid, { pattern: e.currentTarget.value }) : drop(f.rid, 'pattern'))} />
                )}
                {RANGE_TYPES.includes(f.type) && (
                  <>
                    <NumberInput label="Minimum" size="xs" w={110} value={f.min ?? ''} error={p('min')} onChange={(v) => (v === '' ? drop(f.rid, 'min') : set(f.rid, { min: Number(v) }))} />
                    <NumberInput label="Maximum" size="xs" w={110} value={f.max ?? ''} error={p('max')} onChange={(v) => (v === '' ? drop(f.rid, 'max') : set(f.rid, { max: Number(v) }))} />
                  </>
                )}
                {mode === 'attributes' && DEFAULT_TYPES.includes(f.type) && (
                  <DefaultInput field={f} disabled={disabled} error={p('default')} onChange={(v) => (v === undefined ? drop(f.rid, 'default') : set(f.rid, { default: v }))} />
                )}
                <TextInput label="Help text" size="xs" style={{ flex: 1, minWidth: 200 }} value={f.help ?? ''} error={p('help')}
                  onChange={(e) => (e.currentTarget.value ? set(f.rid, { help: e.currentTarget.value }) : drop(f.rid, 'help'))} />
              </Group>
              {f.type === 'enum' && (f.options ?? []).length > 0 && (
                <OptionLabels field={f} error={p('optionLabels')} onChange={(labels) => (labels ? set(f.rid, { optionLabels: labels }) : drop(f.rid, 'optionLabels'))} />
              )}
              {mode === 'attributes' && f.type === 'date' && (
                <DateMonitorInputs field={f} error={p('monitor')} onChange={(monitor) => (monitor ? set(f.rid, { monitor }) : drop(f.rid, 'monitor'))} />
              )}
              {f.requiredWhen && <Text size="xs" c="dimmed">Required when “{f.requiredWhen.field}” is {f.requiredWhen.oneOf.join(' or ')}.</Text>}
              <ProblemText>{rowProblem}</ProblemText>
            </Stack>
          </Fieldset>
        );
      })}
      <Group><Button variant="default" size="xs" onClick={addRow} disabled={disabled}>{mode === 'attributes' ? 'Add an attribute' : 'Add an evidence field'}</Button></Group>
    </Stack>
  );
}
