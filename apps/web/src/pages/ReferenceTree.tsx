import { ActionIcon, Alert, Anchor, Badge, Box, Breadcrumbs, Button, Card, Grid, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, type Page, get, query } from '../api';
import { errorText, notify } from '../access';
import { useSession } from '../session';
import {
  LOCATION_KINDS, ORG_UNIT_KINDS, RESOURCES, type AnyRecord, type Location, type TreeIndex, type TreeNode, type TreeResource, MAX_TREE_NODES, ancestorsOf,
  breadcrumb, recordPath, useTree,
} from '../reference';
import { ReferenceDialog } from '../components/ReferenceDialog';
import { DeleteRecordDialog, RecordFields, RecordHistory } from '../components/ReferenceDetail';
import { Detail } from '../components/Detail';
import { LocalContactsList, useLocalContacts } from '../components/LocalContacts';

/** Children drawn per level at a time; "Show more" draws the next ones. */
const LEVEL_PAGE = 100;
const SEARCH_RESULTS = 100;

interface TreePageProps { resource: TreeResource; title: string; intro: string; kinds: Record<string, string>; childLabel: string; assetFilter: 'locationId' | 'orgUnitId' }

/** Org units: the organisation's structure, which owns assets and scopes roles. */
export function OrgUnitsPage() {
  return <TreePage resource="org-units" title="Org units" kinds={ORG_UNIT_KINDS} childLabel="Add child unit" assetFilter="orgUnitId"
    intro="The structure of the organisation: companies, countries, business units, departments and teams. Assets are owned by an org unit, and roles can be granted on a unit and everything under it." />;
}

