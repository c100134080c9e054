import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, getDefaultZIndex } from '@mantine/core';
import { useRef, useState, type ReactNode } from 'react';
import { ApiError, post } from '../api';
import { errorText } from '../access';

interface Pending { run: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }

/**
 * Sensitive changes (e-mail, two-factor, another account's password or roles) need a password confirmation within the last minutes: the API answers 401
 * REAUTHENTICATION_REQUIRED. `withReauth(action)` runs the action; on that answer it asks for the password,
 * confirms it (POST /auth/reauthenticate) and runs the action again. Render `dialog` once in the page.
 */
export function useReauth(): { withReauth: <T>(action: () => Promise<T>) => Promise<T>; dialog: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const withReauth = async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'REAUTHENTICATION_REQUIRED')) throw e;
      setError(null);
      return new Promise<T>((resolve, reject) => setPending({ run: action, resolve: resolve as (v: unknown) => void, reject }));
    }
  };

  const cancel = () => {
    pending?.reject(new ApiError(401, 'REAUTHENTICATION_CANCELLED', 'Cancelled: nothing was changed.'));
    setPending(null);
  };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/auth/reauthenticate', { password: input.current?.value ?? '' });
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'REAUTHENTICATION_REQUIRED' ? 'That password is not correct.' : errorText(e));
      setBusy(false);
      return;
    }
    const current = pending;
    setPending(null);
    setBusy(false);
    try { current.resolve(await current.run()); } catch (e) { current.reject(e); }
  };

  const dialog = (
    // Above the dialog whose action asked for it (same default z-index, and this one may be mounted first).
    <Modal opened={pending !== null} onClose={cancel} closeButtonProps={{ 'aria-label': 'Close' }} title="Confirm your password" zIndex={getDefaultZIndex('modal') + 10}>
      <form onSubmit={(e) => { e.preventDefault(); void confirm(); }}>
        <Stack>
          <Text size="sm">This change needs a recent confirmation that it is really you. Enter your password to continue.</Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <PasswordInput ref={input} label="Your password" autoComplete="current-password" required data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={cancel}>Cancel</Button>
            <Button type="submit" loading={busy}>Confirm</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
  return { withReauth, dialog };
}
