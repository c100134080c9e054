import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiError, type Asset, request } from '../api';
import { errorText } from '../access';

/**
 * Deletes an asset registered by mistake (a duplicate, a typing error), with the reason kept in its history. An asset
 * that really existed is not deleted: it is decommissioned and disposed of through its lifecycle, with evidence.
 */
export function DeleteAssetDialog({ asset, onClose, onDeleted }: { asset: Asset; onClose: () => void; onDeleted: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await request('DELETE', `/api/v1/assets/${asset.id}`, { body: { reason: reason.trim() }, ifMatch: `"${asset.version}"` });
      onDeleted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const conflict = error instanceof ApiError && error.code === 'VERSION_MISMATCH';
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Delete ${asset.tag}?`}>
      <form onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <Stack>
          <Text size="sm">Delete this asset only if it was registered by mistake; its history is kept. An asset that left the organisation is decommissioned and disposed of instead, with its evidence.</Text>
          {error !== null && <Alert color={conflict ? 'orange' : 'red'} role="alert">{conflict ? 'Someone else changed this asset meanwhile: close this form, check their change, then try again.' : errorText(error)}</Alert>}
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
