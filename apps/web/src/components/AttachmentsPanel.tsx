import { Alert, Anchor, Badge, Button, Card, FileInput, Group, Image, Loader, Modal, Progress, Select, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, type Page, get, query, request } from '../api';
import { dateTime } from '../dates';
import { byteSize } from '../upload';
import { CursorPager, useCursorPages } from './CursorPager';
import type { AttachmentCategory } from '@custodia/domain';
import {
  ATTACHMENT_ACCEPT, ATTACHMENT_CATEGORY_OPTIONS, type Attachment, type AttachmentOwner, DEFAULT_ATTACHMENT_CATEGORY, attachmentCategoryLabel, attachmentPath, attachmentsPath, uploadAttachment,
} from '../attachments';
import { AttachmentEditDialog } from './AttachmentEditDialog';

/** Files listed at once; older ones are a page away. */
const PAGE_SIZE = 50;

/** What each kind of record typically keeps, for the empty list. */
const EMPTY_HINT: Record<AttachmentOwner['kind'], string> = {
  asset: 'Keep invoices, licence certificates, photos and proofs of destruction here.',
  person: 'Keep signed hand-over forms and acceptable-use agreements here.',
  supplier: 'Keep contracts, price lists and support agreements here.',
  audit_run: 'Keep signed count sheets and photos of what was found here.',
};

/** Shown instead of the Delete button on a file that must be kept; the reason is written under its name. */
const RETENTION_BADGE: Record<NonNullable<Attachment['retention']>['code'], string> = {
  ATTACHMENT_IS_EVIDENCE: 'Evidence',
  ATTACHMENT_ON_LEGAL_HOLD: 'Legal hold',
};

/**
 * The files kept with a record (an asset's invoices and proofs of destruction, a person's signed hand-over forms, a
 * supplier's contracts, an audit run's count sheets), to open, add, file under a category (invoice, certificate of
 * destruction…: what the file is for) and delete with a reason. Deleted ones can be shown with who deleted them and why. A file the server keeps (a recorded transition's evidence, an asset on legal hold)
 * offers no deletion and says why.
 */
export function AttachmentsPanel({ owner, canWrite }: { owner: AttachmentOwner; canWrite: boolean }) {
  const client = useQueryClient();
  const [showDeleted, setShowDeleted] = useState(false);
  const pages = useCursorPages();
  const list = useQuery({
    queryKey: ['attachments', owner.id, showDeleted, pages.cursor],
    queryFn: () => get<Page<Attachment>>(`${attachmentsPath(owner)}${query({ limit: PAGE_SIZE, includeDeleted: showDeleted ? 'true' : null, cursor: pages.cursor })}`),
    placeholderData: (prev) => prev,
  });
  const [deleting, setDeleting] = useState<Attachment | null>(null);
  const [editing, setEditing] = useState<Attachment | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['attachments', owner.id] });
    void client.invalidateQueries({ queryKey: ['history', owner.id] });
    void client.invalidateQueries({ queryKey: ['reference'] });
  };
  const items = list.data?.items ?? [];

  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">Attachments</Title>
        <Switch size="xs" label="Show deleted" checked={showDeleted} onChange={(e) => { setShowDeleted(e.currentTarget.checked); pages.first(); }} />
      </Group>
      {list.isLoading ? <Loader size="sm" role="status" aria-label="Loading attachments" /> : list.error ? (
        <Alert color="red" role="alert">The attachments could not be loaded.</Alert>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">{showDeleted ? 'No file was ever attached here.' : `No files attached. ${EMPTY_HINT[owner.kind]}`}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} fz="sm" aria-label="Attachments">
            <Table.Thead><Table.Tr><Table.Th>File</Table.Th><Table.Th>Size</Table.Th><Table.Th>Added</Table.Th><Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {a.mediaType.startsWith('image/') && a.contentUrl && !a.deletedAt && (
                        <Image src={`${a.contentUrl}?disposition=inline`} alt="" w={40} h={40} fit="cover" radius="sm" loading="lazy" />
                      )}
                      <div>
                        {a.contentUrl ? <Anchor href={a.contentUrl} download={a.fileName} td={a.deletedAt ? 'line-through' : undefined}>{a.fileName}</Anchor> : <Text size="sm" td="line-through">{a.fileName}</Text>}
                        {' '}<Badge size="xs" variant="light" color="blue">{attachmentCategoryLabel(a.category)}</Badge>
                        {' '}<Badge size="xs" variant="light" color="gray">{a.kind}</Badge>
                        {a.description && <Text size="xs" c="dimmed">{a.description}</Text>}
                        {a.deletedAt && (
                          <Text size="xs" c="red">
                            Deleted {dateTime(a.deletedAt)} by {a.deletedBy}: {a.deleteReason}{a.purgedAt ? ` · content removed ${dateTime(a.purgedAt)}` : ''}
                          </Text>
                        )}
                        {a.retention && !a.purgedAt && (
                          <Text size="xs" c="dimmed">{a.deletedAt ? 'Its content is kept' : 'Kept, cannot be deleted'}: {a.retention.reason}.</Text>
                        )}
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td>{byteSize(a.sizeBytes)}</Table.Td>
                  <Table.Td><Text size="sm">{dateTime(a.uploadedAt)}</Text><Text size="xs" c="dimmed">{a.uploadedBy}</Text></Table.Td>
                  <Table.Td>
                    {canWrite && !a.deletedAt && (
                      <Group gap={4} wrap="nowrap">
                        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(a)} aria-label={`Edit ${a.fileName}`}>Edit</Button>
                        {a.retention
                          ? <Badge size="xs" variant="outline" color="gray">{RETENTION_BADGE[a.retention.code]}</Badge>
                          : <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(a)} aria-label={`Delete ${a.fileName}`}>Delete</Button>}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {items.length > 0 && (
        <CursorPager pages={pages} nextCursor={list.data?.nextCursor} size="xs" mt="sm" />
      )}
      {canWrite && <UploadForm owner={owner} onDone={refresh} />}
      {editing && <AttachmentEditDialog owner={owner} attachment={editing} onClose={() => setEditing(null)} onDone={() => { setEditing(null); refresh(); }} />}
      {deleting && <DeleteDialog owner={owner} attachment={deleting} onClose={() => setDeleting(null)} onDone={() => { setDeleting(null); refresh(); }} />}
    </Card>
  );
}

