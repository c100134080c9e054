import { Alert, Button, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ApiError, type Asset, type AssetType, post } from '../api';
import { useNamed } from '../lookups';
import { FieldInput } from './FieldInput';

/**
 * Registers an asset: choose its type, then a form generated from the type's attribute schema, validated by the
 * server with the same rules (errors are shown next to their fields). The tag is generated when left empty.
 */
export function NewAssetDialog({ types, onClose, onCreated }: { types: AssetType[]; onClose: () => void; onCreated: (a: Asset) => void }) {
  const [typeId, setTypeId] = useState<string | null>(types.find((t) => t.key === 'laptop')?.id ?? types[0]?.id ?? null);
  const [base, setBase] = useState<Record<string, string | null>>({ name: '', tag: null, serial: null, locationId: null, ownerOrgUnitId: null, notes: null });
  const [attributes, setAttributes] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const locations = useNamed('locations');
  const units = useNamed('org-units');
  const type = types.find((t) => t.id === typeId);
  const fieldError = (f: string) => error?.errors.find((e) => e.field === f)?.message;

  const submit = async () => {
    if (!typeId) return;
    setBusy(true);
    setError(null);
    try {
      const body = Object.fromEntries(Object.entries(base).filter(([, v]) => v !== null && v !== ''));
      const attrs = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined && v !== ''));
      onCreated(await post<Asset>('/api/v1/assets', { ...body, assetTypeId: typeId, attributes: attrs }));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', 'The server could not be reached'));
    } finally {
      setBusy(false);
    }
  };
  const text = (key: string, label: string, props: Record<string, unknown> = {}) => (
    <TextInput label={label} value={base[key] ?? ''} error={fieldError(key)} onChange={(e) => setBase({ ...base, [key]: e.currentTarget.value || null })} {...props} />
  );

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title="Register an asset" size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          {error && <Alert color="red" role="alert">{error.message}</Alert>}
          <Select label="Type" required data={types.map((t) => ({ value: t.id, label: t.name }))} value={typeId} onChange={(v) => { setTypeId(v); setAttributes({}); }} allowDeselect={false} />
          {text('name', 'Name', { required: true })}
          {text('tag', 'Asset tag', { description: type ? `Left empty, the next ${type.tagPattern} number is used` : undefined })}
          {text('serial', 'Serial number')}
          <Select label="Location" searchable clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={locations.data?.map((l) => ({ value: l.id, label: l.name })) ?? []} value={base['locationId'] ?? null} error={fieldError('locationId')} onChange={(v) => setBase({ ...base, locationId: v })} />
          <Select label="Owner org unit" searchable clearable clearButtonProps={{ 'aria-label': 'Clear' }} data={units.data?.map((u) => ({ value: u.id, label: u.name })) ?? []} value={base['ownerOrgUnitId'] ?? null} error={fieldError('ownerOrgUnitId')} onChange={(v) => setBase({ ...base, ownerOrgUnitId: v })} />
          {type?.attributeSchema.map((f) => (
            <FieldInput key={f.key} field={f} value={attributes[f.key]} error={fieldError(`attributes.${f.key}`)} onChange={(v) => setAttributes({ ...attributes, [f.key]: v })} />
          ))}
          <Textarea label="Notes" autosize minRows={2} value={base['notes'] ?? ''} onChange={(e) => setBase({ ...base, notes: e.currentTarget.value || null })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Register</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
