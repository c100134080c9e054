import { ActionIcon, Alert, Badge, Button, Checkbox, Group, Menu, Modal, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, get, post } from '../api';
import { errorText, fieldError, notify, send } from '../access';
import { ConfirmDialog } from './ConfirmDialog';

/** A named view of a list page, kept per account by the server (/api/v1/me/views). */
export interface SavedView { id: string; page: string; name: string; query: string; columns: Record<string, boolean>; isDefault: boolean; version: number }

export const savedViewsKey = (page: string) => ['saved-views', page];
export const useSavedViews = (page: string) =>
  useQuery({ queryKey: savedViewsKey(page), queryFn: async () => (await get<{ items: SavedView[] }>(`/api/v1/me/views?page=${page}`)).items, staleTime: 60_000 });

/** Two query strings hold the same parameters (in any order). */
export function sameQuery(a: string, b: string): boolean {
  const norm = (s: string) => [...new URLSearchParams(s)].map(([k, v]) => `${k}=${v}`).sort().join('&');
  return norm(a) === norm(b);
}

const conflictText = (e: unknown) => (e instanceof ApiError && e.code === 'VERSION_MISMATCH' ? 'This view was changed in another window meanwhile: the list is up to date now, try again.' : errorText(e));

/**
 * The "Views" menu of a list page: apply one of your saved views, show everything, save the current filters, sort and
 * columns under a name, and manage your views (rename, open by default, take the current filters, delete).
 */