function UploadForm({ owner, onDone }: { owner: AttachmentOwner; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<AttachmentCategory>(DEFAULT_ATTACHMENT_CATEGORY);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const added = await uploadAttachment(owner, file, description.trim() || null, category, (p) => setProgress(p.total ? Math.round((p.sent / p.total) * 100) : 0));
      notifications.show({ message: `${added.fileName} attached`, color: 'green' });
      setFile(null);
      setDescription('');
      setCategory(DEFAULT_ATTACHMENT_CATEGORY);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The file could not be attached.');
    } finally {
      setProgress(null);
    }
  };
  return (
    <Stack gap="xs" mt="md">
      <Group align="flex-end" gap="xs" wrap="wrap">
        <FileInput label="Add a file" placeholder="PDF, image or text file" accept={ATTACHMENT_ACCEPT} value={file} onChange={(f) => { setFile(f); setError(null); }} clearable
          clearButtonProps={{ 'aria-label': 'Clear the file' }} disabled={progress !== null} w={260} />
        <Select label="Category" data={ATTACHMENT_CATEGORY_OPTIONS} value={category} onChange={(v) => v && setCategory(v as AttachmentCategory)} allowDeselect={false} disabled={progress !== null} w={220} />
        <TextInput label="Description" placeholder="e.g. Invoice 2026-0412" value={description} onChange={(e) => setDescription(e.currentTarget.value)} disabled={progress !== null} w={240} />
        <Button onClick={() => void send()} disabled={!file} loading={progress !== null}>Attach</Button>
      </Group>
      {progress !== null && <Progress value={progress} aria-label="Upload progress" />}
      {error && <Alert color="red" role="alert" title="Not attached">{error}</Alert>}
    </Stack>
  );
}

function DeleteDialog({ owner, attachment, onClose, onDone }: { owner: AttachmentOwner; attachment: Attachment; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await request('DELETE', attachmentPath(owner, attachment.id), { body: { reason: reason.trim() } });
      notifications.show({ message: `${attachment.fileName} deleted`, color: 'green' });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The attachment could not be deleted.');
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Delete ${attachment.fileName}`}>
      <Stack>
        <Text size="sm">The file leaves the asset now. Its name, SHA-256 and who added and deleted it stay in the history; its content is removed after the retention window.</Text>
        <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button color="red" onClick={() => void remove()} loading={busy} disabled={reason.trim().length < 3}>Delete</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
