import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { type Page, get, query } from '../api';
import { useAssetTypes } from '../lookups';
import { type AnyRecord, type ReferenceResource, type TreeResource, breadcrumb, recordPath, useRecordNames, useTree } from '../reference';

interface PickerProps {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
  description?: string | undefined;
  required?: boolean | undefined;
  placeholder?: string | undefined;
}

/**
 * A node of the org-unit or location tree, shown with its ancestors ("France › Paris › Building A") so equal names
 * (every building has a "Stockroom") can be told apart; typing filters, at most 100 options are drawn at a time.
 * `excludePath` leaves out a node and everything under it (a node cannot move under itself).
 */
export function TreeSelect({ resource, excludePath, ...props }: PickerProps & { resource: TreeResource; excludePath?: string | undefined }) {
  const tree = useTree(resource);
  const nodes = useMemo(() => {
    const index = tree.index;
    if (!index) return [];
    return [...index.nodes.values()]
      .filter((n) => !excludePath || !n.path.startsWith(excludePath))
      .map((n) => ({ value: n.id, label: breadcrumb(index, n) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [tree.index, excludePath]);
  const value = props.value;
  // A value not among the nodes read (still loading, or outside the caller's scope) keeps an option of its own.
  const data = value && !nodes.some((d) => d.value === value) ? [{ value, label: tree.isLoading ? 'Loading…' : 'Not visible to you' }, ...nodes] : nodes;
  return (
    <Select {...props} searchable clearable clearButtonProps={{ 'aria-label': `Clear ${props.label}` }} data={data} limit={100}
      nothingFoundMessage={tree.isLoading ? 'Loading…' : 'Nothing found'} comboboxProps={{ withinPortal: true }} />
  );
}

/** A person, manufacturer… found by asking the server as the user types (lists may be long); `activeOnly`: people who have not left. */
export function RemoteSelect({ resource, exclude, activeOnly, ...props }: PickerProps & { resource: ReferenceResource; exclude?: string | undefined; activeOnly?: boolean }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const current = useRecordNames(resource, [props.value]);
  const currentName = props.value ? current.get(props.value) : undefined;
  // While the box shows the chosen name, list from the start rather than searching for that name.
  const term = q && !(currentName && (q === currentName || q.startsWith(`${currentName} (`))) ? q : '';
  const found = useQuery({
    queryKey: ['reference', resource, 'search', term, activeOnly ? 'active' : 'all'],
    queryFn: async () => (await get<Page<AnyRecord>>(`${recordPath(resource)}${query({ q: term || undefined, limit: 30, active: activeOnly ? 'true' : undefined })}`)).items,
    staleTime: 30_000,
  });
  const data = (found.data ?? [])
    .filter((o) => o.id !== exclude)
    .map((o) => ({ value: o.id, label: typeof o['email'] === 'string' && o['email'] ? `${o.name} (${String(o['email'])})` : o.name }));
  if (props.value && !data.some((d) => d.value === props.value)) data.unshift({ value: props.value, label: currentName ?? '…' });
  return (
    <Select {...props} searchable clearable clearButtonProps={{ 'aria-label': `Clear ${props.label}` }} data={data} onSearchChange={setSearch}
      filter={({ options: o }) => o} nothingFoundMessage={found.isFetching ? 'Searching…' : 'Nothing found'} />
  );
}

export function AssetTypeSelect(props: PickerProps) {
  const types = useAssetTypes();
  const data = (types.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  return <Select {...props} searchable clearable={!props.required} clearButtonProps={{ 'aria-label': `Clear ${props.label}` }} data={data} nothingFoundMessage="Nothing found" />;
}
