import { Alert, Anchor, Badge, Button, Card, Drawer, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, type Asset, type Page, get, query } from '../api';
import { errorText, notify } from '../access';
import { stageNames, useLifecycleModels } from '../lookups';
import { useSession } from '../session';
import { type AnyRecord, type Person, RESOURCES, recordPath, useRecordNames, useTree } from '../reference';
import { ReferenceDialog } from '../components/ReferenceDialog';
import { DeleteRecordDialog, RecordFields, RecordHistory } from '../components/ReferenceDetail';
import { AttachmentsPanel } from '../components/AttachmentsPanel';
import { TreeSelect } from '../components/ReferencePickers';
import { ScrollTable } from '../components/ScrollTable';
import { CursorPager, useCursorPages } from '../components/CursorPager';

const PAGE = 50;
/** The list API has no org-unit or status filter: with one set, pages are read (200 people each) until a page of matches is full. */

type PersonRecord = Person & AnyRecord;
type PeoplePage = Page<PersonRecord>;

/** One page of people, filtered on the server (org unit with the units under it, status). */
function listPeople(q: string | undefined, cursor: string | undefined, orgUnitId: string | undefined, active: 'true' | 'false' | undefined): Promise<PeoplePage> {
  return get<PeoplePage>(`${recordPath('people')}${query({ q, cursor, limit: PAGE, includeTotal: 'true', orgUnitId, active })}`);
}

/**
 * People: a server-side paged table with search, org unit and status filters (kept in the URL); a person opens in a
 * drawer (`?person=`) with their details, the assets assigned to them and their history.
 */
