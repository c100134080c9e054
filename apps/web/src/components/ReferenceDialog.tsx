import { ActionIcon, Alert, Button, Group, Modal, NumberInput, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ApiError, get } from '../api';
import { readableTitle } from '../access';
import {
  type AnyRecord, type FieldSpec, type LocalContact, type ReferenceResource, RESOURCES, type TreeResource, isConflict, recordPath, referenceErrorText, saveRecord,
} from '../reference';
import { AssetTypeSelect, RemoteSelect, TreeSelect } from './ReferencePickers';
import { type AtField, LocalContactsEditor } from './LocalContactsEditor';

type Draft = Record<string, unknown>;
interface SpecRow { key: string; value: string; original?: unknown }

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const empty = (v: unknown) => v === null || v === undefined || v === '';

function draftOf(fields: FieldSpec[], record: AnyRecord | null, initial: Draft): Draft {
  const d: Draft = {};
  for (const f of fields) d[f.key] = record ? (record[f.key] ?? null) : (f.key in initial ? initial[f.key] : f.default ?? null);
  return d;
}

/** The fields the user changed compared with the version they started from ('' is sent as null: cleared). */
function changes(fields: FieldSpec[], start: Draft, now: Draft): Draft {
  const out: Draft = {};
  for (const f of fields) if (!same(empty(start[f.key]) ? null : start[f.key], empty(now[f.key]) ? null : now[f.key])) out[f.key] = empty(now[f.key]) ? null : now[f.key];
  return out;
}

/** A new record: the filled-in fields only, so the contract's defaults apply to the rest. */
function createBody(fields: FieldSpec[], draft: Draft): Draft {
  const out: Draft = {};
  for (const f of fields) {
    const v = draft[f.key];
    if (empty(v) || (f.type === 'specs' && Object.keys(v as object).length === 0) || ((f.type === 'contacts' || f.type === 'ranges') && (v as unknown[]).length === 0)) continue;
    out[f.key] = v;
  }
  return out;
}

