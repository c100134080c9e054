import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Loader, Modal, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { Detail } from '../components/Detail';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, get, post } from '../api';
import { type Account, type Grant, errorText, fieldError, notify, send } from '../access';
import { dateTime } from '../dates';
import { useNamed } from '../lookups';
import { useSession } from '../session';
import { ScrollTable } from '../components/ScrollTable';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useRoles } from './AdminAccounts';
import { RecordSelect, ValueText } from '../components/FieldInput';
import { HistoryCard } from '../components/HistoryCard';
import { AccountTokensCard } from '../components/AccountTokensCard';

/** The account changes that name a person of the register. */
const ACCOUNT_PEOPLE = ['personId'] as const;

const WHOLE_ORGANISATION = 'organisation';

/** One account: its details, its grants (role on an org-unit subtree or the whole organisation), activation and password. */
export function AdminAccountPage() {
  const { id = '' } = useParams();
  const { can, session } = useSession();
  const client = useQueryClient();
  const account = useQuery({ queryKey: ['account', id], queryFn: () => get<Account>(`/api/v1/accounts/${id}`), retry: false });
  const [notice, setNotice] = useState<{ color: string; text: string } | null>(null);
  const [toggling, setToggling] = useState(false);
  const [settingPassword, setSettingPassword] = useState(false);
  const [editing, setEditing] = useState(false);
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const [resettingTwoFactor, setResettingTwoFactor] = useState(false);
  const manage = can('accounts.manage');
  const roles = useRoles();
  const roleNames = useMemo(() => new Map((roles.data ?? []).map((r) => [r.key, r.name])), [roles.data]);

  if (account.isLoading) return <Loader role="status" aria-label="Loading the account" />;
  if (account.error || !account.data) {
    const e = account.error;
    return (
      <Stack>
        <Anchor component={Link} to="/admin/accounts">← All accounts</Anchor>
        <Alert color="red" role="alert" title="Account not available">{e instanceof ApiError && e.status === 404 ? 'There is no such account.' : errorText(e)}</Alert>
      </Stack>
    );
  }
  const a = account.data;
  const changed = (next: Account) => {
    client.setQueryData(['account', id], next);
    void client.invalidateQueries({ queryKey: ['accounts'] });
    // A grant or a revocation leaves the account's version as it was: its history is read again all the same.
    void client.invalidateQueries({ queryKey: ['account-history', id] });
  };
  const setActive = async (active: boolean) => {
    try {
      changed(await send<Account>('PATCH', `/api/v1/accounts/${a.id}`, { active }, a.version));
      setNotice({ color: 'green', text: active ? `${a.login} can sign in again.` : `${a.login} is deactivated: their sessions and tokens no longer work.` });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH') {
        await account.refetch();
        setNotice({ color: 'orange', text: 'Someone else changed this account while you were looking at it. It has been reloaded: check it and try again.' });
        return;
      }
      throw e;
    }
  };

  return (
    <Stack maw={960}>
      <Anchor component={Link} to="/admin/accounts" size="sm">← All accounts</Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">{a.displayName}</Title>
          <Text c="dimmed" size="sm">Login <b>{a.login}</b></Text>
        </div>
        <Group gap="xs">
          <Badge variant="light" color={a.active ? 'indigo' : 'gray'} size="lg">{a.active ? 'Active' : 'Deactivated'}</Badge>
          {manage && <Button variant="default" onClick={() => setEditing(true)}>Edit</Button>}
          {manage && a.id !== session?.account.id && <Button variant="default" onClick={() => setSettingPassword(true)}>Set password</Button>}
          {manage && a.id !== session?.account.id && a.twoFactorEnabled && <Button variant="default" onClick={() => setResettingTwoFactor(true)}>Reset two-factor</Button>}
          {manage && a.id !== session?.account.id && <Button variant="default" onClick={() => setToggling(true)}>{a.active ? 'Deactivate' : 'Reactivate'}</Button>}
        </Group>
      </Group>
      {notice && <Alert color={notice.color} role={notice.color === 'green' ? 'status' : 'alert'} withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)}>{notice.text}</Alert>}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Detail label="E-mail">{a.email ?? '—'}</Detail>
          <Detail label="Person">{a.personId ? <ValueText field={{ key: 'person', label: 'Person', type: 'person_ref' }} value={a.personId} /> : 'Not linked (My assets is empty)'}</Detail>
          <Detail label="Last sign-in">{a.lastLoginAt ? dateTime(a.lastLoginAt) : 'Never'}</Detail>
          <Detail label="Password">{a.hasPassword ? 'Set' : 'None (single sign-on only, or not set yet)'}</Detail>
          <Detail label="Two-factor">{a.twoFactorEnabled ? 'On' : 'Off'}</Detail>
        </SimpleGrid>
      </Card>

      <Card withBorder component="section" aria-labelledby="grants-title">
        <Stack>
          <Title order={2} size="h4" id="grants-title">Roles</Title>
          <Text size="sm" c="dimmed">Each grant gives a role on an org unit and everything below it, or on the whole organisation. A change signs the account out of its sessions{a.id === session?.account.id ? ': changing your own roles signs you out' : ''}.</Text>
          {a.grants.length === 0 ? <Text size="sm">This account has no role yet: it can sign in but sees nothing except its own account page.</Text> : (
            <ScrollTable minWidth={480} label="Grants">
              <Table striped aria-label="Grants">
                <Table.Thead><Table.Tr><Table.Th>Role</Table.Th><Table.Th>Scope</Table.Th>{manage && <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}</Table.Tr></Table.Thead>
                <Table.Tbody>
                  {a.grants.map((g) => (
                    <Table.Tr key={g.id}>
                      <Table.Td>{g.roleName}</Table.Td>
                      <Table.Td>{g.orgUnitName ?? 'Whole organisation'}</Table.Td>
                      {manage && <Table.Td><Button size="xs" variant="default" aria-label={`Revoke ${g.roleName} on ${g.orgUnitName ?? 'the whole organisation'}`} onClick={() => setRevoking(g)}>Revoke</Button></Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          {manage && <GrantForm account={a} onDone={changed} />}
        </Stack>
      </Card>

      {toggling && (
        <ConfirmDialog title={a.active ? `Deactivate ${a.login}?` : `Reactivate ${a.login}?`} confirmLabel={a.active ? 'Deactivate' : 'Reactivate'} onClose={() => setToggling(false)} onConfirm={() => setActive(!a.active)}>
          {a.active ? 'They are signed out everywhere and cannot sign in, nor use their API tokens, until reactivated. Their history stays.' : 'They will be able to sign in again with their password or single sign-on.'}
        </ConfirmDialog>
      )}
      {revoking && (
        <ConfirmDialog title="Revoke this role?" confirmLabel="Revoke" onClose={() => setRevoking(null)}
          onConfirm={async () => changed(await send<Account>('DELETE', `/api/v1/accounts/${a.id}/grants/${revoking.id}`))}>
          {a.login} loses <b>{revoking.roleName}</b> on {revoking.orgUnitName ?? 'the whole organisation'} and is signed out of their sessions.
        </ConfirmDialog>
      )}
      {resettingTwoFactor && (
        <ConfirmDialog title={`Reset the two-factor authentication of ${a.login}?`} confirmLabel="Reset two-factor" onClose={() => setResettingTwoFactor(false)}
          onConfirm={async () => { await send('DELETE', `/api/v1/accounts/${a.id}/two-factor`); await account.refetch(); setNotice({ color: 'green', text: `Two-factor authentication of ${a.login} is off; their sessions have ended.` }); }}>
          For someone who lost their authenticator and their recovery codes: their authenticator and recovery codes stop working and they are signed out. They sign in with their password alone until they set it up again (at once, if a role of theirs requires it). Check who is asking first.
        </ConfirmDialog>
      )}
      {settingPassword && <SetPasswordDialog account={a} onClose={() => { setSettingPassword(false); void client.invalidateQueries({ queryKey: ['account-tokens', a.id] }); void account.refetch(); }} />}
      <AccountTokensCard account={a} manage={manage} />
      {editing && <EditAccountDialog account={a} onClose={() => { setEditing(false); void account.refetch(); }} onSaved={(next) => { changed(next); setEditing(false); setNotice({ color: 'green', text: `${next.login} saved.` }); }} />}
      {/* Who granted or revoked a role, reset a password or deactivated the account, and when. */}
      <HistoryCard queryKey={['account-history', a.id, a.version]} path={`/api/v1/accounts/${a.id}/history`} people={ACCOUNT_PEOPLE} roles={roleNames} />
    </Stack>
  );
}

function GrantForm({ account, onDone }: { account: Account; onDone: (a: Account) => void }) {
  const roles = useRoles();
  const units = useNamed('org-units');
  const [role, setRole] = useState<string | null>(null);
  const [scope, setScope] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!role || !scope) { setError(new ApiError(422, 'MISSING', 'Choose a role and where it applies.')); return; }
    setBusy(true);
    setError(null);
    try {
      onDone(await post<Account>(`/api/v1/accounts/${account.id}/grants`, { roleKey: role, orgUnitId: scope === WHOLE_ORGANISATION ? null : scope }));
      notify('Role granted');
      setRole(null);
      setScope(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const scopes = [{ value: WHOLE_ORGANISATION, label: 'Whole organisation' }, ...(units.data ?? []).map((u) => ({ value: u.id, label: u.code ? `${u.name} (${u.code})` : u.name }))];
  return (
    <form onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label="Grant a role">
      <Stack gap="xs">
        <Title order={3} size="h5">Grant a role</Title>
        {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
        <Group align="flex-end" gap="sm">
          <Select label="Role" placeholder="Choose a role" data={(roles.data ?? []).map((r) => ({ value: r.key, label: r.name }))} value={role} onChange={setRole} searchable nothingFoundMessage="No such role" w={{ base: '100%', sm: 240 }} error={fieldError(error, 'roleKey')} />
          <Select label="On" placeholder="Org unit or whole organisation" data={scopes} value={scope} onChange={setScope} searchable nothingFoundMessage="No such org unit" w={{ base: '100%', sm: 300 }} error={fieldError(error, 'orgUnitId')} />
          <Button type="submit" loading={busy}>Grant</Button>
        </Group>
      </Stack>
    </form>
  );
}

function SetPasswordDialog({ account, onClose }: { account: Account; onClose: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    const password = String(d.get('password') ?? '');
    if (password !== String(d.get('repeat') ?? '')) { setError(new ApiError(422, 'MISMATCH', 'The two passwords differ.', [{ field: 'repeat', code: 'MISMATCH', message: 'Must match the password' }])); return; }
    const revokeApiTokens = d.get('revokeApiTokens') === 'on';
    setBusy(true);
    setError(null);
    try {
      await post(`/api/v1/accounts/${account.id}/password`, { password, revokeApiTokens });
      notify(`Password of ${account.login} set; their sessions have ended${revokeApiTokens ? ' and their API tokens are revoked' : ''}.`);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Set the password of ${account.login}`}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
        <Stack>
          <Text size="sm">Tell them the new password by a separate, safe channel. Their sessions end; they can change it on their account page.</Text>
          {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
          <PasswordInput name="password" label="New password" description="At least 8 characters" required data-autofocus autoComplete="new-password" error={fieldError(error, 'password')} />
          <PasswordInput name="repeat" label="Repeat the password" required autoComplete="new-password" error={fieldError(error, 'repeat')} />
          <Checkbox name="revokeApiTokens" defaultChecked label="Also revoke their API tokens" description="Leave it ticked if the account may be in other hands; untick it for a forgotten password, so their scripts keep working." />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Set password</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The account's display name, e-mail and the person in the register it belongs to (whose assets show under My
 * assets), sent as the changes made, with the version read (412: reload and check).
 */
function EditAccountDialog({ account, onClose, onSaved }: { account: Account; onClose: () => void; onSaved: (a: Account) => void }) {
  const own = useSession().session?.account.id === account.id;
  const [displayName, setDisplayName] = useState(account.displayName);
  const [email, setEmail] = useState(account.email ?? '');
  const [personId, setPersonId] = useState<string | null>(account.personId);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const patch: Record<string, unknown> = {};
    if (displayName.trim() !== account.displayName) patch['displayName'] = displayName.trim();
    if ((email.trim() || null) !== account.email) patch['email'] = email.trim() || null;
    if (personId !== account.personId) patch['personId'] = personId;
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    setError(null);
    try {
      onSaved(await send<Account>('PATCH', `/api/v1/accounts/${account.id}`, patch, account.version));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const conflict = error instanceof ApiError && error.code === 'VERSION_MISMATCH';
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Edit ${account.login}`}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          {error !== null && <Alert color={conflict ? 'orange' : 'red'} role="alert">{conflict ? 'Someone else changed this account meanwhile: close this form; the page shows their change.' : errorText(error)}</Alert>}
          <TextInput label="Display name" required value={displayName} error={fieldError(error, 'displayName')} onChange={(e) => setDisplayName(e.currentTarget.value)} />
          <TextInput type="email" label="E-mail" value={email} error={fieldError(error, 'email')} onChange={(e) => setEmail(e.currentTarget.value)}
            disabled={own} description={own ? 'Change your own e-mail on your account page: it asks for your password.' : undefined} />
          <RecordSelect resource="people" label="Person" description="The person in the register this account belongs to: what is assigned to them shows under My assets" value={personId} onChange={setPersonId} error={fieldError(error, 'personId')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
