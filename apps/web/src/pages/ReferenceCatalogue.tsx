import { Alert, Anchor, Button, Card, Drawer, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, get } from '../api';
import { errorText, notify } from '../access';
import { calendarDate } from '../dates';
import { useAssetTypes } from '../lookups';
import { useSession } from '../session';
import { type AnyRecord, type CatalogueModel, type Manufacturer, RESOURCES, type Supplier, recordPath, useRecordNames, useReferencePage } from '../reference';
import { ReferenceDialog } from '../components/ReferenceDialog';
import { DeleteRecordDialog, RecordFields, RecordHistory } from '../components/ReferenceDetail';
import { AttachmentsPanel } from '../components/AttachmentsPanel';
import { AvailabilityPanel } from '../components/ModelAvailability';
import { ScrollTable } from '../components/ScrollTable';
import { CursorPager, useCursorPages } from '../components/CursorPager';

type Resource = 'manufacturers' | 'suppliers' | 'models';
interface Column<T> { header: string; cell: (r: T) => ReactNode }

const link = (url: string | null) => (url ? <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm">{url.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '')}</Anchor> : '');
const text = (v: string | number | null) => <Text span size="sm">{v ?? ''}</Text>;

export function ManufacturersPage() {
  return <ReferenceTablePage<Manufacturer & AnyRecord> resource="manufacturers" title="Manufacturers" intro="The makers of the equipment and software in the register; catalogue models belong to one."
    useColumns={() => [
      { header: 'Web site', cell: (m) => link(m.url) },
      { header: 'Support e-mail', cell: (m) => text(m.supportEmail) },
      { header: 'Support phone', cell: (m) => text(m.supportPhone) },
    ]} />;
}

export function SuppliersPage() {
  return <ReferenceTablePage<Supplier & AnyRecord> resource="suppliers" title="Suppliers" intro="The companies assets are bought from."
    useColumns={() => [
      { header: 'Web site', cell: (s) => link(s.url) },
      { header: 'E-mail', cell: (s) => text(s.email) },
      { header: 'Phone', cell: (s) => text(s.phone) },
    ]} />;
}

export const eolText = (m: Pick<CatalogueModel, 'eolDate' | 'eolMonths'>) => (m.eolDate ? calendarDate(m.eolDate) : m.eolMonths ? `${m.eolMonths} months after purchase` : '');

export function ModelsPage() {
  return <ReferenceTablePage<CatalogueModel & AnyRecord> resource="models" title="Catalogue models"
    intro="The models you buy: their manufacturer, asset type, default specifications, end of life, and the group of models that can replace one another."
    useColumns={(items) => {
      const makers = useRecordNames('manufacturers', items.map((m) => m.manufacturerId));
      const types = useAssetTypes();
      return [
        { header: 'Manufacturer', cell: (m) => text(makers.get(m.manufacturerId) ?? '…') },
        { header: 'Asset type', cell: (m) => text(types.data?.find((t) => t.id === m.assetTypeId)?.name ?? '…') },
        { header: 'Model number', cell: (m) => text(m.modelNumber) },
        { header: 'End of life', cell: (m) => text(eolText(m)) },
        { header: 'Substitution group', cell: (m) => text(m.substitutionGroup) },
      ];
    }} />;
}

/**
 * A reference list as a server-side paged table with search (kept in the URL), a create dialog generated from the
 * resource's fields, and a drawer (`?item=`) with the record's details, edit, delete and history.
 */
function ReferenceTablePage<T extends AnyRecord>({ resource, title, intro, useColumns }: { resource: Resource; title: string; intro: string; useColumns: (items: T[]) => Column<T>[] }) {
  const { can } = useSession();
  const client = useQueryClient();
  const info = RESOURCES[resource];
  const [params, setParams] = useSearchParams();
  const pages = useCursorPages();
  const [creating, setCreating] = useState(false);
  const q = params.get('q') ?? '';
  const item = params.get('item');
  const { cursor } = pages;
  const list = useReferencePage<T>(resource, q, cursor, can('register.read'));
  const items = list.data?.items ?? [];
  const columns = useColumns(items);

  if (!can('register.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see reference data.</Alert>;

  const setParam = (key: 'q' | 'item', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    if (key === 'q') { next.delete('item'); pages.first(); }
    setParams(next);
  };
  const search = (value: string) => { if (value.trim() !== q) setParam('q', value.trim() || null); };
  const itemLink = (id: string) => { const next = new URLSearchParams(params); next.set('item', id); return `?${next.toString()}`; };
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['reference', resource] });
    void client.invalidateQueries({ queryKey: ['named', resource] });
  };
  const total = list.data?.total;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">{title}</Title>
          <Text size="sm" c="dimmed" maw={720}>{intro}</Text>
        </div>
        {can('register.write') && <Button onClick={() => setCreating(true)}>Add a {info.singular}</Button>}
      </Group>
      <Group align="flex-end">
        <TextInput label={`Search ${info.plural}`} placeholder={resource === 'models' ? 'Name or model number' : 'Name'} defaultValue={q} key={q} type="search"
          onKeyDown={(e) => { if (e.key === 'Enter') search(e.currentTarget.value); }} onBlur={(e) => search(e.currentTarget.value)} />
      </Group>
      {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
      {list.isLoading && <Loader role="status" aria-label={`Loading ${info.plural}`} />}
      {total !== undefined && <Text size="sm" c="dimmed" aria-live="polite">{`${total.toLocaleString()} ${total === 1 ? info.singular : info.plural}`}</Text>}
      {list.data && items.length === 0 && <Text c="dimmed">{q ? `No ${info.singular} matches “${q}”.` : info.empty}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={640} label={title}>
          <Table striped highlightOnHover aria-label={title}>
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th>{columns.map((c) => <Table.Th key={c.header}>{c.header}</Table.Th>)}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Anchor component={Link} to={itemLink(r.id)} size="sm">{r.name}</Anchor></Table.Td>
                  {columns.map((c) => <Table.Td key={c.header}>{c.cell(r)}</Table.Td>)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
      <Drawer opened={Boolean(item)} onClose={() => setParam('item', null)} position="right" size="lg" title={info.singular[0]!.toUpperCase() + info.singular.slice(1)} closeButtonProps={{ 'aria-label': 'Close' }}>
        {item && <RecordDetail<T> key={item} resource={resource} id={item} onChanged={refresh} onDeleted={() => { refresh(); setParam('item', null); }} />}
      </Drawer>
      {creating && (
        <ReferenceDialog<T> resource={resource} record={null} onClose={() => setCreating(false)}
          onSaved={(r) => { setCreating(false); refresh(); notify(`${r.name} added`); setParam('item', r.id); }} />
      )}
    </Stack>
  );
}

function RecordDetail<T extends AnyRecord>({ resource, id, onChanged, onDeleted }: { resource: Resource; id: string; onChanged: () => void; onDeleted: () => void }) {
  const { can } = useSession();
  const client = useQueryClient();
  const info = RESOURCES[resource];
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const one = useQuery({ queryKey: ['reference', resource, 'one', id], queryFn: () => get<T>(recordPath(resource, id)), retry: false });
  if (one.isLoading) return <Loader role="status" aria-label={`Loading the ${info.singular}`} />;
  if (one.error || !one.data) {
    return <Alert color="red" role="alert" title="Not available">{one.error instanceof ApiError && one.error.status === 404 ? `There is no such ${info.singular}: it may have been deleted meanwhile.` : errorText(one.error)}</Alert>;
  }
  const r = one.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Title order={2} size="h3">{r.name}</Title>
        {can('register.write') && (
          <Group gap="xs">
            <Button size="xs" onClick={() => setDialog('edit')}>Edit</Button>
            <Button size="xs" variant="default" onClick={() => setDialog('delete')}>Delete</Button>
          </Group>
        )}
      </Group>
      <Card withBorder><RecordFields resource={resource} record={r} /></Card>
      {resource === 'models' && can('assets.read') && <AvailabilityPanel modelId={r.id} />}
      {resource === 'suppliers' && <AttachmentsPanel owner={{ kind: 'supplier', id: r.id }} canWrite={can('register.write')} />}
      <RecordHistory resource={resource} id={r.id} version={r.version} />
      {dialog === 'edit' && (
        <ReferenceDialog<T> resource={resource} record={r} onClose={() => setDialog(null)}
          onSaved={(next) => { client.setQueryData(['reference', resource, 'one', id], next); onChanged(); setDialog(null); notify(`${next.name} saved`); }} />
      )}
      {dialog === 'delete' && (
        <DeleteRecordDialog resource={resource} record={r} onClose={() => setDialog(null)}
          onDeleted={() => { client.removeQueries({ queryKey: ['reference', resource, 'one', id] }); notify(`${r.name} deleted`); onDeleted(); }} />
      )}
    </Stack>
  );
}