/** Locations: countries down to racks, where assets are. */
export function LocationsPage() {
  return <TreePage resource="locations" title="Locations" kinds={LOCATION_KINDS} childLabel="Add child location" assetFilter="locationId"
    intro="Where assets are: countries, regions, sites, buildings, floors, rooms and racks, each inside the one above it." />;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

type Dialog = { mode: 'create'; parentId: string | null } | { mode: 'edit'; record: TreeNode } | { mode: 'delete'; record: TreeNode } | null;

function TreePage({ resource, title, intro, kinds, childLabel, assetFilter }: TreePageProps) {
  const { can } = useSession();
  const info = RESOURCES[resource];
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get('id');
  const tree = useTree(resource, can('register.read'));
  const index = tree.index;
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(fold(search.trim()), 200);
  const [dialog, setDialog] = useState<Dialog>(null);
  const detail = useRef<HTMLDivElement>(null);

  // The selected node's branch is opened, so it can be seen in the tree (a shared link, a new node).
  useEffect(() => {
    if (!selected || !index) return;
    const node = index.nodes.get(selected);
    if (!node) return;
    const ancestors = ancestorsOf(index, node).map((a) => a.id);
    setExpanded((prev) => (ancestors.every((a) => prev.has(a)) ? prev : new Set([...prev, ...ancestors])));
  }, [selected, index]);

  if (!can('register.read')) return <Alert color="red" role="alert" title="Not available">Your roles do not let you see reference data.</Alert>;

  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('id', id); else next.delete('id');
    setParams(next);
    // On a phone the panel is below the tree: bring it into view.
    if (id && window.matchMedia('(max-width: 62em)').matches) setTimeout(() => detail.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
  };
  const toggle = (id: string) => setExpanded((prev) => { const next = new Set(prev); if (next.has(id)) next.delete(id); else next.add(id); return next; });
  const editList = (fn: (list: TreeNode[]) => TreeNode[]) =>
    client.setQueryData<{ list: TreeNode[]; truncated: boolean }>(['tree', resource], (old) => (old ? { ...old, list: fn(old.list) } : old));
  const refreshOthers = () => {
    void client.invalidateQueries({ queryKey: ['reference', resource] });
    void client.invalidateQueries({ queryKey: ['named', resource] });
  };

  const saved = (node: TreeNode, created: boolean) => {
    const before = index?.nodes.get(node.id);
    // A move rewrites the paths of everything under the node: read the tree again. Otherwise the change is applied in place.
    if (before && before.path !== node.path) void client.invalidateQueries({ queryKey: ['tree', resource] });
    else editList((list) => (created ? [...list, node] : list.map((n) => (n.id === node.id ? node : n))));
    client.setQueryData(['reference', resource, 'one', node.id], node);
    // Places and assets inside inherit a location's contacts.
    if (resource === 'locations') void client.invalidateQueries({ queryKey: ['local-contacts'] });
    refreshOthers();
    setDialog(null);
    setSearch('');
    if (node.parentId) setExpanded((prev) => new Set([...prev, node.parentId!]));
    select(node.id);
    notify(created ? `${node.name} added` : `${node.name} saved`);
  };
  const deleted = (node: TreeNode) => {
    editList((list) => list.filter((n) => n.id !== node.id));
    client.removeQueries({ queryKey: ['reference', resource, 'one', node.id] });
    refreshOthers();
    setDialog(null);
    select(node.parentId);
    notify(`${node.name} deleted`);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">{title}</Title>
          <Text size="sm" c="dimmed" maw={720}>{intro}</Text>
        </div>
        {can('register.write') && <Button onClick={() => setDialog({ mode: 'create', parentId: null })}>Add a top-level {info.singular}</Button>}
      </Group>
      {tree.error && <Alert color="red" role="alert">{errorText(tree.error)}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="sm">
            <Stack gap="sm">
              <TextInput label={`Search ${info.plural}`} placeholder="Name or code" value={search} onChange={(e) => setSearch(e.currentTarget.value)} type="search" />
              {tree.isLoading && (
                <Group gap="xs"><Loader size="sm" role="status" aria-label={`Loading ${info.plural}`} /><Text size="sm" c="dimmed">{tree.loaded ? `${tree.loaded.toLocaleString()} read…` : 'Loading…'}</Text></Group>
              )}
              {index?.truncated && <Alert color="yellow" styles={{ title: { color: 'var(--mantine-color-text)' } }}>More than {MAX_TREE_NODES.toLocaleString()} {info.plural}: the tree shows the first ones by name. Search to reach the others.</Alert>}
              {index && index.roots.length === 0 && <Text c="dimmed">{info.empty}</Text>}
              {index && (
                <Box role="region" aria-label={`Tree of ${info.plural}`} style={{ overflow: 'auto', maxHeight: '70vh' }}>
                  {q ? (
                    <SearchResults resource={resource} index={index} q={q} selected={selected} kinds={kinds} />
                  ) : (
                    <Branch nodes={index.roots} index={index} level={0} expanded={expanded} toggle={toggle} selected={selected} kinds={kinds} />
                  )}
                </Box>
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <div ref={detail} style={{ scrollMarginTop: 64 }}>
            {selected ? (
              <NodeDetail key={selected} resource={resource} id={selected} index={index} kinds={kinds} childLabel={childLabel} assetFilter={assetFilter}
                onAddChild={(parent) => setDialog({ mode: 'create', parentId: parent.id })} onEdit={(n) => setDialog({ mode: 'edit', record: n })} onDelete={(n) => setDialog({ mode: 'delete', record: n })} />
            ) : (
              <Card withBorder><Text c="dimmed" size="sm">Choose {info.singular === 'org unit' ? 'an org unit' : 'a location'} in the tree to see its details, history and what is inside it.</Text></Card>
            )}
          </div>
        </Grid.Col>
      </Grid>
      {dialog?.mode === 'create' && (
        <ReferenceDialog<TreeNode & AnyRecord> resource={resource} record={null} initial={{ parentId: dialog.parentId }}
          title={dialog.parentId ? `New ${info.singular} in ${index?.nodes.get(dialog.parentId)?.name ?? '…'}` : `New top-level ${info.singular}`}
          onClose={() => setDialog(null)} onSaved={saved} />
      )}
      {dialog?.mode === 'edit' && <ReferenceDialog<TreeNode & AnyRecord> resource={resource} record={dialog.record as TreeNode & AnyRecord} onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog?.mode === 'delete' && <DeleteRecordDialog resource={resource} record={dialog.record as TreeNode & AnyRecord} onClose={() => setDialog(null)} onDeleted={() => deleted(dialog.record)} />}
    </Stack>
  );
}

/** One level of the tree: a list of nodes, each with its expand button, a link that selects it, and its open branch. */
function Branch({ nodes, index, level, expanded, toggle, selected, kinds }: {
  nodes: TreeNode[]; index: TreeIndex; level: number; expanded: Set<string>; toggle: (id: string) => void; selected: string | null; kinds: Record<string, string>;
}) {
  const [shown, setShown] = useState(LEVEL_PAGE);
  // A selected node beyond the drawn ones (a shared link, a new node) is drawn too.
  const selectedAt = selected ? nodes.findIndex((n) => n.id === selected || (index.nodes.get(selected)?.path.includes(`/${n.id}/`) ?? false)) : -1;
  const limit = Math.max(shown, selectedAt + 1);
  return (
    <Box component="ul" m={0} p={0} pl={level ? 'md' : 0} style={{ listStyle: 'none' }}>
      {nodes.slice(0, limit).map((n) => {
        const kids = index.children.get(n.id) ?? [];
        const open = expanded.has(n.id);
        return (
          <li key={n.id}>
            <Group gap={4} wrap="nowrap" py={2}>
              {kids.length > 0 ? (
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`${open ? 'Collapse' : 'Expand'} ${n.name}`} aria-expanded={open} onClick={() => toggle(n.id)}>
                  <span aria-hidden>{open ? '▾' : '▸'}</span>
                </ActionIcon>
              ) : <Box w={22} style={{ flex: 'none' }} />}
              <NodeLink node={n} selected={n.id === selected} />
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{kinds[n.kind] ?? n.kind}{kids.length ? ` · ${kids.length}` : ''}</Text>
            </Group>
            {open && kids.length > 0 && <Branch nodes={kids} index={index} level={level + 1} expanded={expanded} toggle={toggle} selected={selected} kinds={kinds} />}
          </li>
        );
      })}
      {nodes.length > limit && (
        <li>
          <Button variant="subtle" size="compact-sm" ml={26} onClick={() => setShown(limit + LEVEL_PAGE)}>
            Show {Math.min(LEVEL_PAGE, nodes.length - limit)} more of {(nodes.length - limit).toLocaleString()}
          </Button>
        </li>
      )}
    </Box>
  );
}

function NodeLink({ node, selected }: { node: TreeNode; selected: boolean }) {
  return (
    <Anchor component={Link} to={`?id=${node.id}`} size="sm" aria-current={selected ? 'true' : undefined} fw={selected ? 700 : 400} c={selected ? 'indigo.9' : 'var(--mantine-color-text)'}
      px={4} style={{ borderRadius: 4, background: selected ? 'var(--mantine-color-indigo-0)' : undefined, overflowWrap: 'anywhere' }}>
      {node.name}
    </Anchor>
  );
}

/** Nodes whose name or code contains the search, each with where it is. A tree too large to load whole is searched on the server. */
function SearchResults({ resource, index, q, selected, kinds }: { resource: TreeResource; index: TreeIndex; q: string; selected: string | null; kinds: Record<string, string> }) {
  const local = useMemo(() => {
    const out: TreeNode[] = [];
    for (const n of index.nodes.values()) if (fold(n.name).includes(q) || (n.code && fold(n.code).includes(q))) out.push(n);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }, [index, q]);
  const remote = useQuery({
    queryKey: ['reference', resource, 'list', q, 'tree-search'],
    queryFn: async () => (await get<Page<TreeNode>>(`${recordPath(resource)}${query({ q, limit: SEARCH_RESULTS })}`)).items,
    enabled: index.truncated,
  });
  const found = index.truncated ? remote.data ?? [] : local;
  return (
    <Stack gap={4}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {index.truncated && remote.isLoading ? 'Searching…'
          : found.length === 0 ? 'Nothing matches.'
          : found.length > SEARCH_RESULTS ? `${found.length.toLocaleString()} matches; the first ${SEARCH_RESULTS} are shown. Type more to narrow them down.`
          : `${found.length} match${found.length === 1 ? '' : 'es'}`}
      </Text>
      <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {found.slice(0, SEARCH_RESULTS).map((n) => (
          <li key={n.id}>
            <Group gap={6} wrap="nowrap" py={2}>
              <NodeLink node={n} selected={n.id === selected} />
              <Text size="xs" c="dimmed">{kinds[n.kind] ?? n.kind}</Text>
            </Group>
            {n.parentId && <Text size="xs" c="dimmed" pl={4}>in {index.nodes.has(n.id) ? breadcrumb(index, n).split(' › ').slice(0, -1).join(' › ') : '…'}</Text>}
          </li>
        ))}
      </Box>
    </Stack>
  );
}

/** The chosen node: where it is, its fields, how many nodes are directly inside it, its assets, history and actions. */
function NodeDetail({ resource, id, index, kinds, childLabel, assetFilter, onAddChild, onEdit, onDelete }: {
  resource: TreeResource; id: string; index: TreeIndex | null; kinds: Record<string, string>; childLabel: string; assetFilter: 'locationId' | 'orgUnitId';
  onAddChild: (n: TreeNode) => void; onEdit: (n: TreeNode) => void; onDelete: (n: TreeNode) => void;
}) {
  const { can } = useSession();
  const info = RESOURCES[resource];
  const one = useQuery({ queryKey: ['reference', resource, 'one', id], queryFn: () => get<Location>(recordPath(resource, id)), retry: false });
  const contacts = useLocalContacts('locations', id, resource === 'locations');
  const children = useQuery({
    queryKey: ['reference', resource, 'children', id],
    queryFn: () => get<Page<TreeNode>>(`${recordPath(resource)}${query({ parentId: id, limit: 1, includeTotal: 'true' })}`),
  });
  if (one.isLoading) return <Card withBorder><Loader role="status" aria-label={`Loading the ${info.singular}`} /></Card>;
  if (one.error || !one.data) {
    return <Alert color="red" role="alert" title="Not available">{one.error instanceof ApiError && one.error.status === 404 ? `There is no such ${info.singular}: it may have been deleted, or it is outside what your role lets you see.` : errorText(one.error)}</Alert>;
  }
  const n = one.data;
  const ancestors = index ? ancestorsOf(index, n) : [];
  const count = children.data?.total;
  const hasPlace = n.latitude !== null && n.latitude !== undefined && n.longitude !== null && n.longitude !== undefined;
  return (
    <Stack>
      <Card withBorder>
        <Stack gap="sm">
          {ancestors.length > 0 && (
            <Breadcrumbs separator="›" separatorMargin={4} aria-label="Inside" style={{ flexWrap: 'wrap' }}>
              {ancestors.map((a) => <Anchor key={a.id} component={Link} to={`?id=${a.id}`} size="sm">{a.name}</Anchor>)}
            </Breadcrumbs>
          )}
          <Group justify="space-between" align="flex-start">
            <Group gap="xs">
              <Title order={2} size="h3">{n.name}</Title>
              <Badge variant="light">{kinds[n.kind] ?? n.kind}</Badge>
            </Group>
            {can('register.write') && (
              <Group gap="xs">
                <Button size="xs" onClick={() => onAddChild(n)}>{childLabel}</Button>
                <Button size="xs" variant="default" onClick={() => onEdit(n)}>Edit</Button>
                <Button size="xs" variant="default" color="red.9" onClick={() => onDelete(n)}>Delete</Button>
              </Group>
            )}
          </Group>
          <RecordFields resource={resource} record={n as Location & AnyRecord} skip={['kind', 'parentId', 'contacts']} />
          {resource === 'locations' && <LocationContacts location={n} contacts={contacts} />}
          <Group gap="xl">
            <Detail label={`Directly inside`}>{count === undefined ? '…' : count === 0 ? 'Nothing' : `${count.toLocaleString()} ${count === 1 ? info.singular : info.plural}`}</Detail>
            {can('assets.read') && <Detail label="Assets"><Anchor component={Link} to={`/assets?${assetFilter}=${n.id}`} size="sm">{resource === 'locations' ? 'Assets here and inside' : 'Assets owned by this unit and those under it'}</Anchor></Detail>}
            {hasPlace && <Detail label="Map"><Anchor href={`https://www.openstreetmap.org/?mlat=${n.latitude}&mlon=${n.longitude}#map=16/${n.latitude}/${n.longitude}`} target="_blank" rel="noopener noreferrer" size="sm">Open in OpenStreetMap</Anchor></Detail>}
          </Group>
        </Stack>
      </Card>
      <RecordHistory resource={resource} id={n.id} version={n.version} />
    </Stack>
  );
}

/**
 * Whom to call here: the location's own contacts, or those it inherits from the nearest place above with some. Listed
 * people who have left are not called: the editor sees how many, to remove them.
 */
function LocationContacts({ location, contacts }: { location: Location; contacts: ReturnType<typeof useLocalContacts> }) {
  const { can } = useSession();
  const own = contacts.data && !contacts.data.inherited && contacts.data.from ? contacts.data.items.length : 0;
  const left = (location.contacts ?? []).length - own;
  return (
    <Stack gap={4}>
      <LocalContactsList contacts={contacts} none="None here or in the places it is in" />
      {contacts.data && left > 0 && (
        <Text size="xs" c="dimmed">{left === 1 ? 'One person listed here has' : `${left} people listed here have`} left and {left === 1 ? 'is' : 'are'} not shown{can('register.write') ? ': edit the location to remove them.' : '.'}</Text>
      )}
    </Stack>
  );
}
