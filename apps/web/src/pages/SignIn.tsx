import { Alert, Anchor, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, get, post, setCsrfToken, type SessionInfo } from '../api';
import { useSession } from '../session';

type LoginResult = { status: 'signed_in'; session: SessionInfo } | { status: 'two_factor_required'; pendingToken: string };

function pendingFromFragment(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('two-factor');
  if (token) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return token;
}

/**
 * Sign in with login and password (or at the identity provider), then a TOTP or recovery code when the account has
 * two-factor on.
 */
export function SignInPage() {
  const { session, refresh } = useSession();
  const [params] = useSearchParams();
  // After single sign-on, an account with two-factor on comes back with its pending sign-in in the fragment
  // (#two-factor=…): read once, then removed from the address bar and the browser history.
  const [pending, setPending] = useState<string | null>(pendingFromFragment);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const methods = useQuery({ queryKey: ['auth-methods'], queryFn: () => get<{ password: boolean; oidc: boolean }>('/api/v1/auth/methods'), staleTime: Infinity });
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/';
  if (session) return <Navigate to={next} replace />;

  const done = async (result: LoginResult) => {
    if (result.status === 'two_factor_required') { setPending(result.pendingToken); return; }
    setCsrfToken(result.session.csrfToken);
    // Once the session is loaded this page renders <Navigate to={next}>. Navigating again after the refresh would undo
    // a link the person (or a test) followed in between, sending them back to `next`.
    await refresh();
  };
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      if (pending) await done(await post<LoginResult>('/api/v1/auth/login/two-factor', { pendingToken: pending, code: String(data.get('code') ?? '') }));
      else await done(await post<LoginResult>('/api/v1/auth/login', { login: String(data.get('login') ?? ''), password: String(data.get('password') ?? '') }));
    } catch (e) {
      setError(e instanceof ApiError ? (e.status === 429 ? e.message : e.code === 'INVALID_TWO_FACTOR_CODE' ? 'That code is not correct, or was already used. Enter the next code from your app, or a recovery code.' : e.status === 401 && !pending ? 'The login or password is not correct.' : e.message) : 'The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={380} component="main">
        <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
          <Stack>
            <Title order={1} size="h3">Sign in to Custodia</Title>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            {pending ? (
              <>
                <Text size="sm">Enter the 6-digit code from your authenticator app, or one of your recovery codes.</Text>
                <TextInput name="code" label="Verification code" autoComplete="one-time-code" inputMode="numeric" required autoFocus />
              </>
            ) : (
              <>
                <TextInput name="login" label="Login" autoComplete="username" required autoFocus />
                <PasswordInput name="password" label="Password" autoComplete="current-password" required />
              </>
            )}
            <Button type="submit" loading={busy}>{pending ? 'Verify' : 'Sign in'}</Button>
            {pending && <Anchor component="button" type="button" size="sm" onClick={() => setPending(null)}>Start again</Anchor>}
            {!pending && methods.data?.oidc && (
              <>
                <Divider label="or" labelPosition="center" />
                <Button component="a" href="/api/v1/auth/oidc/login" variant="default">Sign in with your organisation account</Button>
              </>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
