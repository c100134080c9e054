import { Fieldset, Group, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { RecordSelect } from './FieldInput';
import { MoneyInput } from './MoneyInput';
import { isMoney } from '../money';

/** The register's purchase and support details of an asset, as the create and update bodies name them. */
export interface PurchaseDetails {
  modelId: string | null; custodianId: string | null; supplierId: string | null; purchaseDate: string | null;
  /** A text while what was typed is not an amount: sent as it is, the server refuses it rather than dropping it. */
  purchaseCostMinor: number | string | null; purchaseCurrency: string | null; orderReference: string | null; invoiceReference: string | null;
  warrantyEnd: string | null; eolDate: string | null; services: string[];
}

export const PURCHASE_KEYS = [
  'modelId', 'custodianId', 'supplierId', 'purchaseDate', 'purchaseCostMinor', 'purchaseCurrency', 'orderReference', 'invoiceReference', 'warrantyEnd', 'eolDate', 'services',
] as const satisfies readonly (keyof PurchaseDetails)[];

export const emptyPurchase = (): PurchaseDetails => ({
  modelId: null, custodianId: null, supplierId: null, purchaseDate: null, purchaseCostMinor: null, purchaseCurrency: null,
  orderReference: null, invoiceReference: null, warrantyEnd: null, eolDate: null, services: [],
});

export const purchaseOf = (a: Partial<Record<keyof PurchaseDetails, unknown>>): PurchaseDetails => ({
  ...emptyPurchase(), ...Object.fromEntries(PURCHASE_KEYS.filter((k) => a[k] !== undefined && a[k] !== null).map((k) => [k, a[k]])),
} as PurchaseDetails);

/**
 * Model, custodian, supplier, purchase, warranty and end of life: the details the key-date reports (warranty ending,
 * end of life) and cost figures read. The model list holds the models of the asset's type; an end of life left empty
 * is taken from the model (a fixed date, or months after purchase).
 */
export function PurchaseFields({ typeId, value, onChange, fieldError }: {
  typeId: string | null; value: PurchaseDetails; onChange: (v: PurchaseDetails) => void; fieldError: (field: string) => string | undefined;
}) {
  const set = <K extends keyof PurchaseDetails>(key: K, v: PurchaseDetails[K]) => onChange({ ...value, [key]: v });
  const date = (key: 'purchaseDate' | 'warrantyEnd' | 'eolDate', label: string, description?: string) => (
    <TextInput type="date" label={label} description={description} value={value[key] ?? ''} error={fieldError(key)} onChange={(e) => set(key, e.currentTarget.value || null)} />
  );
  const text = (key: 'orderReference' | 'invoiceReference', label: string) => (
    <TextInput label={label} value={value[key] ?? ''} error={fieldError(key)} onChange={(e) => set(key, e.currentTarget.value || null)} />
  );
  const cost = typeof value.purchaseCostMinor === 'number' && value.purchaseCurrency ? { amountMinor: value.purchaseCostMinor, currency: value.purchaseCurrency } : null;
  return (
    <Fieldset legend="Purchase and support" variant="default" p="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <RecordSelect resource="models" label="Model" value={value.modelId} error={fieldError('modelId')} onChange={(v) => set('modelId', v)}
          keep={(m) => !typeId || m.assetTypeId === typeId} />
        <RecordSelect resource="people" label="Custodian" description="Responsible for it (not its user)" value={value.custodianId} error={fieldError('custodianId')} onChange={(v) => set('custodianId', v)} />
        <RecordSelect resource="suppliers" label="Supplier" value={value.supplierId} error={fieldError('supplierId')} onChange={(v) => set('supplierId', v)} />
        {date('purchaseDate', 'Purchase date')}
      </SimpleGrid>
      <Group mt="sm" grow align="flex-start">
        <MoneyInput label="Purchase cost" value={cost} error={fieldError('purchaseCostMinor') ?? fieldError('purchaseCurrency')}
          onChange={(v) => onChange({ ...value, purchaseCostMinor: isMoney(v) ? v.amountMinor : typeof v === 'string' ? v : null, purchaseCurrency: isMoney(v) ? v.currency : null })} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
        {text('orderReference', 'Order reference')}
        {text('invoiceReference', 'Invoice reference')}
        {date('warrantyEnd', 'Warranty end')}
        {date('eolDate', 'End of life', 'Left empty: from the model')}
      </SimpleGrid>
      <TagsInput mt="sm" label="Services it supports" description="Press Enter after each service" value={value.services} error={fieldError('services')} onChange={(v) => set('services', v)} />
    </Fieldset>
  );
}
