import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, get, request } from '../api';
import { readableTitle } from '../access';
import { ATTACHMENT_CATEGORY_OPTIONS, type Attachment, type AttachmentOwner, attachmentCategoryLabel, attachmentPath } from '../attachments';
import { FormError } from './FormError';

/**
 * Changes what a file is said to be — its category and description, never the file — sent with the version read.
 * When someone else changed it first (412), what the user chose stays in the form; the dialog shows what the other
 * person saved and takes its version, so saving again replaces it knowingly.
 */
export function AttachmentEditDialog({ owner, attachment, onClose, onDone }: { owner: AttachmentOwner; attachment: Attachment; onClose: () => void; onDone: () => void }) {
  const [base, setBase] = useState(attachment);
  const [category, setCategory] = useState(attachment.category);
  const [description, setDescription] = useState(attachment.description ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<Attachment | null>(null);
  const path = attachmentPath(owner, attachment.id);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await request('PATCH', path, { body: { category, description: description.trim() || null }, ifMatch: `"${base.version}"` });
      notifications.show({ message: `${attachment.fileName} saved`, color: 'green' });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'VERSION_MISMATCH' || e.status === 412)) {
        const latest = await get<Attachment>(path).catch(() => null);
        if (latest) { setBase(latest); setTheirs(latest); } else setError('Someone else changed this file meanwhile, and it could not be read again. Close and open it again.');
      } else {
        setError(e instanceof ApiError ? e.message : 'The change could not be saved.');
      }
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Edit ${attachment.fileName}`}>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Stack>
          {theirs && (
            <FormError color="orange" title="Someone else changed this file while you were editing" styles={readableTitle}>
              It is now <strong>{attachmentCategoryLabel(theirs.category)}</strong>{theirs.description ? <>, “{theirs.description}”</> : ', without a description'}.
              Your choice is still below: save to replace theirs, or cancel to keep it.
            </FormError>
          )}
          {error && <FormError>{error}</FormError>}
          <Select label="Category" data={ATTACHMENT_CATEGORY_OPTIONS} value={category} onChange={(v) => v && setCategory(v)} allowDeselect={false} data-autofocus />
          <TextInput label="Description" placeholder="e.g. Invoice 2026-0412" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Text size="xs" c="dimmed">The file itself does not change; the change is kept in the history.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
