import { Button, Checkbox, Group, List, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { TreeSelect } from './ReferencePickers';
import { useMemo, useState } from 'react';
import { type AssetTemplate, type CopiedAssetField, assetTemplate } from '@custodia/domain';
import { ApiError, type Asset, type AssetType, post } from '../api';
import { useNameOf, useNamesById } from '../lookups';
import { FieldInput } from './FieldInput';
import { PURCHASE_KEYS, PurchaseFields, emptyPurchase } from './PurchaseFields';
import { BatchErrors, type BatchResult, BatchRegistered } from './AssetBatch';
import { FormError } from './FormError';
import { displayMinorAmount } from '../money';
import { calendarDate } from '../dates';

/** What the dialog says of each copied field (ids are named only by their label). */
const COPIED_LABELS: Record<CopiedAssetField, string> = {
  modelId: 'Model', ownerOrgUnitId: 'Owner org unit', custodianId: 'Custodian', locationId: 'Location', purchaseDate: 'Purchase date', purchaseCostMinor: 'Purchase cost',
  purchaseCurrency: 'Currency', supplierId: 'Supplier', orderReference: 'Order reference', invoiceReference: 'Invoice reference', warrantyEnd: 'Warranty end',
  eolDate: 'End of life', services: 'Services',
};
const CALENDAR_DATES: readonly CopiedAssetField[] = ['purchaseDate', 'warrantyEnd', 'eolDate'];
/** Shown in the form's own inputs, so not listed among the copied details. */
const IN_FORM: readonly CopiedAssetField[] = ['locationId', 'ownerOrgUnitId'];

/** A copied detail as listed: its label and value; a reference by its record's name once known (never its id). */
function describeCopied(key: CopiedAssetField, fields: AssetTemplate['fields'], names: Partial<Record<CopiedAssetField, string | undefined>>): string {
  const value = fields[key];
  if (key === 'purchaseCostMinor') return `${COPIED_LABELS[key]}: ${displayMinorAmount(Number(value), (fields.purchaseCurrency as string | undefined) ?? null)}`;
  if (key === 'services') return `${COPIED_LABELS[key]}: ${(value as string[]).join(', ')}`;
  if (key.endsWith('Id')) return names[key] ? `${COPIED_LABELS[key]}: ${names[key]}` : COPIED_LABELS[key];
  if (CALENDAR_DATES.includes(key) && typeof value === 'string') return `${COPIED_LABELS[key]}: ${calendarDate(value)}`;
  return typeof value === 'string' ? `${COPIED_LABELS[key]}: ${value}` : COPIED_LABELS[key];
}

/**
 * Registers an asset: choose its type, then a form generated from the type's attribute schema, validated by the
 * server with the same rules (errors are shown next to their fields). The tag is generated when left empty.
 * Given `like`, it registers another asset like that one (the domain's `assetTemplate`: the same type, model, purchase,
 * supplier, warranty and shared attributes; never its tag, serial, stage, assignment or identifying attributes).
 */
export function NewAssetDialog({ types, onClose, onCreated, like }: { types: AssetType[]; onClose: () => void; onCreated: (a: Asset) => void; like?: Asset }) {
  const template = useMemo<AssetTemplate | null>(() => {
    const type = like && types.find((t) => t.id === like.assetTypeId);
    return like && type ? assetTemplate(like, type.attributeSchema as Parameters<typeof assetTemplate>[1]) : null;
  }, [like, types]);
  const custodians = useNamesById('people', [(template?.fields.custodianId as string | undefined) ?? null]);
  const copiedNames = {
    modelId: useNameOf('models', template?.fields.modelId as string | undefined),
    supplierId: useNameOf('suppliers', template?.fields.supplierId as string | undefined),
    custodianId: custodians.get((template?.fields.custodianId as string | undefined) ?? ''),
  };
  const [typeId, setTypeId] = useState<string | null>(template?.assetTypeId ?? types.find((t) => t.key === 'laptop')?.id ?? types[0]?.id ?? null);
  const [base, setBase] = useState<Record<string, string | null>>({
    name: template?.name ?? '', tag: null, serial: null,
    locationId: (template?.fields.locationId as string | undefined) ?? null, ownerOrgUnitId: (template?.fields.ownerOrgUnitId as string | undefined) ?? null, notes: null,
  });
  const [attributes, setAttributes] = useState<Record<string, unknown>>(template?.attributes ?? {});
  // Registering another like one asset copies these (listed below); a new one has them typed in.
  const [purchase, setPurchase] = useState(emptyPurchase);
  const [copyDetails, setCopyDetails] = useState(true);
  const details = template ? (Object.keys(template.fields) as CopiedAssetField[]).filter((k) => !IN_FORM.includes(k)) : [];
  // Registering "another like" one asset takes a list of serials: a delivery becomes one asset per serial, all or none.
  const [serialText, setSerialText] = useState('');
  const serials = serialText.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const batch = Boolean(like) && serials.length > 1;
  const [registered, setRegistered] = useState<BatchResult['results'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const type = types.find((t) => t.id === typeId);
  const fieldError = (f: string) => error?.errors.find((e) => e.field === f)?.message;

  const submit = async () => {
    if (!typeId) return;
    setBusy(true);
    setError(null);
    try {
      const body = Object.fromEntries(Object.entries(base).filter(([, v]) => v !== null && v !== ''));
      const attrs = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined && v !== ''));
      const copied = template && copyDetails && typeId === template.assetTypeId
        ? Object.fromEntries(details.map((k) => [k, template.fields[k]]))
        : template ? {} : Object.fromEntries(PURCHASE_KEYS.map((k) => [k, purchase[k]]).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)));
      if (batch) {
        const { tag: _tag, serial: _serial, ...shared } = body;
        const result = await post<BatchResult>('/api/v1/assets/batch', { template: { ...copied, ...shared, assetTypeId: typeId, attributes: attrs }, items: serials.map((serial) => ({ serial })) });
        setRegistered(result.results);
        return;
      }
      const serial = like ? serials[0] ?? null : body['serial'];
      onCreated(await post<Asset>('/api/v1/assets', { ...copied, ...body, ...(serial ? { serial } : {}), assetTypeId: typeId, attributes: attrs }));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', 'The server could not be reached'));
    } finally {
      setBusy(false);
    }
  };
  const text = (key: string, label: string, props: Record<string, unknown> = {}) => (
    <TextInput label={label} value={base[key] ?? ''} error={fieldError(key)} onChange={(e) => setBase({ ...base, [key]: e.currentTarget.value || null })} {...props} />
  );

  if (registered) return <BatchRegistered results={registered} like={like!} onClose={onClose} />;

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={like ? `Register another like ${like.tag}` : 'Register an asset'} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          {error && <FormError>{error.message}<BatchErrors error={error} serials={serials} /></FormError>}
          <Select label="Type" required data={types.map((t) => ({ value: t.id, label: t.name }))} value={typeId} onChange={(v) => { setTypeId(v); setAttributes({}); setPurchase((p) => ({ ...p, modelId: null })); }} allowDeselect={false} />
          {text('name', 'Name', { required: true })}
          {!batch && text('tag', 'Asset tag', { description: type ? `Left empty, the next ${type.tagPattern} number is used` : undefined })}
          {like ? (
            <Textarea label="Serial numbers" description="One per line: each becomes an asset with the next tag (a delivery is registered whole or not at all)" autosize minRows={2} maxRows={10}
              value={serialText} onChange={(e) => setSerialText(e.currentTarget.value)} error={fieldError('serial')} />
          ) : text('serial', 'Serial number')}
          <TreeSelect resource="locations" label="Location" value={base['locationId'] ?? null} error={fieldError('locationId')} onChange={(v) => setBase({ ...base, locationId: v })} />
          <TreeSelect resource="org-units" label="Owner org unit" value={base['ownerOrgUnitId'] ?? null} error={fieldError('ownerOrgUnitId')} onChange={(v) => setBase({ ...base, ownerOrgUnitId: v })} />
          {type?.attributeSchema.map((f) => (
            <FieldInput key={f.key} field={f} value={attributes[f.key]} error={fieldError(`attributes.${f.key}`)} onChange={(v) => setAttributes({ ...attributes, [f.key]: v })} />
          ))}
          {!template && <PurchaseFields typeId={typeId} value={purchase} fieldError={fieldError} onChange={setPurchase} />}
          {template && details.length > 0 && typeId === template.assetTypeId && (
            <Stack gap={4}>
              <Checkbox label={`Copy these details of ${like!.tag}`} checked={copyDetails} onChange={(e) => setCopyDetails(e.currentTarget.checked)} />
              <List size="sm" ml="xl" aria-label="Details copied">
                {details.map((k) => <List.Item key={k}>{describeCopied(k, template.fields, copiedNames)}</List.Item>)}
              </List>
            </Stack>
          )}
          {template && template.omittedAttributes.length > 0 && (
            <Text size="sm" c="dimmed">Not copied, as each asset has its own: {template.omittedAttributes.map((k) => type?.attributeSchema.find((f) => f.key === k)?.label ?? k).join(', ')}.</Text>
          )}
          <Textarea label="Notes" autosize minRows={2} value={base['notes'] ?? ''} onChange={(e) => setBase({ ...base, notes: e.currentTarget.value || null })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{batch ? `Register ${serials.length} assets` : 'Register'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
