import {
  Alert, Badge, Button, Card, Code, CopyButton, Group, Image, List, Loader, NumberInput, PasswordInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState } from 'react';
import { ApiError, get, post } from '../api';
import { type ApiToken, errorText, fieldError, readableTitle, notify, send } from '../access';
import { useSession } from '../session';
import { IssueSecretDialog } from '../components/ShowOnce';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ApiTokensTable } from '../components/ApiTokensTable';
import { DigestCard } from '../components/DigestCard';

/** Your account: name and e-mail, password, two-factor authentication, the daily e-mail digest and personal API tokens. */
export function AccountPage() {
  const { session } = useSession();
  if (!session) return null;
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">Your account</Title>
      {session.twoFactorSetupRequired && (
        <Alert color="orange" title="Two-factor authentication is required" role="alert" styles={readableTitle}>
          A role you hold requires two-factor authentication. Set it up below (you need an authenticator app on your phone);
          the other pages open once it is on.
        </Alert>
      )}
      <Text c="dimmed" size="sm">
        Signed in as <b>{session.account.login}</b>. Roles: {session.account.grants.map((g) => `${g.roleName} (${g.orgUnitName ?? 'whole organisation'})`).join(', ') || 'none yet'}.
      </Text>
      {/* Keyed siblings: when two-factor is required its card comes first, and moving it keeps its state (the recovery codes). */}
      {(session.twoFactorSetupRequired ? ['two-factor', 'profile'] : ['profile', 'two-factor']).map((section) => section === 'profile' ? (
        <SimpleGrid key="profile" cols={{ base: 1, md: 2 }}>
          <ProfileCard />
          <PasswordCard />
        </SimpleGrid>
      ) : <TwoFactorCard key="two-factor" />)}
      <DigestCard />
      <TokensCard />
    </Stack>
  );
}

function ProfileCard() {
  const { session, refresh } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const account = session!.account;

  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    const displayName = String(d.get('displayName') ?? '').trim();
    const email = String(d.get('email') ?? '').trim() || null;
    const patch: Record<string, unknown> = {};
    if (displayName !== account.displayName) patch['displayName'] = displayName;
    if (email !== account.email) patch['email'] = email;
    if (Object.keys(patch).length === 0) { notify('Nothing to save: no change.'); return; }
    setBusy(true);
    setError(null);
    try {
      await send('PATCH', '/api/v1/auth/me', patch);
      await refresh();
      notify('Your details are saved');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="profile-title">
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }} key={`${account.displayName}|${account.email}`}>
        <Stack>
          <Title order={2} size="h4" id="profile-title">Name and e-mail</Title>
          {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
          <TextInput name="displayName" label="Display name" required defaultValue={account.displayName} error={fieldError(error, 'displayName')} autoComplete="name" />
          <TextInput name="email" type="email" label="E-mail" description="Changing it asks for your password" defaultValue={account.email ?? ''} error={fieldError(error, 'email')} autoComplete="email" />
          <Group justify="flex-end"><Button type="submit" loading={busy}>Save</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}

function PasswordCard() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    const newPassword = String(d.get('newPassword') ?? '');
    if (newPassword !== String(d.get('repeat') ?? '')) { setError(new ApiError(422, 'MISMATCH', 'The two new passwords differ.', [{ field: 'repeat', code: 'MISMATCH', message: 'Must match the new password' }])); return; }
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/auth/password', { currentPassword: String(d.get('currentPassword') ?? ''), newPassword });
      setFormKey((k) => k + 1);
      notify('You stay signed in here; your other sessions have ended.', 'Password changed');
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 && e.code !== 'UNAUTHENTICATED' ? new ApiError(401, e.code, 'The current password is not correct.', [{ field: 'currentPassword', code: e.code, message: 'Not correct' }]) : e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="password-title">
      <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }} key={formKey}>
        <Stack>
          <Title order={2} size="h4" id="password-title">Password</Title>
          <Text size="sm" c="dimmed">At least 8 characters; a long phrase is best. Changing it signs you out everywhere else (other browsers and devices); this session stays open.</Text>
          {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
          <PasswordInput name="currentPassword" label="Current password" required autoComplete="current-password" error={fieldError(error, 'currentPassword')} />
          <PasswordInput name="newPassword" label="New password" required autoComplete="new-password" error={fieldError(error, 'newPassword')} />
          <PasswordInput name="repeat" label="Repeat the new password" required autoComplete="new-password" error={fieldError(error, 'repeat')} />
          <Group justify="flex-end"><Button type="submit" loading={busy}>Change password</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}

