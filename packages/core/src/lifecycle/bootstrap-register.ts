import { type AssetCategory, DEFAULT_LIFECYCLE_MODELS, type FieldDefinition } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { createLifecycleModel } from './create-lifecycle-model.js';
import { createAssetType } from './asset-types.js';

/** Hardware attributes (ITAM guide §2.2.3: operating system and basic specifications), kept up to date by discovery. */
const hw: FieldDefinition[] = [
  { key: 'operating_system', label: 'Operating system', type: 'text' },
  { key: 'cpu', label: 'CPU', type: 'text' },
  { key: 'ram_gb', label: 'Memory (GB)', type: 'integer', min: 0 },
  { key: 'storage_gb', label: 'Storage (GB)', type: 'integer', min: 0 },
  { key: 'hostname', label: 'Host name', type: 'text', pattern: '^[A-Za-z0-9.-]{1,253}$' },
  { key: 'mac_address', label: 'MAC address', type: 'mac' },
  { key: 'ip_address', label: 'IP address', type: 'ip' },
  { key: 'encrypted', label: 'Disk encrypted', type: 'boolean', default: false },
];

/**
 * Asset types a new register starts with, each following a default lifecycle model. Their date attributes to watch
 * (ITAM guide Table 2.2: licence expiration, renewal) are monitored, with a lead long enough to renew or terminate.
 */
const DEFAULT_TYPES = [
  { key: 'laptop', name: 'Laptop', category: 'hardware', model: 'hardware', tagPattern: 'LAP-{seq:6}', schema: hw },
  { key: 'desktop', name: 'Desktop', category: 'hardware', model: 'hardware', tagPattern: 'DSK-{seq:6}', schema: hw },
  { key: 'server', name: 'Server', category: 'hardware', model: 'hardware', tagPattern: 'SRV-{seq:6}', schema: [...hw, { key: 'rack_units', label: 'Rack units', type: 'integer', min: 1, max: 60 }] },
  { key: 'monitor', name: 'Monitor', category: 'hardware', model: 'hardware', tagPattern: 'MON-{seq:6}', schema: [{ key: 'size_inches', label: 'Size (inches)', type: 'number', min: 5, max: 120 }] },
  { key: 'phone', name: 'Mobile phone', category: 'hardware', model: 'hardware', tagPattern: 'PHN-{seq:6}', schema: [
    { key: 'imei', label: 'IMEI', type: 'text', pattern: '^[0-9]{15}$', unique: true }, { key: 'phone_number', label: 'Phone number', type: 'text' }] },
  { key: 'software_licence', name: 'Software licence', category: 'software_licence', model: 'software_licence', tagPattern: 'LIC-{seq:6}', schema: [
    { key: 'product', label: 'Product', type: 'text', required: true }, { key: 'seats', label: 'Seats', type: 'integer', min: 1 },
    { key: 'licence_key', label: 'Licence key', type: 'text', sensitive: true }, { key: 'expires_on', label: 'Expires on', type: 'date', monitor: { label: 'Licence expires', leadDays: 90 } }] },
  { key: 'cloud_resource', name: 'Cloud resource', category: 'cloud_resource', model: 'cloud_resource', tagPattern: 'CLD-{seq:6}', schema: [
    {
      key: 'provider', label: 'Provider', type: 'enum', options: ['aws', 'azure', 'gcp', 'other'], required: true,
      optionLabels: { aws: 'AWS', azure: 'Microsoft Azure', gcp: 'Google Cloud', other: 'Other' },
    },
    { key: 'resource_id', label: 'Provider resource id', type: 'text', unique: true },
    { key: 'region', label: 'Region', type: 'text' }, { key: 'monthly_cost', label: 'Monthly cost', type: 'money' }] },
  { key: 'saas_subscription', name: 'SaaS subscription', category: 'saas_subscription', model: 'saas_subscription', tagPattern: 'SAAS-{seq:5}', schema: [
    { key: 'service_url', label: 'Service URL', type: 'url' }, { key: 'seats', label: 'Seats', type: 'integer', min: 1 }, { key: 'renewal_date', label: 'Renewal date', type: 'date', monitor: { label: 'Subscription renews', leadDays: 60 } }] },
  // A contract's own term (`starts_on` / `ends_on`, CONTRACT_TERM_FIELDS) is what a coverage added without dates takes.
  { key: 'support_contract', name: 'Support contract', category: 'service_contract', model: 'service_contract', tagPattern: 'CTR-{seq:5}', schema: [
    { key: 'contract_number', label: 'Contract number', type: 'text' },
    { key: 'starts_on', label: 'Starts on', type: 'date' },
    { key: 'ends_on', label: 'Ends on', type: 'date', monitor: { label: 'Contract ends', leadDays: 60 } },
    { key: 'support_line', label: 'Support line', type: 'text', help: 'Phone number (or address) to open a case, with any access code' },
    {
      key: 'service_level', label: 'Service level', type: 'enum', options: ['next_business_day', 'four_hours', 'best_effort'],
      optionLabels: { next_business_day: 'Next business day', four_hours: '4-hour response', best_effort: 'Best effort' },
    }] },
] as const;

/**
 * On an empty register, stores the default lifecycle models (version 1) and asset types. Idempotent. Once any asset
 * type exists, the types are the register's own: a default type deleted there stays deleted (this runs at every start),
 * and a type shipped later (the support contract) is not added to it. A default model missing by key is stored at any
 * start, so a register created before a model was shipped gains it, for a type its administrator defines.
 */
export async function bootstrapRegister(ctx: Context): Promise<{ models: number; types: number }> {
  const db = ctx.database.db;
  const modelIds = new Map<string, string>();
  let models = 0;
  let types = 0;
  for (const def of DEFAULT_LIFECYCLE_MODELS) {
    const existing = await db.selectFrom('lifecycle_models').select(['id']).where('key', '=', def.key).orderBy('version', 'desc').executeTakeFirst();
    if (existing) modelIds.set(def.key, existing.id);
    else {
      modelIds.set(def.key, (await createLifecycleModel(ctx, def as never, 'Default lifecycle model')).id);
      models++;
    }
  }
  if (await db.selectFrom('asset_types').select('id').limit(1).executeTakeFirst()) return { models, types };
  for (const t of DEFAULT_TYPES) {
    await createAssetType(ctx, { key: t.key, name: t.name, category: t.category as AssetCategory, attributeSchema: [...t.schema] as FieldDefinition[], lifecycleModelId: modelIds.get(t.model)!, tagPattern: t.tagPattern }, 'Default asset type');
    types++;
  }
  return { models, types };
}