export function SavedViewsMenu({ page, query, columns, onApply, onShowAll }: {
  page: string; query: string; columns: Record<string, boolean>; onApply: (view: SavedView) => void; onShowAll: () => void;
}) {
  const views = useSavedViews(page);
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const current = views.data?.find((v) => sameQuery(v.query, query)) ?? null;

  return (
    <>
      {/* No initial-focus placeholder: a focusable element without a role inside role=menu breaks the menu's semantics. */}
      <Menu withInitialFocusPlaceholder={false}>
        <Menu.Target><Button variant="default">{current ? `View: ${current.name}` : 'Views'}</Button></Menu.Target>
        <Menu.Dropdown>
          {views.isLoading && <Menu.Item disabled>Loading…</Menu.Item>}
          {views.error && <Menu.Item disabled>Your views could not be loaded</Menu.Item>}
          {views.data?.length === 0 && <Menu.Item disabled>No saved view yet</Menu.Item>}
          {views.data?.map((v) => (
            <Menu.Item key={v.id} onClick={() => onApply(v)} rightSection={v.isDefault ? <Badge size="xs" variant="light" color="gray">default</Badge> : null}>
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Item onClick={onShowAll}>All assets (no filter)</Menu.Item>
          <Menu.Item onClick={() => setSaving(true)}>Save current view…</Menu.Item>
          <Menu.Item onClick={() => setManaging(true)} disabled={!views.data?.length}>Manage views…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {saving && <SaveViewDialog page={page} query={query} columns={columns} onClose={() => setSaving(false)} />}
      {managing && views.data && <ManageViewsDialog page={page} views={views.data} query={query} columns={columns} onClose={() => setManaging(false)} />}
    </>
  );
}

function SaveViewDialog({ page, query, columns, onClose }: { page: string; query: string; columns: Record<string, boolean>; onClose: () => void }) {
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      const view = await post<SavedView>('/api/v1/me/views', { page, name: String(d.get('name') ?? '').trim(), query, columns, isDefault: d.get('isDefault') === 'on' });
      await client.invalidateQueries({ queryKey: savedViewsKey(page) });
      notify(`View “${view.name}” saved.`);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const nameError = fieldError(error, 'name');
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title="Save the current view">
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
        <Stack>
          <Text size="sm" c="dimmed">The filters, sort and columns shown now are saved under a name only you see.</Text>
          {error !== null && !nameError && <Alert color="red" role="alert">{errorText(error)}</Alert>}
          <TextInput name="name" label="Name" required maxLength={100} data-autofocus error={nameError} />
          <Checkbox name="isDefault" label="Open this view when I open the register" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Save view</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Your views: rename, open by default or not, take the filters, sort and columns shown now, delete. */
function ManageViewsDialog({ page, views, query, columns, onClose }: { page: string; views: SavedView[]; query: string; columns: Record<string, boolean>; onClose: () => void }) {
  const client = useQueryClient();
  // By id: after a reload the dialogs act on the version just read.
  const [renamingId, setRenaming] = useState<string | null>(null);
  const [deletingId, setDeleting] = useState<string | null>(null);
  const renaming = views.find((v) => v.id === renamingId) ?? null;
  const deleting = views.find((v) => v.id === deletingId) ?? null;
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: savedViewsKey(page) });
  const change = async (view: SavedView, body: Record<string, unknown>, done: string) => {
    setError(null);
    try {
      await send('PATCH', `/api/v1/me/views/${view.id}`, body, view.version);
      notify(done);
    } catch (e) {
      setError(conflictText(e));
    } finally {
      await refresh();
    }
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title="Your views" size="lg">
      <Stack>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Table aria-label="Saved views">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Opens by default</Table.Th><Table.Th><Text span size="sm" fw={700}>Actions</Text></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {views.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>{v.name}</Table.Td>
                <Table.Td>{v.isDefault ? <Badge variant="light" color="indigo">Default</Badge> : ''}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-sm" variant="default" onClick={() => setRenaming(v.id)} aria-label={`Rename — ${v.name}`}>Rename</Button>
                    <Button size="compact-sm" variant="default" disabled={sameQuery(v.query, query) && JSON.stringify(v.columns) === JSON.stringify(columns)}
                      onClick={() => void change(v, { query, columns }, `“${v.name}” now shows the current filters and columns.`)} aria-label={`Use current filters — ${v.name}`}>Use current filters</Button>
                    {v.isDefault
                      ? <Button size="compact-sm" variant="default" onClick={() => void change(v, { isDefault: false }, `“${v.name}” no longer opens by default.`)} aria-label={`Unset default — ${v.name}`}>Unset default</Button>
                      : <Button size="compact-sm" variant="default" onClick={() => void change(v, { isDefault: true }, `“${v.name}” opens by default now.`)} aria-label={`Set as default — ${v.name}`}>Set as default</Button>}
                    <Tooltip label="Delete">
                      <ActionIcon variant="subtle" color="red.9" onClick={() => setDeleting(v.id)} aria-label={`Delete the view ${v.name}`}>✕</ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Close</Button></Group>
      </Stack>
      {renaming && <RenameViewDialog view={renaming} onClose={() => setRenaming(null)} onDone={refresh} />}
      {deleting && (
        <ConfirmDialog title="Delete the view" confirmLabel="Delete" onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try { await send('DELETE', `/api/v1/me/views/${deleting.id}`, undefined, deleting.version); notify(`View “${deleting.name}” deleted.`); }
            catch (e) { if (e instanceof ApiError && e.code === 'VERSION_MISMATCH') throw new ApiError(412, e.code, conflictText(e)); throw e; }
            finally { await refresh(); }
          }}>
          Delete your view “{deleting.name}”? The assets are not affected.
        </ConfirmDialog>
      )}
    </Modal>
  );
}

function RenameViewDialog({ view, onClose, onDone }: { view: SavedView; onClose: () => void; onDone: () => Promise<unknown> }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (form: HTMLFormElement) => {
    setBusy(true);
    setError(null);
    try {
      const renamed = await send<SavedView>('PATCH', `/api/v1/me/views/${view.id}`, { name: String(new FormData(form).get('name') ?? '').trim() }, view.version);
      notify(`View renamed to “${renamed.name}”.`);
      await onDone();
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
      await onDone();
    }
  };
  const nameError = fieldError(error, 'name');
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Rename “${view.name}”`}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
        <Stack>
          {error !== null && !nameError && <Alert color="red" role="alert">{conflictText(error)}</Alert>}
          <TextInput name="name" label="New name" required maxLength={100} defaultValue={view.name} data-autofocus error={nameError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Rename</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
