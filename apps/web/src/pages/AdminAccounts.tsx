import {
  Accordion, Alert, Anchor, Badge, Button, Checkbox, Code, Group, Loader, Modal, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, TextInput, Textarea, Title, VisuallyHidden,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, type Page, get, post, query } from '../api';
import { type Account, type AgentToken, NOT_GRANTABLE, type PermissionInfo, type Role, errorText, fieldError, notify, send, tokenStatus } from '../access';
import { dateTime, instantDate } from '../dates';
import { useNamed } from '../lookups';
import { useSession } from '../session';
import { ScrollTable } from '../components/ScrollTable';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { IssueSecretDialog } from '../components/ShowOnce';
import { CursorPager, useCursorPages } from '../components/CursorPager';
import { RecordSelect } from '../components/FieldInput';

export const useRoles = () => useQuery({ queryKey: ['roles'], queryFn: async () => (await get<{ items: Role[] }>('/api/v1/roles')).items });
const usePermissions = () => useQuery({ queryKey: ['permissions'], queryFn: async () => (await get<{ items: PermissionInfo[] }>('/api/v1/permissions')).items, staleTime: Infinity });

/** Users and roles: accounts with their grants, roles with their permissions and two-factor policy, agent tokens. */
export function AdminAccountsPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? (can('accounts.read') ? 'accounts' : 'agents');
  if (!can('accounts.read') && !can('agents.manage')) {
    return <Alert color="red" role="alert" title="Not available">Your roles do not let you see accounts. Ask a system administrator if you need to.</Alert>;
  }
  return (
    <Stack>
      <Title order={1} size="h2">Users and roles</Title>
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'accounts' ? { tab: v } : {})} keepMounted={false}>
        <Tabs.List>
          {can('accounts.read') && <Tabs.Tab value="accounts">Accounts</Tabs.Tab>}
          {can('accounts.read') && <Tabs.Tab value="roles">Roles</Tabs.Tab>}
          {can('agents.manage') && <Tabs.Tab value="agents">Agent tokens</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="accounts" pt="md"><AccountsPanel /></Tabs.Panel>
        <Tabs.Panel value="roles" pt="md"><RolesPanel /></Tabs.Panel>
        <Tabs.Panel value="agents" pt="md"><AgentTokensPanel /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const scopeText = (g: { orgUnitName: string | null }) => g.orgUnitName ?? 'whole organisation';

function AccountsPanel() {
  const { can } = useSession();
  const [q, setQ] = useState('');
  const pages = useCursorPages();
  const [creating, setCreating] = useState(false);
  const { cursor } = pages;
  const list = useQuery({ queryKey: ['accounts', q, cursor], queryFn: () => get<Page<Account>>(`/api/v1/accounts${query({ q, cursor, limit: 50 })}`), placeholderData: (prev) => prev });
  const search = (value: string) => { if (value.trim() !== q) { setQ(value.trim()); pages.first(); } };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <TextInput label="Search accounts" placeholder="Login or name" defaultValue={q} onKeyDown={(e) => { if (e.key === 'Enter') search(e.currentTarget.value); }} onBlur={(e) => search(e.currentTarget.value)} />
        {can('accounts.manage') && <Button onClick={() => setCreating(true)}>Create an account</Button>}
      </Group>
      {list.isLoading && <Loader role="status" aria-label="Loading accounts" />}
      {list.error && <Alert color="red" role="alert">{errorText(list.error)}</Alert>}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{q ? `No account's login contains “${q}”.` : 'There are no accounts yet.'}</Text>}
      {list.data && list.data.items.length > 0 && (
        <ScrollTable minWidth={720} label="Accounts">
          <Table striped highlightOnHover aria-label="Accounts">
            <Table.Thead><Table.Tr><Table.Th>Login</Table.Th><Table.Th>Name</Table.Th><Table.Th>E-mail</Table.Th><Table.Th>Roles</Table.Th><Table.Th>Last signed in</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td><Anchor component={Link} to={`/admin/accounts/${a.id}`}>{a.login}</Anchor></Table.Td>
                  <Table.Td>{a.displayName}</Table.Td>
                  <Table.Td>{a.email ?? ''}</Table.Td>
                  <Table.Td>{a.grants.length ? a.grants.map((g) => `${g.roleName} (${scopeText(g)})`).join(', ') : <Text span c="dimmed" size="sm">No role</Text>}</Table.Td>
                  <Table.Td>{a.lastLoginAt ? dateTime(a.lastLoginAt) : <Text span c="dimmed" size="sm">Never</Text>}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="light" color={a.active ? 'indigo' : 'gray'}>{a.active ? 'Active' : 'Deactivated'}</Badge>
                      {a.twoFactorEnabled && <Badge variant="light" color="gray">2FA</Badge>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
      {creating && <CreateAccountDialog onClose={() => setCreating(false)} />}
    </Stack>
  );
}

function CreateAccountDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [personId, setPersonId] = useState<string | null>(null);
  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    const email = String(d.get('email') ?? '').trim();
    const password = String(d.get('password') ?? '');
    setBusy(true);
    setError(null);
    try {
      const a = await post<Account>('/api/v1/accounts', { login: String(d.get('login') ?? '').trim(), displayName: String(d.get('displayName') ?? '').trim(), ...(email ? { email } : {}), ...(personId ? { personId } : {}), ...(password ? { password } : {}) });
      await client.invalidateQueries({ queryKey: ['accounts'] });
      notify(`Account ${a.login} created. Now give it a role.`);
      navigate(`/admin/accounts/${a.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title="Create an account">
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
        <Stack>
          {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
          <TextInput name="login" label="Login" description="No spaces; an e-mail address works" required data-autofocus error={fieldError(error, 'login')} autoComplete="off" />
          <TextInput name="displayName" label="Display name" required error={fieldError(error, 'displayName')} autoComplete="off" />
          <TextInput name="email" type="email" label="E-mail (optional)" error={fieldError(error, 'email')} autoComplete="off" />
          <RecordSelect resource="people" label="Person (optional)" description="The person in the register this account belongs to: what is assigned to them shows under My assets" value={personId} onChange={setPersonId} error={fieldError(error, 'personId')} />
          <PasswordInput name="password" label="Initial password (optional)" description="At least 8 characters. Leave empty for single sign-on accounts or to set it later." error={fieldError(error, 'password')} autoComplete="new-password" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Create</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RolesPanel() {
  const { can } = useSession();
  const client = useQueryClient();
  const roles = useRoles();
  const permissions = usePermissions();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const [editing, setEditing] = useState<Role | null>(null);
  const [error, setError] = useState<string | null>(null);
  const describe = new Map(permissions.data?.map((p) => [p.key, p.description]));
  const manage = can('roles.manage');

  const toggleTwoFactor = async (role: Role, on: boolean) => {
    setError(null);
    try {
      await send('PATCH', `/api/v1/roles/${role.key}`, { requiresTwoFactor: on }, role.version);
      notify(`${role.name}: two-factor ${on ? 'now required' : 'no longer required'}`);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'VERSION_MISMATCH' ? `Someone else changed the role “${role.name}” meanwhile. The list has been reloaded: check it and try again.` : errorText(e));
    }
    await client.invalidateQueries({ queryKey: ['roles'] });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={640}>A role is a set of permissions. It is granted to an account on an org unit (with everything below it) or on the whole organisation, from the account's page.</Text>
        {manage && <Button onClick={() => setCreating(true)}>Create a custom role</Button>}
      </Group>
      {error && <Alert color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={() => setError(null)}>{error}</Alert>}
      {roles.isLoading && <Loader role="status" aria-label="Loading roles" />}
      {roles.error && <Alert color="red" role="alert">{errorText(roles.error)}</Alert>}
      {roles.data && (
        <Accordion variant="separated" multiple>
          {roles.data.map((r) => (
            <Accordion.Item key={r.key} value={r.key}>
              <Accordion.Control>
                <Group gap="xs">
                  <Text fw={600}>{r.name}</Text>
                  <Badge variant="light" color="gray">{r.builtIn ? 'Built-in' : 'Custom'}</Badge>
                  {r.requiresTwoFactor && <Badge variant="light" color="indigo">Requires two-factor</Badge>}
                  <Text size="sm" c="dimmed">{r.permissions.length} permission{r.permissions.length === 1 ? '' : 's'}</Text>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  <Text size="sm">{r.description || 'No description.'} <Text span size="xs" c="dimmed">Key: <Code>{r.key}</Code></Text></Text>
                  <Table aria-label={`Permissions of ${r.name}`}>
                    <Table.Thead><Table.Tr><Table.Th>Permission</Table.Th><Table.Th>Allows</Table.Th></Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {r.permissions.map((p) => <Table.Tr key={p}><Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>{p}</Table.Td><Table.Td>{describe.get(p) ?? ''}</Table.Td></Table.Tr>)}
                    </Table.Tbody>
                  </Table>
                  <Group justify="space-between">
                    <Switch label="Requires two-factor authentication" description="Holders must set up two-factor before they can use Custodia; changing this signs them out" checked={r.requiresTwoFactor} disabled={!manage} onChange={(e) => void toggleTwoFactor(r, e.currentTarget.checked)} />
                    {manage && !r.builtIn && (
                      <Group gap="xs">
                        <Button variant="default" size="xs" onClick={() => setEditing(r)}>Change this role</Button>
                        <Button variant="default" size="xs" onClick={() => setDeleting(r)}>Delete this role</Button>
                      </Group>
                    )}
                  </Group>
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
      {creating && <RoleDialog permissions={permissions.data ?? []} onClose={() => { setCreating(false); void client.invalidateQueries({ queryKey: ['roles'] }); }} />}
      {editing && <RoleDialog permissions={permissions.data ?? []} role={editing} onClose={() => { setEditing(null); void client.invalidateQueries({ queryKey: ['roles'] }); }} />}
      {deleting && (
        <ConfirmDialog title={`Delete the role “${deleting.name}”?`} confirmLabel="Delete" onClose={() => setDeleting(null)}
          onConfirm={async () => { await send('DELETE', `/api/v1/roles/${deleting.key}`); await client.invalidateQueries({ queryKey: ['roles'] }); }}>
          Only a role nobody holds can be deleted: revoke its grants first.
        </ConfirmDialog>
      )}
    </Stack>
  );
}

/**
 * Creates a custom role, or changes one (name, description, permissions, two-factor) with the version read. A change
 * signs the role's holders out of their sessions: what they may do changes at once.
 */
function RoleDialog({ permissions, role, onClose }: { permissions: PermissionInfo[]; role?: Role; onClose: () => void }) {
  const [chosen, setChosen] = useState<string[]>(role?.permissions ?? []);
  const [twoFactor, setTwoFactor] = useState(role?.requiresTwoFactor ?? false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const grantable = permissions.filter((p) => !NOT_GRANTABLE.includes(p.key));
  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    const name = String(d.get('name') ?? '').trim();
    const description = String(d.get('description') ?? '').trim();
    if (chosen.length === 0) { setError(new ApiError(422, 'NO_PERMISSIONS', 'Choose at least one permission.')); return; }
    setBusy(true);
    setError(null);
    try {
      if (role) {
        const patch: Record<string, unknown> = {};
        if (name !== role.name) patch['name'] = name;
        if (description !== role.description) patch['description'] = description;
        if ([...chosen].sort().join() !== [...role.permissions].sort().join()) patch['permissions'] = chosen;
        if (twoFactor !== role.requiresTwoFactor) patch['requiresTwoFactor'] = twoFactor;
        if (Object.keys(patch).length) await send('PATCH', `/api/v1/roles/${role.key}`, patch, role.version);
        notify(`Role “${name}” saved`);
      } else {
        const r = await post<Role>('/api/v1/roles', { key: String(d.get('key') ?? '').trim(), name, ...(description ? { description } : {}), permissions: chosen, requiresTwoFactor: twoFactor });
        notify(`Role “${r.name}” created`);
      }
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const conflict = error instanceof ApiError && error.code === 'VERSION_MISMATCH';
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={role ? `Change the role “${role.name}”` : 'Create a custom role'} size="xl">
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
        <Stack>
          {error !== null && <Alert color={conflict ? 'orange' : 'red'} role="alert">{conflict ? 'Someone else changed this role meanwhile: close this form; the list shows their version.' : errorText(error)}</Alert>}
          {role && <Alert color="blue" role="status">Saving signs everyone holding this role out of their sessions (you too, if you hold it): what they may do changes at once.</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput name="name" label="Name" required data-autofocus defaultValue={role?.name ?? ''} error={fieldError(error, 'name')} />
            <TextInput name="key" label="Key" description="Lower-case letters, digits and _, e.g. stockroom_clerk" required pattern="[a-z][a-z0-9_]{1,62}" defaultValue={role?.key ?? ''} disabled={Boolean(role)} error={fieldError(error, 'key')} />
          </SimpleGrid>
          <Textarea name="description" label="Description (optional)" autosize minRows={2} defaultValue={role?.description ?? ''} error={fieldError(error, 'description')} />
          <Checkbox.Group label="Permissions" value={chosen} onChange={setChosen} error={fieldError(error, 'permissions')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              {grantable.map((p) => <Checkbox key={p.key} value={p.key} label={p.key} description={p.description} />)}
            </SimpleGrid>
          </Checkbox.Group>
          <Switch label="Requires two-factor authentication" checked={twoFactor} onChange={(e) => setTwoFactor(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{role ? 'Save the role' : 'Create role'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function AgentTokensPanel() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['agent-tokens'], queryFn: async () => (await get<{ items: AgentToken[] }>('/api/v1/agent-tokens')).items });
  const units = useNamed('org-units');
  const unitName = new Map(units.data?.map((u) => [u.id, u.name]));
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<AgentToken | null>(null);
  const reload = () => client.invalidateQueries({ queryKey: ['agent-tokens'] });

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={640}>Discovery agents post inventories with these tokens; they reach nothing else in the API.</Text>
        <Button onClick={() => setIssuing(true)}>Issue an agent token</Button>
      </Group>
      {tokens.isLoading && <Loader role="status" aria-label="Loading agent tokens" />}
      {tokens.error && <Alert color="red" role="alert">{errorText(tokens.error)}</Alert>}
      {tokens.data?.length === 0 && <Text c="dimmed">No agent token has been issued yet.</Text>}
      {tokens.data && tokens.data.length > 0 && (
        <ScrollTable minWidth={760} label="Agent tokens">
          <Table striped aria-label="Agent tokens">
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Prefix</Table.Th><Table.Th>Org unit</Table.Th><Table.Th>Expires</Table.Th><Table.Th>Last used</Table.Th><Table.Th>Issued by</Table.Th><Table.Th>Status</Table.Th><Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {tokens.data.map((t) => {
                const status = tokenStatus(t);
                return (
                  <Table.Tr key={t.id}>
                    <Table.Td>{t.name}</Table.Td>
                    <Table.Td ff="monospace">{t.prefix}…</Table.Td>
                    <Table.Td>{t.orgUnitId ? unitName.get(t.orgUnitId) ?? '…' : 'Whole organisation'}</Table.Td>
                    <Table.Td>{t.expiresAt ? instantDate(t.expiresAt) : 'Never'}</Table.Td>
                    <Table.Td>{t.lastUsedAt ? dateTime(t.lastUsedAt) : 'Never'}</Table.Td>
                    <Table.Td>{t.createdBy}</Table.Td>
                    <Table.Td><Badge variant="light" color={status.color}>{status.label}</Badge></Table.Td>
                    <Table.Td>{!t.revokedAt && <Button size="xs" variant="default" onClick={() => setRevoking(t)} aria-label={`Revoke the agent token ${t.name}`}>Revoke</Button>}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {issuing && <IssueAgentTokenDialog units={units.data ?? []} onClose={() => { setIssuing(false); void reload(); }} />}
      {revoking && (
        <ConfirmDialog title={`Revoke the agent token “${revoking.name}”?`} confirmLabel="Revoke" onClose={() => setRevoking(null)}
          onConfirm={async () => { await send('DELETE', `/api/v1/agent-tokens/${revoking.id}`); await reload(); }}>
          The agent using it (prefix <Code>{revoking.prefix}</Code>) will be refused from now on. This cannot be undone.
        </ConfirmDialog>
      )}
    </Stack>
  );
}

function IssueAgentTokenDialog({ units, onClose }: { units: { id: string; name: string; code?: string | null }[]; onClose: () => void }) {
  const [unit, setUnit] = useState<string | null>(null);
  const [days, setDays] = useState<string | number>('');
  const issue = async (form: FormData) =>
    (await post<AgentToken & { token: string }>('/api/v1/agent-tokens', { name: String(form.get('name') ?? '').trim(), orgUnitId: unit, expiresInDays: days === '' ? null : Number(days) })).token;
  return (
    <IssueSecretDialog title="Issue an agent token" issuedTitle="The new agent token" secretLabel="agent token" submitLabel="Issue" issue={issue} onClose={onClose}>
      {(error) => (
        <>
          <TextInput name="name" label="Name" description="Which agent or host uses it" required data-autofocus error={fieldError(error, 'name')} />
          <Select label="Org unit (optional)" placeholder="Whole organisation" searchable clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={units.map((u) => ({ value: u.id, label: u.code ? `${u.name} (${u.code})` : u.name }))} value={unit} onChange={setUnit} />
          <NumberInput label="Valid for (days, optional)" description="Empty: does not expire. At most 3660 days." min={1} max={3660} allowDecimal={false} value={days} onChange={setDays} error={fieldError(error, 'expiresInDays')} />
        </>
      )}
    </IssueSecretDialog>
  );
}
