import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, post, setCsrfToken, type SessionInfo } from '../api';
import { useSession } from '../session';

/** First run: the one-time link printed by `npm start` (…/setup#token=…) creates the first administrator. */
export function SetupPage() {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (f: string) => error?.errors.find((e) => e.field === f)?.message;

  const submit = async (form: HTMLFormElement) => {
    const d = new FormData(form);
    if (d.get('password') !== d.get('confirm')) { setError(new ApiError(422, 'MISMATCH', 'The two passwords differ', [{ field: 'confirm', code: 'MISMATCH', message: 'Must match the password' }])); return; }
    setBusy(true);
    try {
      const email = String(d.get('email') ?? '').trim();
      const s = await post<SessionInfo>('/api/v1/auth/setup', { token, login: String(d.get('login')), displayName: String(d.get('displayName')), password: String(d.get('password')), ...(email ? { email } : {}) });
      setCsrfToken(s.csrfToken);
      window.history.replaceState(null, '', '/setup');
      await refresh();
      navigate('/', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', 'The server could not be reached'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={420} component="main">
        <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
          <Stack>
            <Title order={1} size="h3">Create the first administrator</Title>
            {!token && <Alert color="yellow">Open the set-up link printed by the server when it started (it ends with <code>#token=…</code>).</Alert>}
            {error && <Alert color="red" role="alert">{error.code === 'SETUP_ALREADY_DONE' ? 'An administrator already exists: sign in instead.' : error.code === 'SETUP_TOKEN_INVALID' ? 'This set-up link is not valid any more: restart the server for a new one.' : error.message}</Alert>}
            <Text size="sm" c="dimmed">This account can manage users, roles and the whole register. There is no default password.</Text>
            <TextInput name="login" label="Login" required defaultValue="admin" autoComplete="username" error={fieldError('login')} />
            <TextInput name="displayName" label="Your name" required error={fieldError('displayName')} />
            <TextInput name="email" type="email" label="E-mail (optional)" autoComplete="email" error={fieldError('email')} />
            <PasswordInput name="password" label="Password" description="At least 8 characters; a long phrase is best" required autoComplete="new-password" error={fieldError('password')} />
            <PasswordInput name="confirm" label="Repeat the password" required autoComplete="new-password" error={fieldError('confirm')} />
            <Button type="submit" loading={busy} disabled={!token}>Create and sign in</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
