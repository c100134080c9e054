import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ApiError, type Asset, type AssetType, get, request } from '../api';
import { FieldInput } from './FieldInput';
import { PURCHASE_KEYS, type PurchaseDetails, PurchaseFields, purchaseOf } from './PurchaseFields';
import { TreeSelect } from './ReferencePickers';
import { FormError } from './FormError';

type Draft = { name: string; serial: string | null; ownerOrgUnitId: string | null; notes: string | null; purchase: PurchaseDetails; attributes: Record<string, unknown> };
type Patch = Partial<Omit<Draft, 'purchase'>> & Partial<PurchaseDetails>;

const draftOf = (a: Asset): Draft => ({ name: a.name, serial: a.serial, ownerOrgUnitId: a.ownerOrgUnitId, notes: a.notes, purchase: purchaseOf(a), attributes: { ...a.attributes } });

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/** The attributes whose value the user changed: an emptied input is sent as null, which clears it. */
function touchedAttributes(start: Draft, now: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(start.attributes), ...Object.keys(now.attributes)])) {
    const [before, after] = [start.attributes[key], now.attributes[key]];
    if (isEmpty(before) && isEmpty(after)) continue;
    if (JSON.stringify(before) !== JSON.stringify(after)) out[key] = isEmpty(after) ? null : after;
  }
  return out;
}

/**
 * What the user changed compared with the version they started from. Attributes are sent key by key (the server
 * merges them), so a change made meanwhile to an attribute this user did not touch is kept.
 */
function changes(start: Draft, now: Draft): Patch {
  const out: Patch = {};
  if (now.name !== start.name) out.name = now.name;
  if (now.serial !== start.serial) out.serial = now.serial;
  if (now.ownerOrgUnitId !== start.ownerOrgUnitId) out.ownerOrgUnitId = now.ownerOrgUnitId;
  if (now.notes !== start.notes) out.notes = now.notes;
  for (const key of PURCHASE_KEYS) {
    if (JSON.stringify(now.purchase[key]) !== JSON.stringify(start.purchase[key])) (out as Record<string, unknown>)[key] = now.purchase[key];
  }
  const attributes = touchedAttributes(start, now);
  if (Object.keys(attributes).length) out.attributes = attributes;
  return out;
}

/**
 * Edits an asset with its version. When someone else saved first (412), nothing is lost: the user can load their
 * version and re-apply their own changes on top of it.
 */
export function EditAssetDialog({ asset, type, onClose, onDone }: { asset: Asset; type: AssetType | undefined; onClose: () => void; onDone: (a: Asset) => void }) {
  const [base, setBase] = useState(asset);
  const [start, setStart] = useState(() => draftOf(asset));
  const [draft, setDraft] = useState(() => draftOf(asset));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (f: string) => error?.errors.find((e) => e.field === f)?.message;

  const save = async (on: Asset, patch: Patch) => {
    setBusy(true);
    setError(null);
    try {
      const { data } = await request<Asset>('PATCH', `/api/v1/assets/${on.id}`, { body: patch, ifMatch: `"${on.version}"` });
      onDone(data);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', 'The server could not be reached'));
    } finally {
      setBusy(false);
    }
  };

  const reapply = async () => {
    const mine = changes(start, draft);
    const latest = await get<Asset>(`/api/v1/assets/${asset.id}`);
    // Only the attributes this user touched are carried over; the others take the other person's values.
    const { name, serial, ownerOrgUnitId, notes, ...purchase } = mine;
    const theirs = draftOf(latest);
    const merged: Draft = {
      ...theirs, ...(name !== undefined ? { name } : {}), ...(serial !== undefined ? { serial } : {}), ...(ownerOrgUnitId !== undefined ? { ownerOrgUnitId } : {}),
      ...(notes !== undefined ? { notes } : {}), purchase: { ...theirs.purchase, ...purchase }, attributes: { ...latest.attributes, ...touchedAttributes(start, draft) },
    };
    setBase(latest);
    setStart(draftOf(latest));
    setDraft(merged);
    await save(latest, changes(draftOf(latest), merged));
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Edit ${asset.tag}`} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void save(base, changes(start, draft)); }}>
        <Stack>
          {error && error.code === 'VERSION_MISMATCH' ? (
            <FormError color="orange" title="Someone else changed this asset while you were editing">
              <Stack gap="xs">
                Your changes are still here. Load their version and apply your changes on top of it?
                <Group><Button size="xs" onClick={() => void reapply()} loading={busy}>Reload and re-apply my changes</Button></Group>
              </Stack>
            </FormError>
          ) : error ? <FormError>{error.message}</FormError> : null}
          <TextInput label="Name" required value={draft.name} error={fieldError('name')} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
          <TextInput label="Serial number" value={draft.serial ?? ''} error={fieldError('serial')} onChange={(e) => setDraft({ ...draft, serial: e.currentTarget.value || null })} />
          <TreeSelect resource="org-units" label="Owner org unit" description="Who funded it; your role may cover only some units" value={draft.ownerOrgUnitId} error={fieldError('ownerOrgUnitId')} onChange={(v) => setDraft({ ...draft, ownerOrgUnitId: v })} />
          {type?.attributeSchema.map((f) => (
            <FieldInput key={f.key} field={f} value={draft.attributes[f.key]} error={fieldError(`attributes.${f.key}`)} onChange={(v) => setDraft({ ...draft, attributes: { ...draft.attributes, [f.key]: v } })} />
          ))}
          <PurchaseFields typeId={asset.assetTypeId} value={draft.purchase} fieldError={fieldError} onChange={(purchase) => setDraft({ ...draft, purchase })} />
          <Textarea label="Notes" autosize minRows={2} value={draft.notes ?? ''} onChange={(e) => setDraft({ ...draft, notes: e.currentTarget.value || null })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