type Enrolment = { secret: string; uri: string; qr: string };

function TwoFactorCard() {
  const { session, refresh } = useSession();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const enabled = session!.account.twoFactorEnabled;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const e = await post<{ secret: string; uri: string }>('/api/v1/auth/two-factor/enrol');
      setEnrolment({ ...e, qr: await QRCode.toDataURL(e.uri, { margin: 1, width: 200 }) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async (form: HTMLFormElement) => {
    setBusy(true);
    setError(null);
    try {
      const code = String(new FormData(form).get('code') ?? '').replace(/\s/g, '');
      const r = await post<{ recoveryCodes: string[] }>('/api/v1/auth/two-factor/confirm', { code });
      setCodes(r.recoveryCodes);
      setEnrolment(null);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'INVALID_TWO_FACTOR_CODE' ? new ApiError(401, e.code, 'That code is not correct. Enter the current 6-digit code from your app (it changes every 30 seconds).') : e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="two-factor-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="two-factor-title">Two-factor authentication</Title>
          <Badge variant="light" color={enabled ? 'indigo' : 'gray'}>{enabled ? 'On' : 'Off'}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          With two-factor on, signing in also asks for a 6-digit code from an authenticator app (such as FreeOTP, Aegis, Google or Microsoft Authenticator).
        </Text>
        {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
        {codes ? (
          <Alert color="orange" title="Store your recovery codes now" role="status" styles={readableTitle}>
            <Stack gap="xs">
              <Text size="sm">Two-factor authentication is on. If you lose your phone, each of these codes signs you in once. They are shown only this once: print them or keep them in a password manager.</Text>
              <List spacing={2} aria-label="Recovery codes" styles={{ itemLabel: { fontFamily: 'monospace' } }}>
                {codes.map((c) => <List.Item key={c}>{c}</List.Item>)}
              </List>
              <Group>
                <CopyButton value={codes.join('\n')}>
                  {({ copied, copy }) => <Button variant="default" size="xs" onClick={copy}>{copied ? 'Copied' : 'Copy the codes'}</Button>}
                </CopyButton>
                <Button size="xs" onClick={() => { setCodes(null); void refresh(); }}>I have stored them</Button>
              </Group>
            </Stack>
          </Alert>
        ) : enrolment ? (
          <form onSubmit={(e) => { e.preventDefault(); void confirm(e.currentTarget); }}>
            <Stack>
              <Text size="sm">1. Scan this QR code with your authenticator app, or type the key below into it.</Text>
              <Group align="flex-start">
                <Image src={enrolment.qr} alt="QR code to add Custodia to your authenticator app" w={200} h={200} />
                <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm" fw={500} id="totp-secret-label">Key (if you cannot scan)</Text>
                  <Code block aria-labelledby="totp-secret-label" data-testid="totp-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{enrolment.secret}</Code>
                </Stack>
              </Group>
              <TextInput name="code" label="2. Enter the 6-digit code the app shows" autoComplete="one-time-code" inputMode="numeric" required maw={260} />
              <Group>
                <Button type="submit" loading={busy}>Turn on two-factor</Button>
                <Button variant="default" onClick={() => { setEnrolment(null); setError(null); }}>Cancel</Button>
              </Group>
            </Stack>
          </form>
        ) : enabled ? (
          <Group><Button variant="default" onClick={() => setDisabling(true)}>Turn off two-factor</Button></Group>
        ) : (
          <Group><Button onClick={() => void start()} loading={busy}>Set up two-factor</Button></Group>
        )}
      </Stack>
      {disabling && (
        <ConfirmDialog
          title="Turn off two-factor authentication?"
          confirmLabel="Turn off"
          onClose={() => setDisabling(false)}
          onConfirm={async () => {
            await send('DELETE', '/api/v1/auth/two-factor');
            await refresh();
            notify('Two-factor authentication is off; your other sessions have ended.');
          }}
        >
          Signing in will ask only for your password, and your recovery codes stop working. Your other sessions end.
          If a role you hold requires two-factor, you will have to set it up again before using Custodia.
        </ConfirmDialog>
      )}
    </Card>
  );
}

function TokensCard() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['my-tokens'], queryFn: async () => (await get<{ items: ApiToken[] }>('/api/v1/auth/tokens')).items });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const reload = () => client.invalidateQueries({ queryKey: ['my-tokens'] });

  return (
    <Card withBorder component="section" aria-labelledby="tokens-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="tokens-title">Personal API tokens</Title>
          <Button onClick={() => setCreating(true)}>Create a token</Button>
        </Group>
        <Text size="sm" c="dimmed">For scripts and integrations: send it as <Code>Authorization: Bearer …</Code>. A token acts as you, with your roles; a read-only token cannot change anything.</Text>
        {tokens.isLoading && <Loader size="sm" role="status" aria-label="Loading tokens" />}
        {tokens.error && <Alert color="red" role="alert">{errorText(tokens.error)}</Alert>}
        {tokens.data?.length === 0 && <Text size="sm">You have no API tokens yet.</Text>}
        {tokens.data && tokens.data.length > 0 && (
          <ApiTokensTable tokens={tokens.data} label="Your API tokens" onRevoke={setRevoking} />
        )}
      </Stack>
      {creating && <CreateTokenDialog onClose={() => { setCreating(false); void reload(); }} />}
      {revoking && (
        <ConfirmDialog title={`Revoke the token “${revoking.name}”?`} confirmLabel="Revoke" onClose={() => setRevoking(null)}
          onConfirm={async () => { await send('DELETE', `/api/v1/auth/tokens/${revoking.id}`); await reload(); notify(`Token “${revoking.name}” revoked`); }}>
          Scripts using it (prefix <Code>{revoking.prefix}</Code>) will be refused from now on. This cannot be undone.
        </ConfirmDialog>
      )}
    </Card>
  );
}

/** A new token: the server asks for the password again when the session did not confirm it recently. */
function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const [days, setDays] = useState<string | number>(90);
  const issue = async (form: FormData) =>
    (await post<ApiToken & { token: string }>('/api/v1/auth/tokens', { name: String(form.get('name') ?? '').trim(), access, expiresInDays: Number(days) })).token;
  return (
    <IssueSecretDialog title="Create an API token" issuedTitle="Your new API token" secretLabel="API token" submitLabel="Create" issue={issue} onClose={onClose}>
      {(error) => (
        <>
          <TextInput name="name" label="Name" description="What uses it, e.g. “nightly inventory script”" required data-autofocus error={fieldError(error, 'name')} />
          <div>
            <Text size="sm" fw={500} id="token-access-label">Access</Text>
            <SegmentedControl aria-labelledby="token-access-label" value={access} onChange={(v) => setAccess(v as 'read' | 'write')} data={[{ value: 'read', label: 'Read only' }, { value: 'write', label: 'Read and write' }]} />
          </div>
          <NumberInput label="Valid for (days)" description="1 to 366 days" min={1} max={366} clampBehavior="strict" allowDecimal={false} required value={days} onChange={setDays} error={fieldError(error, 'expiresInDays')} />
        </>
      )}
    </IssueSecretDialog>
  );
}