/** The key/value rows of default specifications; a value keeps its stored type (number, yes/no) while its text is unchanged. */
function SpecsEditor({ field, value, onChange, error }: { field: FieldSpec; value: Record<string, unknown>; onChange: (v: Record<string, unknown>) => void; error?: string | undefined }) {
  const [rows, setRows] = useState<SpecRow[]>(() => Object.entries(value ?? {}).map(([key, v]) => ({ key, value: String(v), original: v })));
  const publish = (next: SpecRow[]) => {
    setRows(next);
    onChange(Object.fromEntries(next.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.original !== undefined && String(r.original) === r.value ? r.original : r.value])));
  };
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <Text component="legend" size="sm" fw={500}>{field.label}</Text>
      {field.description && <Text size="xs" c="dimmed" mb={4}>{field.description}</Text>}
      <Stack gap={6}>
        {rows.map((r, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput aria-label={`Specification ${i + 1} name`} placeholder="Name, e.g. RAM" maxLength={64} value={r.key} style={{ flex: 1 }}
              onChange={(e) => publish(rows.map((x, j) => (j === i ? { ...x, key: e.currentTarget.value } : x)))} />
            <TextInput aria-label={`Specification ${i + 1} value`} placeholder="Value, e.g. 16 GB" maxLength={1000} value={r.value} style={{ flex: 1 }}
              onChange={(e) => publish(rows.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)))} />
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Remove specification ${r.key || i + 1}`} onClick={() => publish(rows.filter((_, j) => j !== i))}>×</ActionIcon>
          </Group>
        ))}
        <Group><Button variant="default" size="xs" onClick={() => setRows([...rows, { key: '', value: '' }])}>Add a specification</Button></Group>
        {error && <Text size="xs" c="var(--mantine-color-error)" role="alert">{error}</Text>}
      </Stack>
    </fieldset>
  );
}

/**
 * A location's network ranges, one per line: sent as the list of non-empty lines, so the server's errors at
 * `networkRanges.N` are shown against the line they are about.
 */
function NetworkRangesInput({ field, value, onChange, error, errors }: { field: FieldSpec; value: string[]; onChange: (v: string[]) => void; error?: string | undefined; errors?: AtField[] | undefined }) {
  const [text, setText] = useState(value.join('\n'));
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const problems = (errors ?? []).map((e) => {
    const at = /^networkRanges\.(\d+)$/.exec(e.field ?? '');
    return at ? `${lines[Number(at[1])] ?? `Line ${Number(at[1]) + 1}`}: ${e.message}` : e.message;
  });
  return (
    <Textarea label={field.label} description={field.description} autosize minRows={2} placeholder={'10.20.0.0/16\n2001:db8::/48'}
      error={problems.length ? problems.join(' · ') : error} value={text} spellCheck={false}
      onChange={(e) => { setText(e.currentTarget.value); onChange(e.currentTarget.value.split('\n').map((l) => l.trim()).filter(Boolean)); }} />
  );
}

/** One input of a reference form, chosen by the field's type. */
export function ReferenceField({ field, value, onChange, error, errors, self }: {
  field: FieldSpec; value: unknown; onChange: (v: unknown) => void; error?: string | undefined; self?: AnyRecord | null;
  /** The server's errors at this field and inside it, for fields of several inputs (contacts). */
  errors?: AtField[] | undefined;
}) {
  const common = { label: field.label, required: field.required ?? false, error, description: field.description };
  switch (field.type) {
    case 'textarea':
      return <Textarea {...common} autosize minRows={2} maxLength={field.maxLength} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'number':
    case 'integer':
      return <NumberInput {...common} value={(value as number | null) ?? ''} allowDecimal={field.type === 'number'} decimalScale={field.type === 'number' ? 7 : 0} min={field.min} max={field.max} clampBehavior="none"
        onChange={(v) => onChange(v === '' || Number.isNaN(Number(v)) ? null : Number(v))} />;
    case 'select':
      return <Select {...common} allowDeselect={false} data={field.options ?? []} value={(value as string) ?? null} onChange={(v) => onChange(v)} />;
    case 'boolean':
      return <Switch label={field.label} description={field.description} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'date':
      return <TextInput {...common} type="date" value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'tree':
      return <TreeSelect {...common} resource={field.resource as TreeResource} value={(value as string) ?? null} onChange={onChange} excludePath={self && typeof self['path'] === 'string' ? self['path'] : undefined} placeholder="None" />;
    case 'ref':
      return <RemoteSelect {...common} resource={field.resource!} value={(value as string) ?? null} onChange={onChange} exclude={field.resource === 'people' ? self?.id : undefined} placeholder="Type to search" />;
    case 'assetType':
      return <AssetTypeSelect {...common} value={(value as string) ?? null} onChange={onChange} placeholder="Choose a type" />;
    case 'specs':
      return <SpecsEditor field={field} value={(value as Record<string, unknown>) ?? {}} onChange={onChange} error={error} />;
    case 'ranges':
      return <NetworkRangesInput field={field} value={(value as string[]) ?? []} onChange={onChange} error={error} errors={errors} />;
    case 'contacts':
      return <LocalContactsEditor field={field} value={(value as LocalContact[]) ?? []} onChange={onChange} error={error} errors={errors} />;
    default:
      return <TextInput {...common} type={field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : 'text'} maxLength={field.maxLength} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

/**
 * Creates or edits a reference record with a form generated from the resource's fields. The server's per-field
 * errors (422) show next to their fields. An edit is sent with the version it started from; when someone else saved
 * first (412), nothing typed is lost: the user can load their version and re-apply their own changes on top of it.
 */
export function ReferenceDialog<T extends AnyRecord>({ resource, record, initial = {}, title, onClose, onSaved }: {
  resource: ReferenceResource;
  record: T | null;
  initial?: Draft;
  title?: string;
  onClose: () => void;
  onSaved: (saved: T, created: boolean) => void;
}) {
  const info = RESOURCES[resource];
  const fields = info.fields;
  const [base, setBase] = useState<T | null>(record);
  const [start, setStart] = useState(() => draftOf(fields, record, initial));
  const [draft, setDraft] = useState(() => draftOf(fields, record, initial));
  const [specsKey, setSpecsKey] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (key: string) => (error instanceof ApiError ? error.errors.filter((e) => e.field === key || e.field?.startsWith(`${key}.`)).map((e) => e.message).join('; ') || undefined : undefined);
  const unplaced = error instanceof ApiError && (error.errors.length === 0 || error.errors.some((e) => !fields.some((f) => e.field === f.key || e.field?.startsWith(`${f.key}.`))));

  const save = async (on: T | null, body: Draft) => {
    setBusy(true);
    setError(null);
    try {
      if (on && Object.keys(body).length === 0) { onClose(); return; }
      const saved = await saveRecord<T>(resource, on ? body : createBody(fields, draft), on ? { id: on.id, version: on.version } : undefined);
      onSaved(saved, !on);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const reapply = async () => {
    if (!record) return;
    setBusy(true);
    try {
      const mine = changes(fields, start, draft);
      const latest = await get<T>(recordPath(resource, record.id));
      const latestDraft = draftOf(fields, latest, {});
      const merged = { ...latestDraft, ...mine };
      setBase(latest);
      setStart(latestDraft);
      setDraft(merged);
      setSpecsKey((k) => k + 1);
      await save(latest, changes(fields, latestDraft, merged));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={title ?? (record ? `Edit ${record.name}` : `New ${info.singular}`)} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void save(base, changes(fields, start, draft)); }}>
        <Stack>
          {isConflict(error) ? (
            <Alert color="orange" role="alert" title={`Someone else changed this ${info.singular} while you were editing`} styles={readableTitle}>
              <Stack gap="xs">
                Your changes are still here. Load their version and apply your changes on top of it?
                <Group><Button size="xs" onClick={() => void reapply()} loading={busy}>Reload and re-apply my changes</Button></Group>
              </Stack>
            </Alert>
          ) : error !== null ? (
            <Alert color="red" role="alert">{error instanceof ApiError && error.code === 'IN_USE' ? error.message : unplaced ? referenceErrorText(error, info, record?.name) : 'Check the fields marked below.'}</Alert>
          ) : null}
          {fields.map((f) => (
            <ReferenceField key={f.type === 'specs' || f.type === 'contacts' || f.type === 'ranges' ? `${f.key}-${specsKey}` : f.key} field={f} value={draft[f.key]} error={fieldError(f.key)} self={record}
              errors={error instanceof ApiError ? error.errors.filter((e) => e.field === f.key || e.field?.startsWith(`${f.key}.`)) : undefined}
              onChange={(v) => setDraft((d) => ({ ...d, [f.key]: v }))} />
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{record ? 'Save' : 'Create'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
