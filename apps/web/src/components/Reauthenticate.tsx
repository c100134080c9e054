import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, getDefaultZIndex } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, onReauthenticationRequired, post } from '../api';
import { errorText } from '../access';

/**
 * The one password confirmation of the app. Sensitive changes (e-mail, two-factor, tokens, another account's password
 * or roles) answer 401 REAUTHENTICATION_REQUIRED when the session has not confirmed its password in the last minutes;
 * the API client then asks here (`onReauthenticationRequired`, once for all the requests refused meanwhile), and
 * retries its requests once the password is confirmed.
 */
export function ReauthProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const pending = useRef<{ answer: Promise<boolean>; settle: (confirmed: boolean) => void } | null>(null);

  useEffect(() => {
    onReauthenticationRequired(() => {
      if (!pending.current) {
        let settle!: (confirmed: boolean) => void;
        const answer = new Promise<boolean>((resolve) => { settle = resolve; });
        pending.current = { answer, settle };
        setError(null);
        setOpen(true);
      }
      return pending.current.answer;
    });
    return () => onReauthenticationRequired(null);
  }, []);

  const finish = (confirmed: boolean) => {
    pending.current?.settle(confirmed);
    pending.current = null;
    setOpen(false);
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/auth/reauthenticate', { password: input.current?.value ?? '' });
      finish(true);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'REAUTHENTICATION_REQUIRED' ? 'That password is not correct.' : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {children}
      {/* Above every dialog: the action that asked for it is usually in one, which stays open behind. */}
      <Modal opened={open} onClose={() => finish(false)} closeButtonProps={{ 'aria-label': 'Close' }} title="Confirm your password" zIndex={getDefaultZIndex('max')}>
        <form onSubmit={(e) => { e.preventDefault(); void confirm(); }}>
          <Stack>
            <Text size="sm">This change needs a recent confirmation that it is really you. Enter your password to continue.</Text>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <PasswordInput ref={input} label="Your password" autoComplete="current-password" required data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => finish(false)}>Cancel</Button>
              <Button type="submit" loading={busy}>Confirm</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
