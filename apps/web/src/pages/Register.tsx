import { Alert, Anchor, Badge, Button, Checkbox, Group, Menu, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ColumnDef, type VisibilityState, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { NewAssetDialog } from '../components/NewAssetDialog';
import { BulkDialog } from '../components/BulkDialog';
import { type SavedView, SavedViewsMenu, useSavedViews } from '../components/SavedViewsMenu';
import { type Asset, type Page, ApiError, get, query } from '../api';
import { stageNames, useAssetTypes, useLifecycleModels, useNameOf, useNamesById } from '../lookups';
import { useSession } from '../session';
import { CursorPager, useCursorPages } from '../components/CursorPager';
import { REGISTER_FILTERS, type RegisterFilter, registerFilters } from '../register-filters';
import { DATA_QUALITY_CHECKS, KEY_DATE_RULES } from '@custodia/domain';
import { useMonitoredDateFilter } from '../monitored-date-filter';
import { calendarDate, instantDate } from '../dates';
import { useDownload } from '../use-download';
import { TreeSelect } from '../components/ReferencePickers';
import { placeLabel, useTree } from '../reference';

const COLUMNS_KEY = 'custodia.register.columns';

/** Navigations made on the page itself (a filter, a view): the default view is applied only when the register is opened. */
const ON_PAGE = { state: { keepView: true } };

/** The column a key-date view adds: the date its rule is about. */
const KEY_DATE_COLUMNS: Record<(typeof KEY_DATE_RULES)[number]['field'], { header: string; field: 'expectedReturnDate' | 'warrantyEnd' | 'eolDate' }> = {
  expected_return_date: { header: 'Expected return', field: 'expectedReturnDate' },
  warranty_end: { header: 'Warranty end', field: 'warrantyEnd' },
  eol_date: { header: 'End of life', field: 'eolDate' },
};

/**
 * The register: server-side filters and sorting kept in the URL (so a view can be shared), keyset pages, a column
 * chooser remembered in this browser, saved views (your default one opens when the register is opened without a
 * query), and export of the current view.
 */
export function RegisterPage() {
  const { can } = useSession();
  const [urlParams, setParams] = useSearchParams();
  // Opened without a query: your default view, if you have one, is shown (and its query replaces the URL below).
  const views = useSavedViews('register');
  const location = useLocation();
  const opened = !urlParams.toString() && !(location.state as { keepView?: boolean } | null)?.keepView;
  const defaultView = views.data?.find((v) => v.isDefault);
  const params = opened && defaultView ? new URLSearchParams(defaultView.query) : urlParams;
  const filters = registerFilters(params);
  const pages = useCursorPages(JSON.stringify(filters));
  /** Filters set besides the search box and the sort, counted on the phone's "Filters" button. */
  const activeFilters = (['typeId', 'stage', 'locationId', 'keyDate', 'monitoredDate', 'quality', 'orgUnitId'] as const).filter((k) => filters[k]).length + (filters.sort ? 1 : 0);
  const { cursor } = pages;
  const types = useAssetTypes();
  const models = useLifecycleModels();
  // A search's first page asks its total too: the server finds both in one pass over the matches (on SQLite a page
  // alone walks the sort index and a separate count reads the table again).
  const searching = Boolean(filters.q);
  const list = useQuery({
    // Not before your views are known when the register is opened without a query. This flag must not flip while a
    // navigation renders: a query enabled during a router transition kept that transition from ever committing.
    enabled: !(opened && views.isPending),
    queryKey: ['assets', filters, cursor],
    queryFn: () => get<Page<Asset>>(`/api/v1/assets${query({ ...filters, limit: 50, cursor, includeTotal: searching && !cursor ? 'true' : undefined })}`),
    placeholderData: (prev) => prev,
  });
  // Otherwise the count is asked for once the rows are there, so they never wait for it (counting a large register
  // takes longer, and on SQLite the server answers one query at a time).
  const counted = useQuery({
    queryKey: ['assets-count', filters],
    queryFn: () => get<Page<Asset>>(`/api/v1/assets${query({ ...filters, sort: undefined, limit: 1, includeTotal: 'true' })}`),
    enabled: Boolean(list.data) && !list.isPlaceholderData && !searching,
  });
  const client = useQueryClient();
  const total = searching ? client.getQueryData<Page<Asset>>(['assets', filters, undefined])?.total ?? null : counted.data?.total ?? null;
  const modelName = useNameOf('models', filters.modelId);
  const people = useNamesById('people', [...(list.data?.items.map((a) => a.assignedPersonId) ?? []), params.get('assignedPersonId')]);
  const typeName = useMemo(() => new Map(types.data?.map((t) => [t.id, t.name])), [types.data]);
  // Names of the page's locations, read for the rows shown (a register may have thousands of rooms).
  const locationNames = useNamesById('locations', list.data?.items.map((a) => a.locationId) ?? []);
  // The location filter reads the tree anyway: cells name the site too.
  const locationTree = useTree('locations');
  const locationName = useMemo(() => ({
    get: (id: string) => {
      const node = locationTree.index?.nodes.get(id);
      return node ? placeLabel(locationTree.index!, node) : locationNames.get(id);
    },
  }), [locationTree.index, locationNames]);
  const stages = useMemo(() => stageNames(models.data), [models.data]);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [selected, setSelected] = useState<Record<string, boolean>>({});
  const [bulk, setBulk] = useState(false);
  const [visibility, setVisibility] = useState<VisibilityState>(() => JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? '{}') as VisibilityState);

  const setFilter = (key: RegisterFilter, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    setParams(next, ON_PAGE);
    pages.first();
    setSelected({});
  };
  const saveColumns = (next: VisibilityState) => {
    setVisibility(next);
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
  };
  const applyView = (view: Pick<SavedView, 'query' | 'columns'>, replace = false) => {
    setParams(new URLSearchParams(view.query), { ...ON_PAGE, replace });
    saveColumns(view.columns);
    pages.first();
    setSelected({});
  };
  const viewQuery = new URLSearchParams(REGISTER_FILTERS.flatMap((k) => (filters[k] ? [[k, filters[k]!] as [string, string]] : []))).toString();
  useEffect(() => {
    if (opened && defaultView) applyView(defaultView, true);
  }, [opened, defaultView?.id, location.key]);

  const monitored = useMonitoredDateFilter(filters.monitoredDate, types.data);
  const keyDateRule = KEY_DATE_RULES.find((r) => r.key === filters.keyDate);
  const keyDateColumn = keyDateRule ? KEY_DATE_COLUMNS[keyDateRule.field] : null;
  const columns = useMemo<ColumnDef<Asset>[]>(() => [
    {
      id: 'select', enableHiding: false,
      header: ({ table: t }) => <Checkbox aria-label="Select every asset on this page" checked={t.getIsAllRowsSelected()} indeterminate={t.getIsSomeRowsSelected()} onChange={t.getToggleAllRowsSelectedHandler()} />,
      cell: ({ row }) => <Checkbox aria-label={`Select ${row.original.tag}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
    },
    { id: 'tag', header: 'Tag', cell: ({ row: { original: a } }) => <Anchor component={Link} to={`/assets/${a.id}`} ff="monospace" style={{ whiteSpace: "nowrap" }}>{a.tag}</Anchor>, enableHiding: false },
    { id: 'name', header: 'Name', cell: ({ row: { original: a } }) => a.name },
    { id: 'type', header: 'Type', cell: ({ row: { original: a } }) => typeName.get(a.assetTypeId) ?? '' },
    { id: 'stage', header: 'Stage', cell: ({ row: { original: a } }) => <Badge variant="light">{stages.get(a.stage) ?? a.stage}</Badge> },
    { id: 'serial', header: 'Serial', cell: ({ row: { original: a } }) => a.serial ?? '' },
    { id: 'location', header: 'Location', cell: ({ row: { original: a } }) => (a.locationId ? locationName.get(a.locationId) ?? '' : '') },
    { id: 'assignee', header: 'Assigned to', cell: ({ row: { original: a } }) => (a.assignedPersonId ? people.get(a.assignedPersonId) ?? '…' : '') },
    { id: 'updatedAt', header: 'Updated', cell: ({ row: { original: a } }) => instantDate(a.updatedAt) },
    // A key-date view shows the date it is about (when the warranty ends), which no other column holds.
    ...(keyDateColumn ? [{ id: 'keyDate', header: keyDateColumn.header, enableHiding: false, cell: ({ row: { original: a } }: { row: { original: Asset } }) => (
      <span style={{ whiteSpace: 'nowrap' }}>{calendarDate(a[keyDateColumn.field])}</span>
    ) }] : []),
    // So does a monitored-date view: the attribute it is about.
    ...(monitored?.field ? [{ id: 'monitoredDate', header: monitored.field.label, enableHiding: false, cell: ({ row: { original: a } }: { row: { original: Asset } }) => (
      <span style={{ whiteSpace: 'nowrap' }}>{calendarDate(typeof a.attributes[monitored.filter.fieldKey] === 'string' ? a.attributes[monitored.filter.fieldKey] as string : null)}</span>
    ) }] : []),
  ], [typeName, stages, locationName, people, keyDateColumn, monitored]);
  const table = useReactTable({
    data: list.data?.items ?? [], columns, getCoreRowModel: getCoreRowModel(), getRowId: (a) => a.id,
    state: { columnVisibility: visibility, rowSelection: selected },
    enableRowSelection: true,
    onRowSelectionChange: (updater) => setSelected(typeof updater === 'function' ? updater(selected) : updater),
    onColumnVisibilityChange: (updater) => saveColumns(typeof updater === 'function' ? updater(visibility) : updater),
  });

  const download = useDownload();
  const exportUrl = (format: 'csv' | 'xlsx') => `/api/v1/assets/export${query({ ...filters, format })}`;
  const stageOptions = [...stages].map(([value, label]) => ({ value, label }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Register</Title>
        <Group gap="xs">
          {can('assets.write') && <Button onClick={() => setCreating(true)}>New asset</Button>}
          {can('assets.bulk') && (can('assets.transition') || can('assets.write')) && <Button variant="default" disabled={!table.getSelectedRowModel().rows.length} onClick={() => setBulk(true)}>Change selected ({table.getSelectedRowModel().rows.length})</Button>}
          <Menu>
            <Menu.Target><Button variant="default">Print labels</Button></Menu.Target>
            <Menu.Dropdown>
              <Menu.Item disabled={!table.getSelectedRowModel().rows.length}
                onClick={() => navigate(`/labels?ids=${table.getSelectedRowModel().rows.map((r) => r.id).join(',')}`)}>Selected assets ({table.getSelectedRowModel().rows.length})</Menu.Item>
              <Menu.Item onClick={() => navigate(`/labels${query({ ...filters, view: '1' })}`)}>Every asset in this view{total !== null ? ` (${total})` : ''}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {can('assets.export') && (
            <Menu>
              <Menu.Target><Button variant="default">Export this view</Button></Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => void download(exportUrl('csv'), 'custodia-assets.csv', 'Export to CSV')}>CSV</Menu.Item>
                <Menu.Item onClick={() => void download(exportUrl('xlsx'), 'custodia-assets.xlsx', 'Export to Excel')}>Excel (XLSX)</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          <SavedViewsMenu page="register" query={viewQuery} columns={visibility} onApply={(v) => applyView(v)} onShowAll={() => applyView({ query: '', columns: visibility })} />
          <Menu closeOnItemClick={false}>
            <Menu.Target><Button variant="default">Columns</Button></Menu.Target>
            <Menu.Dropdown>
              {table.getAllLeafColumns().filter((c) => c.getCanHide()).map((c) => (
                <Menu.Item key={c.id}>
                  <Checkbox label={String(c.columnDef.header)} checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Group align="flex-end" gap="sm">
        <TextInput label="Search" placeholder="Tag, serial or name" defaultValue={filters.q ?? ''} key={filters.q ?? ''} onKeyDown={(e) => { if (e.key === 'Enter') setFilter('q', e.currentTarget.value.trim() || null); }} onBlur={(e) => { if ((e.currentTarget.value.trim() || undefined) !== filters.q) setFilter('q', e.currentTarget.value.trim() || null); }} />
        <Button hiddenFrom="sm" variant="default" aria-expanded={filtersOpen} aria-controls="register-filters" onClick={() => setFiltersOpen((o) => !o)}>
          {filtersOpen ? 'Hide filters' : `Filters${activeFilters ? ` (${activeFilters})` : ''}`}
        </Button>
        {/* On a phone the filters fold away behind a button, so the assets come first (theme.css). */}
        <div id="register-filters" className="register-filters" data-collapsed={filtersOpen ? undefined : ''}>
        <Select label="Type" placeholder="Any type" clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={types.data?.map((t) => ({ value: t.id, label: t.name })) ?? []} value={filters.typeId ?? null} onChange={(v) => setFilter('typeId', v)} />
        <Select label="Stage" placeholder="Any stage" clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={stageOptions} value={filters.stage ?? null} onChange={(v) => setFilter('stage', v)} />
        <TreeSelect resource="locations" label="Location" placeholder="Anywhere" value={filters.locationId ?? null} onChange={(v) => setFilter('locationId', v)} />
        <Select label="Key date" placeholder="Any" clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={KEY_DATE_RULES.map((r) => ({ value: r.key, label: r.label }))} value={filters.keyDate ?? null} onChange={(v) => setFilter('keyDate', v)} />
        <Select label="Data quality" placeholder="Any" clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={DATA_QUALITY_CHECKS.map((c) => ({ value: c.key, label: c.label }))} value={filters.quality ?? null} onChange={(v) => setFilter('quality', v)} />
        <TreeSelect resource="org-units" label="Owner org unit" placeholder="Any" value={filters.orgUnitId ?? null} onChange={(v) => setFilter('orgUnitId', v)} />
        <Select label="Sort by" data={[{ value: 'tag', label: 'Tag' }, { value: 'name', label: 'Name' }, { value: '-updatedAt', label: 'Recently changed' }, { value: '-createdAt', label: 'Recently registered' }]} value={filters.sort ?? 'tag'} onChange={(v) => setFilter('sort', v === 'tag' ? null : v)} />
        </div>
      </Group>
      {filters.assignee === 'none' && (
        <Group gap="xs">
          <Text size="sm">Assigned to nobody</Text>
          <Button size="compact-xs" variant="default" onClick={() => setFilter('assignee', null)}>Show all</Button>
        </Group>
      )}
      {filters.assignee === 'inactive' && (
        <Group gap="xs">
          <Text size="sm">Assigned to people who have left: their assets are due back</Text>
          <Button size="compact-xs" variant="default" onClick={() => setFilter('assignee', null)}>Show all</Button>
        </Group>
      )}
      {monitored && (
        <Group gap="xs">
          <Text size="sm">{monitored.description}</Text>
          <Button size="compact-xs" variant="default" onClick={() => setFilter('monitoredDate', null)}>Show all</Button>
        </Group>
      )}
      {filters.modelId && (
        <Group gap="xs">
          <Text size="sm">Model {modelName ?? '…'}</Text>
          <Button size="compact-xs" variant="default" onClick={() => setFilter('modelId', null)}>Show every model</Button>
        </Group>
      )}
      {filters.assignedPersonId && (
        <Group gap="xs">
          <Text size="sm">Assigned to {people.get(filters.assignedPersonId) ?? 'a person'}</Text>
          <Button size="compact-xs" variant="default" onClick={() => setFilter('assignedPersonId', null)}>Show everyone's</Button>
        </Group>
      )}
      {list.error && <Alert color="red" role="alert">{list.error instanceof ApiError ? list.error.message : 'The register could not be loaded.'}</Alert>}
      <Text size="sm" c="dimmed" aria-live="polite">{total === null ? 'Counting…' : `${total.toLocaleString()} asset${total === 1 ? '' : 's'}`}</Text>
      <Table.ScrollContainer minWidth={700}>
        <Table striped highlightOnHover aria-label="Assets">
          <Table.Thead>
            {table.getHeaderGroups().map((g) => (
              <Table.Tr key={g.id}>{g.headers.map((h) => <Table.Th key={h.id}>{flexRender(h.column.columnDef.header, h.getContext())}</Table.Th>)}</Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Table.Tr key={row.id}>{row.getVisibleCells().map((cell) => <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>)}</Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && list.data.items.length === 0 && (
        <Text c="dimmed">{Object.values(filters).some(Boolean) ? 'No asset matches these filters.' : 'The register is empty. Import a spreadsheet or register an asset to begin.'}</Text>
      )}
      {creating && types.data && <NewAssetDialog types={types.data} onClose={() => setCreating(false)} onCreated={(a) => navigate(`/assets/${a.id}`)} />}
      {/* Opened once the models are known, or known to be unreadable (no lifecycle.read: moves only). */}
      {bulk && (models.data || models.isError) && (
        <BulkDialog assets={table.getSelectedRowModel().rows.map((r) => r.original)} models={models.data ?? []} onClose={() => setBulk(false)}
          onApplied={() => { setBulk(false); setSelected({}); void list.refetch(); }} />
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} firstLabel="First page" />
    </Stack>
  );
}
