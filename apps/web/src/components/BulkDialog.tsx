import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { TreeSelect } from './ReferencePickers';
import { useState } from 'react';
import { ApiError, type Asset, type LifecycleModel, request } from '../api';
import { FieldInput } from './FieldInput';
import { PolicyAcknowledgement, useBulkPolicyAcknowledgement } from './UsagePolicies';
import { useSession } from '../session';

interface ItemResult { id: string; ok: boolean; version?: number; errors: { code: string; message: string; field?: string }[] }
interface BulkAnswer { applied: boolean; results: ItemResult[] }

/**
 * One change for many assets, atomic: a lifecycle transition (with its evidence) or a move to another location.
 * Every item is checked first (a dry run shows each one's verdict); only then can the change be applied, all or none.
 * Only the kinds of change the session may make are offered: a transition needs assets.transition, a move assets.write.
 * A transition that hands the assets to someone first shows their usage policies, each distinct one once, and asks the
 * operator to confirm they told that person; each asset having policies records it, as a hand-over of one asset does.
 */
export function BulkDialog({ assets, models, onClose, onApplied }: { assets: Asset[]; models: LifecycleModel[]; onClose: () => void; onApplied: () => void }) {
  const { can } = useSession();
  const model = models.find((m) => m.id === assets[0]?.lifecycleModelId);
  // Transitions come from the assets' model, which a session without lifecycle.read cannot read: then only moves.
  const actions = [
    ...(can('assets.transition') && model ? [{ value: 'transition', label: 'Lifecycle transition' }] : []),
    ...(can('assets.write') ? [{ value: 'move', label: 'Move to a location' }] : []),
  ];
  const [action, setAction] = useState<'transition' | 'move'>(actions[0]?.value === 'move' ? 'move' : 'transition');
  const transitions = model?.definition.transitions ?? [];
  const [transitionKey, setTransitionKey] = useState<string | null>(transitions[0]?.key ?? null);
  const [evidence, setEvidence] = useState<Record<string, unknown>>({});
  const [locationId, setLocationId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState<BulkAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = transitions.find((t) => t.key === transitionKey);
  const fields = chosen?.fields ?? [];
  const [told, setTold] = useState(false);
  const [toldError, setToldError] = useState<string | null>(null);
  const handingOver = action === 'transition' && (chosen?.effects ?? []).includes('start_assignment');
  const policies = useBulkPolicyAcknowledgement(assets, handingOver, told);

  const send = async (dryRun: boolean) => {
    // Checking writes nothing; applying a hand-over needs the policies told first.
    if (!dryRun && !policies.ready) {
      if (policies.items.length) setToldError('Tell them about these policies first, then tick this box');
      return;
    }
    setBusy(true);
    setError(null);
    const clean = Object.fromEntries(Object.entries(evidence).filter(([, v]) => v !== null && v !== undefined && v !== ''));
    const items = assets.map((a) => ({ id: a.id, version: a.version, ...(action === 'transition' ? { transition: { transition: transitionKey, evidence: clean, ...policies.flagFor(a) } } : { set: { locationId } }) }));
    try {
      const { data } = await request<BulkAnswer>('POST', '/api/v1/assets/bulk', { body: { items, dryRun, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      if (dryRun) setChecked(data); else onApplied();
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.body['results'])) setChecked({ applied: false, results: e.body['results'] as ItemResult[] });
      else setError(e instanceof ApiError ? e.message : 'The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };
  const allOk = checked?.results.every((r) => r.ok) ?? false;
  // A move needs its destination: sending none would clear the location of every asset chosen.
  const ready = action === 'transition' ? transitionKey !== null : locationId !== null;
  const reset = () => setChecked(null);

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Change ${assets.length} asset${assets.length === 1 ? '' : 's'}`} size="xl">
      <Stack>
        <Select label="Change" data={actions} value={action} allowDeselect={false} onChange={(v) => { setAction(v as 'transition' | 'move'); setTold(false); reset(); }} />
        {action === 'transition' ? (
          <>
            <Select label="Transition" data={transitions.map((t) => ({ value: t.key, label: t.name }))} value={transitionKey} allowDeselect={false} onChange={(v) => { setTransitionKey(v); setEvidence({}); setTold(false); reset(); }} />
            {handingOver && (
              <PolicyAcknowledgement personId={evidence['assigned_person_id'] as string | null | undefined} policies={policies.policies} acknowledged={told}
                error={toldError} onChange={(v) => { setTold(v); setToldError(null); }} />
            )}
            {fields.map((f) => <FieldInput key={f.key} field={f} value={evidence[f.key]} onChange={(v) => {
              setEvidence({ ...evidence, [f.key]: v });
              // Told one person is not told another.
              if (f.key === 'assigned_person_id') setTold(false);
              reset();
            }} />)}
          </>
        ) : (
          <TreeSelect resource="locations" label="New location" required value={locationId} onChange={(v) => { setLocationId(v); reset(); }} />
        )}
        <TextInput label="Reason (kept in each asset's history)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {checked && (
          <>
            <Alert color={allOk ? 'blue' : 'red'} role="status">{allOk ? 'Every asset can take this change. Nothing has been written yet.' : 'Some assets cannot take this change: nothing will be written until every item is valid.'}</Alert>
            <Table aria-label="Check of each asset">
              <Table.Thead><Table.Tr><Table.Th>Asset</Table.Th><Table.Th>Verdict</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {checked.results.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td ff="monospace">{assets.find((a) => a.id === r.id)?.tag ?? r.id}</Table.Td>
                    <Table.Td>{r.ok ? <Badge color="green" variant="light">OK</Badge> : <Text size="sm" c="red.9">{r.errors.map((e) => e.message).join('; ')}</Text>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button variant="default" disabled={!ready} loading={busy && !checked} onClick={() => void send(true)}>Check each asset</Button>
          <Button disabled={!allOk || !ready} loading={(busy && allOk) || policies.policies.isLoading} onClick={() => void send(false)}>Apply to {assets.length}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
