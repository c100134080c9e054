import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { PolicyAcknowledgement, usePolicyAcknowledgement } from './UsagePolicies';
import { useState } from 'react';
import { type AllowedTransition, ApiError, type Asset, get, request } from '../api';
import { FieldInput } from './FieldInput';
import { ProofUpload, isProofField } from './ProofUpload';
import { useSession } from '../session';
import { localToday } from '../dates';
import { FormError } from './FormError';
import { proofFieldCategory } from '@custodia/domain';

/**
 * A form generated from the transition's fields (its required evidence), sent with the asset's version. When someone
 * else changed the asset first (412), the evidence typed is kept: the user reads the asset as it is now and, if the
 * transition is still allowed from there, sends it again on that version. A transition that hands the asset to someone
 * first shows the asset's usage policies and asks the operator to confirm they told that person (sent and recorded).
 */
export function TransitionDialog({ asset, transition, onClose, onDone }: { asset: Asset; transition: AllowedTransition; onClose: () => void; onDone: (a: Asset) => void }) {
  // A field's default, and today for a required date (the day of a decommission or disposal is most often today).
  const [evidence, setEvidence] = useState<Record<string, unknown>>(() => Object.fromEntries(transition.fields.flatMap((f) => (
    f.default !== undefined ? [[f.key, f.default]] : f.type === 'date' && f.required ? [[f.key, localToday()]] : []))));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(asset.version);
  const [refreshed, setRefreshed] = useState<string | null>(null);
  const { can } = useSession();
  const fieldError = (key: string) => error?.errors.find((e) => e.field === `evidence.${key}` || e.field === key)?.message;
  const [told, setTold] = useState(false);
  const [toldError, setToldError] = useState<string | null>(null);
  const handingOver = transition.effects.includes('start_assignment');
  const policies = usePolicyAcknowledgement(asset.id, handingOver, told);

  const submit = async () => {
    if (!policies.ready) {
      if (policies.items.length) setToldError('Tell them about these policies first, then tick this box');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(evidence).filter(([, v]) => v !== null && v !== undefined && v !== ''));
      const body = { transition: transition.key, evidence: clean, ...policies.flag, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      const { data } = await request<Asset>('POST', `/api/v1/assets/${asset.id}/transitions`, { body, ifMatch: `"${version}"` });
      onDone(data);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', 'The server could not be reached'));
    } finally {
      setBusy(false);
    }
  };

  const refresh = async () => {
    setBusy(true);
    try {
      const [latest, allowed] = await Promise.all([get<Asset>(`/api/v1/assets/${asset.id}`), get<{ items: AllowedTransition[] }>(`/api/v1/assets/${asset.id}/transitions`)]);
      const still = allowed.items.find((t) => t.key === transition.key);
      setVersion(latest.version);
      setError(null);
      setRefreshed(still && still.blockedBy.length === 0
        ? `The asset is now in stage "${latest.stage}" (version ${latest.version}). Your evidence is kept: check it and send again.`
        : `"${transition.name}" is no longer possible: the asset is now in stage "${latest.stage}"${still ? ` (${still.blockedBy.map((b) => b.message).join('; ')})` : ''}. Close this form.`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', 'The server could not be reached'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`${transition.name} (${asset.tag})`} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          {handingOver && (
            <PolicyAcknowledgement personId={evidence['assigned_person_id'] as string | null | undefined} policies={policies.policies} acknowledged={told}
              error={toldError} onChange={(v) => { setTold(v); setToldError(null); }} />
          )}
          {error && error.code === 'VERSION_MISMATCH' ? (
            <FormError color="orange" title="Someone else changed this asset">
              <Stack gap="xs">
                Nothing was done, and your evidence is still here.
                <Group><Button size="xs" onClick={() => void refresh()} loading={busy}>See the current asset</Button></Group>
              </Stack>
            </FormError>
          ) : error ? <FormError title="Not done">{error.message}</FormError> : null}
          {refreshed && !error && <Alert color="blue" role="status">{refreshed}</Alert>}
          {transition.fields.map((f) => (
            <Stack key={f.key} gap={4}>
              <FieldInput field={f} value={evidence[f.key]} error={fieldError(f.key)} onChange={(v) => {
                setEvidence((e) => ({ ...e, [f.key]: v }));
                // Told one person is not told another.
                if (f.key === 'assigned_person_id') setTold(false);
              }} />
              {isProofField(f) && can('assets.write') && <ProofUpload assetId={asset.id} label={f.label} category={proofFieldCategory(f.key)} onAttached={(reference) => setEvidence((e) => ({ ...e, [f.key]: reference }))} />}
            </Stack>
          ))}
          <TextInput label="Reason (kept in the history)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy || policies.policies.isLoading}>{transition.name}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