export function PeoplePage() {
  const { can } = useSession();
  const client = useQueryClient();
  const info = RESOURCES.people;
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const q = params.get('q') ?? undefined;
  const unitId = params.get('orgUnitId') ?? undefined;
  const status = params.get('status') ?? 'all';
  const pages = useCursorPages(JSON.stringify([q, unitId, status]));
  const personId = params.get('person');
  const { cursor } = pages;
  const units = useTree('org-units', can('register.read'));
  const filtered = Boolean(unitId) || status !== 'all';
  const list = useQuery({
    queryKey: ['reference', 'people', 'list', q ?? '', unitId ?? null, status, cursor ?? null],
    queryFn: () => listPeople(q, cursor, unitId, status === 'all' ? undefined : status === 'active' ? 'true' : 'false'),
    placeholderData: (prev) => prev,
    enabled: can('register.read'),
  });
  const managers = useRecordNames('people', list.data?.items.map((p) => p.managerId) ?? []);

  if (!can('register.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see reference data.</Alert>;

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    if (key !== 'person') { next.delete('person'); pages.first(); }
    setParams(next);
  };
  const search = (value: string) => { if ((value.trim() || undefined) !== q) setParam('q', value.trim() || null); };
  const items = list.data?.items ?? [];
  const total = list.data?.total;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">People</Title>
          <Text size="sm" c="dimmed">The people assets are assigned to and who look after them.</Text>
        </div>
        {can('register.write') && <Button onClick={() => setCreating(true)}>Add a person</Button>}
      </Group>
      <Group align="flex-end" gap="sm">
        <TextInput label="Search people" placeholder="Name, e-mail or employee number" defaultValue={q ?? ''} key={q ?? ''} type="search"
          onKeyDown={(e) => { if (e.key === 'Enter') search(e.currentTarget.value); }} onBlur={(e) => search(e.currentTarget.value)} />
        <TreeSelect resource="org-units" label="Org unit" placeholder="Any unit" value={unitId ?? null} onChange={(v) => setParam('orgUnitId', v)} />
        <Select label="Status" allowDeselect={false} value={status} onChange={(v) => setParam('status', v === 'all' ? null : v)}
          data={[{ value: 'all', label: 'Everyone' }, { value: 'active', label: 'Active' }, { value: 'inactive', label: 'Inactive' }]} />
      </Group>
      {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
      {!list.data && !list.error && <Loader role="status" aria-label="Loading people" />}
      {list.data && (
        <Text size="sm" c="dimmed" aria-live="polite">
          {total !== undefined ? `${total.toLocaleString()} ${total === 1 ? 'person' : 'people'}` : `${items.length} shown`}
        </Text>
      )}
      {list.data && items.length === 0 && (
        <Text c="dimmed">{filtered || q ? 'No one matches these filters.' : info.empty}</Text>
      )}
      {items.length > 0 && (
        <ScrollTable minWidth={760} label="People">
          <Table striped highlightOnHover aria-label="People">
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>E-mail</Table.Th><Table.Th>Employee no.</Table.Th><Table.Th>Org unit</Table.Th><Table.Th>Manager</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td><Anchor component={Link} to={`?${new URLSearchParams({ ...Object.fromEntries(params), person: p.id }).toString()}`} size="sm">{p.name}</Anchor></Table.Td>
                  <Table.Td><Text span size="sm">{p.email ?? ''}</Text></Table.Td>
                  <Table.Td><Text span size="sm">{p.employeeNumber ?? ''}</Text></Table.Td>
                  <Table.Td><Text span size="sm">{p.orgUnitId ? units.index?.nodes.get(p.orgUnitId)?.name ?? '…' : ''}</Text></Table.Td>
                  <Table.Td><Text span size="sm">{p.managerId ? managers.get(p.managerId) ?? '…' : ''}</Text></Table.Td>
                  <Table.Td><Badge variant="light" color={p.active ? 'indigo' : 'gray'}>{p.active ? 'Active' : 'Inactive'}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
      <Drawer opened={Boolean(personId)} onClose={() => setParam('person', null)} position="right" size="xl" title="Person" closeButtonProps={{ 'aria-label': 'Close' }}>
        {personId && <PersonDetail key={personId} id={personId} onDeleted={() => setParam('person', null)} />}
      </Drawer>
      {creating && (
        <ReferenceDialog<PersonRecord> resource="people" record={null} onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            void client.invalidateQueries({ queryKey: ['reference', 'people'] });
            void client.invalidateQueries({ queryKey: ['named', 'people'] });
            notify(`${p.name} added`);
            setParam('person', p.id);
          }} />
      )}
    </Stack>
  );
}

/** A person: details, actions, the assets assigned to them, history. */
function PersonDetail({ id, onDeleted }: { id: string; onDeleted: () => void }) {
  const { can } = useSession();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const one = useQuery({ queryKey: ['reference', 'people', 'one', id], queryFn: () => get<PersonRecord>(recordPath('people', id)), retry: false });
  if (one.isLoading) return <Loader role="status" aria-label="Loading the person" />;
  if (one.error || !one.data) {
    return <Alert color="red" role="alert" title="Not available">{one.error instanceof ApiError && one.error.status === 404 ? 'There is no such person: they may have been deleted, or they are outside what your role lets you see.' : errorText(one.error)}</Alert>;
  }
  const p = one.data;
  const changed = (next: PersonRecord) => {
    client.setQueryData(['reference', 'people', 'one', id], next);
    void client.invalidateQueries({ queryKey: ['reference', 'people'] });
    void client.invalidateQueries({ queryKey: ['named', 'people'] });
    setDialog(null);
    notify(`${next.name} saved`);
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Group gap="xs">
          <Title order={2} size="h3">{p.name}</Title>
          <Badge variant="light" color={p.active ? 'indigo' : 'gray'}>{p.active ? 'Active' : 'Inactive'}</Badge>
        </Group>
        {can('register.write') && (
          <Group gap="xs">
            <Button size="xs" onClick={() => setDialog('edit')}>Edit</Button>
            <Button size="xs" variant="default" onClick={() => setDialog('delete')}>Delete</Button>
          </Group>
        )}
      </Group>
      <Card withBorder><RecordFields resource="people" record={p} skip={['active']} /></Card>
      {can('assets.read') && <PersonAssets person={p} />}
      <AttachmentsPanel owner={{ kind: 'person', id: p.id }} canWrite={can('register.write')} />
      <RecordHistory resource="people" id={p.id} version={p.version} />
      {dialog === 'edit' && <ReferenceDialog<PersonRecord> resource="people" record={p} onClose={() => setDialog(null)} onSaved={changed} />}
      {dialog === 'delete' && (
        <DeleteRecordDialog resource="people" record={p} onClose={() => setDialog(null)}
          onDeleted={() => {
            client.removeQueries({ queryKey: ['reference', 'people', 'one', id] });
            void client.invalidateQueries({ queryKey: ['reference', 'people'] });
            void client.invalidateQueries({ queryKey: ['named', 'people'] });
            notify(`${p.name} deleted`);
            onDeleted();
          }} />
      )}
    </Stack>
  );
}

function PersonAssets({ person }: { person: Person }) {
  const models = useLifecycleModels();
  const stages = stageNames(models.data);
  const assets = useQuery({
    queryKey: ['assets', { assignedPersonId: person.id }, 'person-panel'],
    queryFn: () => get<Page<Asset>>(`/api/v1/assets${query({ assignedPersonId: person.id, limit: 20, includeTotal: 'true' })}`),
  });
  const total = assets.data?.total ?? 0;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">Assigned assets</Title>
        {total > 0 && (
          <Group gap="md">
            <Anchor component={Link} to={`/people/${person.id}/hand-over`} size="sm">Hand-over form</Anchor>
            <Anchor component={Link} to={`/assets?assignedPersonId=${person.id}`} size="sm">Open {total === 1 ? 'it' : `all ${total.toLocaleString()}`} in the register</Anchor>
          </Group>
        )}
      </Group>
      {!person.active && total > 0 && (
        <Alert color="orange" mb="sm" title="Assets to recover" styles={{ title: { color: 'var(--mantine-color-text)' } }}>
          {person.name} is no longer active but still holds {total === 1 ? 'an asset' : `${total.toLocaleString()} assets`}: check {total === 1 ? 'it' : 'them'} in or reassign {total === 1 ? 'it' : 'them'}.
        </Alert>
      )}
      {assets.isLoading && <Loader size="sm" role="status" aria-label="Loading assets" />}
      {assets.error && <Alert color="red" role="alert">{errorText(assets.error)}</Alert>}
      {assets.data && assets.data.items.length === 0 && <Text size="sm" c="dimmed">No asset is assigned to {person.name}.</Text>}
      {assets.data && assets.data.items.length > 0 && (
        <ScrollTable minWidth={420} label="Assigned assets">
          <Table aria-label="Assigned assets">
            <Table.Thead><Table.Tr><Table.Th>Tag</Table.Th><Table.Th>Name</Table.Th><Table.Th>Stage</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {assets.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td><Anchor component={Link} to={`/assets/${a.id}`} ff="monospace" size="sm">{a.tag}</Anchor></Table.Td>
                  <Table.Td><Text span size="sm">{a.name}</Text></Table.Td>
                  <Table.Td><Badge variant="light">{stages.get(a.stage) ?? a.stage}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Card>
  );
}
