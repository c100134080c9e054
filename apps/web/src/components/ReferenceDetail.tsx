import { Alert, Anchor, Button, Card, Group, Loader, Modal, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { usePagedHistory } from '../use-paged-history';
import { OlderChanges } from './OlderChanges';
import { useMemo, useState } from 'react';
import { ApiError, get } from '../api';
import { readableTitle } from '../access';
import { useAssetTypes } from '../lookups';
import { useSession } from '../session';
import {
  type AnyRecord, type FieldSpec, type ReferenceResource, RESOURCES, type TreeResource, breadcrumb, deleteRecord, formatPlain, isConflict, recordPath,
  referenceErrorText, useRecordNames, useTree,
} from '../reference';
import { Detail } from './Detail';
import { HistoryTimeline } from './HistoryTimeline';
import { referenceHistoryRows, referencedIds } from '../history-rows';

function TreeValue({ resource, id }: { resource: TreeResource; id: string }) {
  const tree = useTree(resource);
  const node = tree.index?.nodes.get(id);
  return <>{node && tree.index ? breadcrumb(tree.index, node) : tree.isLoading ? '…' : 'Not visible to you'}</>;
}

function RefValue({ resource, id }: { resource: ReferenceResource; id: string }) {
  const names = useRecordNames(resource, [id]);
  return <>{names.get(id) ?? '…'}</>;
}

function AssetTypeValue({ id }: { id: string }) {
  const types = useAssetTypes();
  return <>{types.data?.find((t) => t.id === id)?.name ?? '…'}</>;
}

/** The value of one field for reading: references by name, web sites and e-mail addresses as links. */
export function FieldValue({ field, value }: { field: FieldSpec; value: unknown }) {
  if (value === null || value === undefined || value === '') return <>—</>;
  if (field.type === 'tree') return <TreeValue resource={field.resource as TreeResource} id={String(value)} />;
  if (field.type === 'ref') return <RefValue resource={field.resource!} id={String(value)} />;
  if (field.type === 'assetType') return <AssetTypeValue id={String(value)} />;
  if (field.type === 'url') return <Anchor href={String(value)} target="_blank" rel="noopener noreferrer" size="sm">{String(value)}</Anchor>;
  if (field.type === 'email') return <Anchor href={`mailto:${String(value)}`} size="sm">{String(value)}</Anchor>;
  return <span style={{ whiteSpace: field.type === 'textarea' ? 'pre-wrap' : undefined }}>{formatPlain(field, value)}</span>;
}

/** Every field of a record as a labelled grid (the name is the heading, so it is left out). */
export function RecordFields({ resource, record, skip = [] }: { resource: ReferenceResource; record: AnyRecord; skip?: string[] }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
      {RESOURCES[resource].fields.filter((f) => f.key !== 'name' && !skip.includes(f.key)).map((f) => (
        <Detail key={f.key} label={f.label}><FieldValue field={f} value={record[f.key]} /></Detail>
      ))}
    </SimpleGrid>
  );
}

/** The record's history, newest first, fifty events at a time (shown to roles with history.read). */
export function RecordHistory({ resource, id, version }: { resource: ReferenceResource; id: string; version: number }) {
  const { can } = useSession();
  const history = usePagedHistory(['reference', resource, 'history', id, version], `${recordPath(resource, id)}/history`, can('history.read'));
  const events = useMemo(() => history.events ?? [], [history.events]);
  const fields = RESOURCES[resource].fields;
  const ids = useMemo(() => referencedIds(events, fields), [events, fields]);
  // Every resource a field may point to, asked only when an event names one of its records.
  const units = useRecordNames('org-units', ids.get('org-units') ?? []);
  const places = useRecordNames('locations', ids.get('locations') ?? []);
  const persons = useRecordNames('people', ids.get('people') ?? []);
  const makers = useRecordNames('manufacturers', ids.get('manufacturers') ?? []);
  const types = useAssetTypes();
  const names = useMemo(() => new Map([...units, ...places, ...persons, ...makers]), [units, places, persons, makers]);
  if (!can('history.read')) return null;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">History</Title>
      {history.error && <Alert color="red" role="alert">The history could not be loaded.</Alert>}
      {history.data ? <HistoryTimeline events={events} rowsOf={(e) => referenceHistoryRows(e, { fields, names, types: types.data ?? [] })} /> : !history.error && <Loader size="sm" role="status" aria-label="Loading history" />}
      <OlderChanges history={history} />
    </Card>
  );
}

/**
 * Deletes a record entered by mistake, with the reason kept in its history. A record still in use is refused by the
 * server (409 IN_USE) and explained; a concurrent change (412) offers to reload before trying again.
 */
export function DeleteRecordDialog({ resource, record, onClose, onDeleted }: { resource: ReferenceResource; record: AnyRecord; onClose: () => void; onDeleted: () => void }) {
  const info = RESOURCES[resource];
  const [version, setVersion] = useState(record.version);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inUse = error instanceof ApiError && (error.code === 'IN_USE' || error.code === 'RECORD_HAS_ATTACHMENTS');
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteRecord(resource, record.id, version, reason.trim());
      onDeleted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const client = useQueryClient();
  // Their version is shown behind this dialog (the record's page reads the same query), so what is deleted was seen.
  const reload = async () => {
    try {
      const latest = await get<AnyRecord>(recordPath(resource, record.id));
      client.setQueryData(['reference', resource, 'one', record.id], latest);
      void client.invalidateQueries({ queryKey: ['reference', resource] });
      setVersion(latest.version);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Delete ${record.name}?`}>
      <form onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <Stack>
          <Text size="sm">Delete this {info.singular} only if it was entered by mistake. Its history is kept. {resource === 'people' ? 'For someone who has left, mark them inactive instead.' : ''}</Text>
          {inUse ? (
            <Alert color="orange" role="alert" title="Still in use" styles={readableTitle}>{referenceErrorText(error, info, record.name)}</Alert>
          ) : isConflict(error) ? (
            <Alert color="orange" role="alert" title={`Someone else changed this ${info.singular} meanwhile`} styles={readableTitle}>
              <Stack gap="xs">
                Check their change before deleting it.
                <Group><Button size="xs" variant="default" onClick={() => void reload()}>Reload and try again</Button></Group>
              </Stack>
            </Alert>
          ) : error !== null ? <Alert color="red" role="alert">{referenceErrorText(error, info, record.name)}</Alert> : null}
          <TextInput label="Reason" description="Why the record is wrong; kept in the history" required minLength={3} maxLength={200} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{inUse ? 'Close' : 'Cancel'}</Button>
            <Button type="submit" color="red.9" loading={busy} disabled={inUse}>Delete</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
