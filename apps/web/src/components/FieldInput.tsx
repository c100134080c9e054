import { Anchor, Checkbox, NumberInput, Select, Text, TextInput, Textarea } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type FieldDefinition, type Named, type Page, get, query } from '../api';
import { TreeSelect } from './ReferencePickers';
import { MoneyInput } from './MoneyInput';
import { isMoney, moneyText } from '../money';
import { enumLabel } from '../history-rows';
import { calendarDate } from '../dates';

const REF_RESOURCE: Record<string, 'people' | 'assets'> = { person_ref: 'people', asset_ref: 'assets' };

type Choice = Named & { tag?: string; email?: string | null; assetTypeId?: string; modelNumber?: string | null };
const choiceLabel = (o: Choice) => (o.tag ? `${o.tag} · ${o.name}` : o.email ? `${o.name} (${o.email})` : o.modelNumber ? `${o.name} (${o.modelNumber})` : o.name);

export interface RecordSelectProps {
  resource: 'people' | 'assets' | 'models' | 'suppliers';
  label: string; value: string | null; onChange: (v: string | null) => void;
  required?: boolean | undefined; error?: string | undefined; description?: string | undefined;
  /** Keeps only some of the records found (the models of one asset type). */
  keep?: ((record: Choice) => boolean) | undefined;
}

/**
 * Searchable choice of a record, asking the server as the user types; the value already chosen is shown by its name
 * (read once), never by its id. A location is chosen in the tree (TreeSelect), with its ancestors.
 */
export function RecordSelect({ resource, label, value, onChange, required, error, description, keep }: RecordSelectProps) {
  const [search, setSearch] = useState('');
  const options = useQuery({
    queryKey: ['ref-search', resource, search],
    queryFn: async () => (await get<Page<Choice>>(`/api/v1/${resource}${query({ q: search || undefined, limit: 20 })}`)).items,
    staleTime: 30_000,
  });
  const data = (options.data ?? []).filter((o) => !keep || keep(o)).map((o) => ({ value: o.id, label: choiceLabel(o) }));
  const missing = Boolean(value) && !data.some((d) => d.value === value);
  const current = useQuery({
    queryKey: ['ref-one', resource, value],
    queryFn: () => get<Choice>(`/api/v1/${resource}/${value}`),
    enabled: missing && options.isSuccess, retry: false, staleTime: 300_000,
  });
  if (value && missing) data.unshift({ value, label: current.data ? choiceLabel(current.data) : current.isError ? 'Not visible to you' : '…' });
  return (
    <Select label={label} required={required ?? false} searchable clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={data} value={value} onChange={onChange} onSearchChange={setSearch}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'Nothing found'} filter={({ options: o }) => o} error={error} description={description} />
  );
}

/** One input for a typed field of an attribute schema or a transition's evidence: the same types the server validates. */
export function FieldInput({ field, value, onChange, error }: { field: FieldDefinition; value: unknown; onChange: (v: unknown) => void; error?: string | undefined }) {
  const common = { label: field.label, required: field.required ?? false, error, description: field.help };
  switch (field.type) {
    case 'long_text':
      return <Textarea {...common} autosize minRows={2} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
    case 'money':
      return <MoneyInput {...common} value={value} onChange={onChange} />;
    case 'number':
    case 'integer':
      return <NumberInput {...common} value={(value as number | undefined) ?? ''} allowDecimal={field.type !== 'integer'} min={field.min} max={field.max} onChange={(v) => onChange(v === '' ? null : Number(v))} />;
    case 'boolean':
      return <Checkbox label={field.label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'enum':
      return <Select {...common} clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={(field.options ?? []).map((o) => ({ value: o, label: enumLabel(field, o) }))} value={(value as string) ?? null} onChange={(v) => onChange(v)} />;
    case 'date':
      return <TextInput {...common} type="date" value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
    case 'location_ref':
      return <TreeSelect resource="locations" label={field.label} required={field.required ?? false} description={field.help} error={error} value={(value as string) ?? null} onChange={onChange} />;
    case 'person_ref':
    case 'asset_ref':
      return <RecordSelect resource={REF_RESOURCE[field.type] ?? 'people'} label={field.label} required={field.required} description={field.help} value={(value as string) ?? null} onChange={onChange} error={error} />;
    default:
      return <TextInput {...common} type={field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : 'text'} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
  }
}

/** Shows a stored value of a typed field for reading. */
export function formatValue(field: FieldDefinition | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field?.type === 'boolean') return value ? 'Yes' : 'No';
  if (field?.type === 'enum' && typeof value === 'string') return enumLabel(field, value);
  if (field?.type === 'date' && typeof value === 'string') return calendarDate(value);
  if (isMoney(value)) return moneyText(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A stored value for reading: a reference by the name of what it points at (a link to it), anything else as
 * `formatValue` writes it. A reference that cannot be read (deleted, or outside the reader's scope) says so.
 */
export function ValueText({ field, value }: { field: FieldDefinition | undefined; value: unknown }) {
  const ref = field && typeof value === 'string' && value && ['person_ref', 'location_ref', 'asset_ref'].includes(field.type) ? value : null;
  const resource = field?.type === 'asset_ref' ? 'assets' : field?.type === 'location_ref' ? 'locations' : 'people';
  const target = useQuery({ queryKey: ['ref-one', resource, ref], queryFn: () => get<Choice>(`/api/v1/${resource}/${ref}`), enabled: Boolean(ref), retry: false, staleTime: 300_000 });
  if (!ref) return <>{formatValue(field, value)}</>;
  if (target.isError) return <Text span size="sm" c="dimmed">not available</Text>;
  if (!target.data) return <>…</>;
  const to = resource === 'assets' ? `/assets/${ref}` : resource === 'people' ? `/admin/people?person=${ref}` : `/admin/locations?id=${ref}`;
  return <Anchor component={Link} to={to} size="sm">{choiceLabel(target.data)}</Anchor>;
}
