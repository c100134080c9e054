import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText, fieldError, send } from '../access';
import { isMoney } from '../money';
import type { PurchaseRequest } from '../procurement';
import { FormError } from './FormError';
import { MoneyInput } from './MoneyInput';
import { RemoteSelect, TreeSelect } from './ReferencePickers';

/**
 * Asks for a purchase: what (a catalogue model, or words when the catalogue has none), how many, for which org unit
 * (who pays), why, by when, and an estimated unit cost. Saved as a draft, or submitted for approval at once.
 */
export function PurchaseRequestDialog({ onClose, onSaved }: { onClose: () => void; onSaved: (r: PurchaseRequest) => void }) {
  const client = useQueryClient();
  const [orgUnitId, setOrgUnitId] = useState<string | null>(null);
  const [modelId, setModelId] = useState<string | null>(null);
  const [forPersonId, setForPersonId] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [cost, setCost] = useState<unknown>(null);
  const [justification, setJustification] = useState('');
  const [neededBy, setNeededBy] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const save = async (submit: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const money = isMoney(cost) ? cost : null;
      let saved = await send<PurchaseRequest>('POST', '/api/v1/purchase-requests', {
        orgUnitId, modelId, forPersonId, description: description || null, quantity: Number(quantity), justification, neededBy: neededBy || null,
        unitCostMinor: money?.amountMinor ?? null, currency: money?.currency ?? null,
      });
      if (submit) saved = await send<PurchaseRequest>('POST', `/api/v1/purchase-requests/${saved.id}/submit`, {}, saved.version);
      await client.invalidateQueries({ queryKey: ['purchase-requests'] });
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title="Request a purchase" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={(e) => { e.preventDefault(); void save(true); }}>
        <Stack>
          <TreeSelect resource="org-units" label="Org unit (pays and owns it)" required value={orgUnitId} onChange={setOrgUnitId} error={fieldError(error, 'orgUnitId')} />
          <RemoteSelect resource="models" label="Catalogue model" description="Leave empty and describe it below when the catalogue has none" value={modelId} onChange={setModelId} error={fieldError(error, 'modelId')} />
          <Textarea label="Description" description="What to buy, in words" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(error, 'description')} autosize minRows={2} />
          <Group grow align="flex-start">
            <TextInput label="Quantity" required inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} error={fieldError(error, 'quantity')} />
            <TextInput type="date" label="Needed by (optional)" value={neededBy} onChange={(e) => setNeededBy(e.currentTarget.value)} error={fieldError(error, 'neededBy')} />
          </Group>
          <MoneyInput label="Estimated unit cost" value={cost} onChange={setCost} error={fieldError(error, 'unitCostMinor') ?? fieldError(error, 'currency')} />
          <RemoteSelect resource="people" label="For person (optional)" activeOnly value={forPersonId} onChange={setForPersonId} error={fieldError(error, 'forPersonId')} />
          <Textarea label="Justification" required description="Why it is needed: the approver decides on it" value={justification} onChange={(e) => setJustification(e.currentTarget.value)} error={fieldError(error, 'justification')} autosize minRows={2} />
          {error !== null && <FormError title="Not saved">{errorText(error)}</FormError>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button variant="light" loading={busy} onClick={() => void save(false)}>Save as draft</Button>
            <Button type="submit" loading={busy}>Submit for approval</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
