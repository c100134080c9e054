import { z } from 'zod';
import { ASSET_CATEGORIES, EFFECTS, FIELD_TYPES, GUARDS, MONITOR_LEAD_DAYS_MAX, SNAKE_KEY, STAGE_KINDS, isValidTagPattern } from '@custodia/domain';
import { Id, Name, ShortText, Timestamp, UsagePolicy, patchOf } from './common.js';

const Key = z.string().regex(SNAKE_KEY, 'must be snake_case (a-z, 0-9, _)');

export const FieldDefinition = z.strictObject({
  key: Key,
  label: Name,
  type: z.enum(FIELD_TYPES),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  default: z.unknown().optional(),
  pattern: z.string().max(500).optional(),
  options: z.array(ShortText).max(500).optional(),
  // What people read for each option (enum only; a plain list of options stays valid): keyed by the stored value,
  // each label non-empty; validateAttributeSchema refuses a key that is not one of the options.
  optionLabels: z.record(z.string().max(200), Name).refine((labels) => Object.keys(labels).length <= 500, 'at most 500 labels')
    .optional().describe('Labels people read, by option value (enum only), e.g. {"aws": "AWS"}; an option without one shows its value'),
  min: z.number().optional(),
  max: z.number().optional(),
  sensitive: z.boolean().optional(),
  notInFuture: z.boolean().optional(),
  requiredWhen: z.strictObject({ field: Key, oneOf: z.array(ShortText).min(1) }).optional(),
  help: ShortText.optional(),
  // Dates only (validateAttributeSchema refuses it on another type, on a sensitive field, and in a transition's evidence).
  monitor: z.strictObject({
    label: Name.describe('What the date is, as the dashboard shows it: "Lease ends", "Licence expires"'),
    leadDays: z.number().int().min(1).max(MONITOR_LEAD_DAYS_MAX).describe('How many days before the date it is coming up'),
  }).optional().describe('A date to watch: the dashboard counts the assets in service whose date is coming up or passed, and the register filters on them (monitoredDate=<type key>.<field key>.soon|passed)'),
});

export const LifecycleModelDefinition = z.strictObject({
  key: Key,
  name: Name,
  description: ShortText.optional(),
  initialStages: z.array(Key).min(1),
  stages: z.array(z.strictObject({ key: Key, name: Name, kind: z.enum(STAGE_KINDS), description: ShortText.optional() })).min(1).max(100),
  transitions: z
    .array(
      z.strictObject({
        key: Key,
        name: Name,
        from: z.array(Key).min(1),
        to: Key,
        fields: z.array(FieldDefinition).max(50).default([]),
        guards: z.array(z.enum(Object.keys(GUARDS) as [keyof typeof GUARDS])).default([]),
        effects: z.array(z.enum(Object.keys(EFFECTS) as [keyof typeof EFFECTS])).default([]),
        description: ShortText.optional(),
      }),
    )
    .max(200),
});

export const LifecycleModel = z.object({
  id: Id,
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  definition: LifecycleModelDefinition,
  createdAt: Timestamp,
});

export const TagPattern = z.string().refine(isValidTagPattern, 'must contain exactly one {seq:N} placeholder, e.g. LAP-{seq:6}');

export const AssetTypeCreate = z.strictObject({
  key: Key,
  name: Name,
  category: z.enum(ASSET_CATEGORIES),
  attributeSchema: z.array(FieldDefinition).max(200).default([]),
  lifecycleModelId: Id,
  tagPattern: TagPattern,
  usagePolicy: UsagePolicy.nullish(),
});
export const AssetTypeUpdate = patchOf(AssetTypeCreate.omit({ key: true }));
export const AssetType = z.object({
  id: Id,
  key: z.string(),
  name: z.string(),
  category: z.enum(ASSET_CATEGORIES),
  attributeSchema: z.array(FieldDefinition),
  lifecycleModelId: Id,
  tagPattern: z.string(),
  usagePolicy: z.string().nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
