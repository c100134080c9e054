import { Alert, Anchor, Badge, Button, Group, Loader, Modal, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { get } from '../api';
import { errorText, fieldError, send } from '../access';
import { calendarDate, dateTime } from '../dates';
import { ACTION_LABEL, type PurchaseRequest, REQUEST_STATUS, type RequestAction, itemText, totalText } from '../procurement';
import { displayMinorAmount } from '../money';
import { useSession } from '../session';
import { Detail } from './Detail';
import { FormError } from './FormError';
import { HistoryCard } from './HistoryCard';
import { RemoteSelect } from './ReferencePickers';

/**
 * One purchase request: what is asked for, by whom, its decision and order, and the actions the server says the reader
 * may take now (their permissions, the status, and whether they wrote it: no one decides on their own request).
 */
export function PurchaseRequestDetail({ id }: { id: string }) {
  const { can } = useSession();
  const request = useQuery({ queryKey: ['purchase-requests', 'one', id], queryFn: () => get<PurchaseRequest>(`/api/v1/purchase-requests/${id}`) });
  const [acting, setActing] = useState<RequestAction | null>(null);
  const r = request.data;
  if (request.isLoading) return <Loader role="status" aria-label="Loading the request" />;
  if (request.error || !r) return <Alert color="red" role="alert">{errorText(request.error)}</Alert>;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">{r.quantity} × {itemText(r)}</Title>
        <Badge variant="light" color={REQUEST_STATUS[r.status].color}>{REQUEST_STATUS[r.status].label}</Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Detail label="Org unit">{r.orgUnit.name}</Detail>
        <Detail label="Requested by">{r.requester.name}{r.submittedAt ? `, submitted ${dateTime(r.submittedAt)}` : ' (draft)'}</Detail>
        {r.forPerson && <Detail label="For">{r.forPerson.name}</Detail>}
        {r.model && r.description && <Detail label="Description">{r.description}</Detail>}
        <Detail label="Estimated unit cost">{r.unitCostMinor === null ? '—' : displayMinorAmount(r.unitCostMinor, r.currency)}</Detail>
        <Detail label="Estimated total">{totalText(r)}</Detail>
        <Detail label="Justification">{r.justification}</Detail>
        {r.neededBy && <Detail label="Needed by">{calendarDate(r.neededBy)}</Detail>}
        {r.supplier && <Detail label="Supplier">{r.supplier.name}</Detail>}
        {r.decidedBy && <Detail label={r.status === 'rejected' ? 'Rejected by' : 'Approved by'}>{r.decidedBy.name}, {dateTime(r.decidedAt)}</Detail>}
        {r.decisionNote && <Detail label={r.status === 'rejected' ? 'Reason' : 'Approval note'}>{r.decisionNote}</Detail>}
        {r.orderReference && <Detail label="Purchase order">{r.orderReference}, {dateTime(r.orderedAt)}</Detail>}
        {r.assets.length > 0 && (
          <Detail label="Assets on order">
            <Group gap="xs" component="span">{r.assets.map((a) => <Anchor key={a.id} component={Link} to={`/assets/${a.id}`} size="sm">{a.tag}</Anchor>)}</Group>
          </Detail>
        )}
      </SimpleGrid>
      {r.actions.length > 0 && (
        <Group>
          {r.actions.map((a) => (
            <Button key={a} variant={a === 'reject' || a === 'withdraw' || a === 'cancel' ? 'default' : 'filled'} onClick={() => setActing(a)}>{ACTION_LABEL[a]}</Button>
          ))}
        </Group>
      )}
      <HistoryCard queryKey={['purchase-requests', 'history', id]} path={`/api/v1/purchase-requests/${id}/history`} enabled={can('procurement.read')} />
      {acting && <ActionDialog request={r} action={acting} onClose={() => setActing(null)} />}
    </Stack>
  );
}

/** Confirms one action, with its note or reason (required to reject) and, to order, the purchase order's details. */
function ActionDialog({ request, action, onClose }: { request: PurchaseRequest; action: RequestAction; onClose: () => void }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [orderReference, setOrderReference] = useState('');
  const [supplierId, setSupplierId] = useState<string | null>(request.supplier?.id ?? null);
  const [modelId, setModelId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = action === 'order'
        ? { orderReference, supplierId, ...(request.model ? {} : { modelId: modelId ?? undefined }), ...(reason.trim() ? { reason } : {}) }
        : reason.trim() || action === 'reject' ? { reason } : {};
      await send('POST', `/api/v1/purchase-requests/${request.id}/${action}`, body, request.version);
      await client.invalidateQueries({ queryKey: ['purchase-requests'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const reasonLabel = action === 'reject' ? 'Reason (the requester reads it)' : action === 'approve' ? 'Approval note (optional)' : 'Note for the history (optional)';
  return (
    <Modal opened onClose={onClose} title={`${ACTION_LABEL[action]}: ${request.quantity} × ${itemText(request)}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <Stack>
          {action === 'order' && (
            <>
              <Text size="sm">Ordering registers {request.quantity} asset{request.quantity === 1 ? '' : 's'} on order, owned by {request.orgUnit.name}, with the purchase order reference.</Text>
              <TextInput label="Purchase order reference" required value={orderReference} onChange={(e) => setOrderReference(e.currentTarget.value)} error={fieldError(error, 'orderReference')} />
              <RemoteSelect resource="suppliers" label="Supplier" value={supplierId} onChange={setSupplierId} error={fieldError(error, 'supplierId')} />
              {!request.model && <RemoteSelect resource="models" label="Catalogue model to register" required value={modelId} onChange={setModelId} error={fieldError(error, 'modelId')} />}
            </>
          )}
          <Textarea label={reasonLabel} required={action === 'reject'} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(error, 'reason')} autosize minRows={2} />
          {error !== null && <FormError title="Not done">{errorText(error)}</FormError>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" loading={busy} color={action === 'reject' || action === 'cancel' ? 'red.9' : undefined}>{ACTION_LABEL[action]}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
