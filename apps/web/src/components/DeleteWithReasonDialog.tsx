import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { ApiError, request } from '../api';
import { errorText } from '../access';

/**
 * Deletes a record created in error (an asset registered twice, an asset type made by mistake): DELETE `path` with
 * the version read (If-Match) and the reason, which the history keeps. The server's refusal is shown as it gives it.
 */
export function DeleteWithReasonDialog({ title, path, version, children, onClose, onDeleted }: {
  title: string; path: string; version: number; children: ReactNode; onClose: () => void; onDeleted: () => unknown;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await request('DELETE', path, { body: { reason: reason.trim() }, ifMatch: `"${version}"` });
      await onDeleted();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const conflict = error instanceof ApiError && error.code === 'VERSION_MISMATCH';
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={title}>
      <form onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <Stack>
          <Text size="sm">{children}</Text>
          {error !== null && <Alert color={conflict ? 'orange' : 'red'} role="alert">{conflict ? 'Someone else changed this record meanwhile: close this form, check their change, then try again.' : errorText(error)}</Alert>}
          <TextInput label="Reason" description="Why the record is wrong; kept in the history" required minLength={3} maxLength={200} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" color="red.9" loading={busy} disabled={reason.trim().length < 3}>Delete</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
