import { type ReactNode, useState } from 'react';
import { errorText, readableTitle } from '../access';
import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Stack, Tooltip } from '@mantine/core';

/** A secret (API or agent token) shown this once, with a copy button and a clear warning. */
export function ShowOnce({ label, value, onDone, note }: { label: string; value: string; onDone: () => void; note?: ReactNode }) {
  return (
    <Stack>
      <Alert color="yellow" title="Copy it now" role="status" styles={readableTitle}>
        {note ?? <>This is the only time the {label} is shown. Custodia keeps only a fingerprint of it: if it is lost, revoke it and create another.</>}
      </Alert>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label={label} data-testid="secret-value">{value}</Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon variant="default" size="lg" onClick={copy} aria-label={copied ? 'Copied' : `Copy the ${label}`}>
                <span aria-hidden="true">{copied ? '✓' : '⧉'}</span>
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end"><Button onClick={onDone}>I have stored it</Button></Group>
    </Stack>
  );
}

/**
 * A dialog that issues a secret (API or agent token): its form fields, then the secret shown once. `issue` sends the
 * form and resolves to the secret; its errors show above the fields (and on a field, through `children(error)`).
 */
export function IssueSecretDialog({ title, issuedTitle, secretLabel, submitLabel, issue, onClose, children, note }: {
  title: string; issuedTitle: string; secretLabel: string; submitLabel: string; note?: ReactNode;
  issue: (form: FormData) => Promise<string>; onClose: () => void; children: (error: unknown) => ReactNode;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const submit = async (form: HTMLFormElement) => {
    setBusy(true);
    setError(null);
    try {
      setIssued(await issue(new FormData(form)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={issued ? issuedTitle : title} size="lg">
      {issued ? <ShowOnce label={secretLabel} value={issued} onDone={onClose} note={note} /> : (
        <form onSubmit={(e) => { e.preventDefault(); void submit(e.currentTarget); }}>
          <Stack>
            {error !== null && <Alert color="red" role="alert">{errorText(error)}</Alert>}
            {children(error)}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>Cancel</Button>
              <Button type="submit" loading={busy}>{submitLabel}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
