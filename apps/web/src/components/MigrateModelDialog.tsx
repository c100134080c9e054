import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiError, type Asset, type LifecycleModel, request } from '../api';
import { errorText } from '../access';

/**
 * Moves an asset to another version of its lifecycle model (never done silently: a model change does not rewrite the
 * assets that follow it). A stage the chosen version no longer has must be mapped to one it has.
 */
export function MigrateModelDialog({ asset, current, versions, onClose, onDone }: {
  asset: Asset; current: LifecycleModel; versions: LifecycleModel[]; onClose: () => void; onDone: (a: Asset) => void;
}) {
  const others = versions.filter((m) => m.key === current.key && m.id !== current.id).sort((a, b) => b.version - a.version);
  const [targetId, setTargetId] = useState<string | null>(others[0]?.id ?? null);
  const [stage, setStage] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const target = others.find((m) => m.id === targetId);
  const keepsStage = target?.definition.stages.some((s) => s.key === asset.stage) ?? true;
  const currentStage = current.definition.stages.find((s) => s.key === asset.stage)?.name ?? asset.stage;

  const run = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const body = { lifecycleModelId: target.id, stageMap: !keepsStage && stage ? { [asset.stage]: stage } : {}, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      const { data } = await request<Asset>('POST', `/api/v1/assets/${asset.id}/migrate-model`, { body, ifMatch: `"${asset.version}"` });
      onDone(data);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Lifecycle model of ${asset.tag}`}>
      <form onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <Stack>
          <Text size="sm">{asset.tag} follows {current.name}, version {current.version}. Its stage and history stay; from now on the chosen version's transitions apply.</Text>
          {error !== null && <Alert color="red" role="alert">{error instanceof ApiError && error.code === 'VERSION_MISMATCH' ? 'Someone else changed this asset meanwhile: close this form and reload the page.' : errorText(error)}</Alert>}
          <Select label="Move to version" required allowDeselect={false} data={others.map((m) => ({ value: m.id, label: `Version ${m.version}${m.version > current.version ? '' : ' (older)'}` }))}
            value={targetId} onChange={(v) => { setTargetId(v); setStage(null); }} />
          {target && !keepsStage && (
            <Select label={`Stage in version ${target.version}`} description={`Version ${target.version} has no stage "${currentStage}"`} required allowDeselect={false}
              data={target.definition.stages.map((s) => ({ value: s.key, label: s.name }))} value={stage} onChange={setStage} />
          )}
          <TextInput label="Reason (kept in the history)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} disabled={!target || (!keepsStage && !stage)}>Move to version {target?.version ?? ''}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
