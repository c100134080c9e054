import { z } from 'zod';
import { DATA_QUALITY_KEYS, IMAC_ACTIONS, KEY_DATE_KEYS, MONITORED_DATE_FILTER } from '@custodia/domain';
import { CalendarDate, Currency, Cursor, Id, IdList, LongText, MoneyAmount, Name, ShortText, StageKey, Timestamp } from './common.js';

const Tag = ShortText.pipe(z.string().min(1).max(64));
const Serial = ShortText.pipe(z.string().max(128));
const Attributes = z.record(z.string().max(64), z.unknown());

/** Fields an editor may set on an asset. Stage and assignee change only through transitions and assignment. */
const editable = {
  name: Name,
  modelId: Id.nullish(),
  serial: Serial.nullish(),
  ownerOrgUnitId: Id.nullish(),
  custodianId: Id.nullish(),
  locationId: Id.nullish(),
  purchaseDate: CalendarDate.nullish(),
  purchaseCostMinor: MoneyAmount.min(0).nullish(),
  purchaseCurrency: Currency.nullish(),
  supplierId: Id.nullish(),
  orderReference: ShortText.nullish(),
  invoiceReference: ShortText.nullish(),
  warrantyEnd: CalendarDate.nullish(),
  eolDate: CalendarDate.nullish(),
  services: z.array(ShortText.pipe(z.string().min(1))).max(50).nullish(),
  notes: LongText.nullish(),
  attributes: Attributes.optional(),
  lastVerifiedOn: CalendarDate.nullish(),
};

export const AssetCreate = z.strictObject({
  ...editable,
  tag: Tag.optional(),
  assetTypeId: Id,
  stage: StageKey.optional().describe("An initial stage of the type's lifecycle model; defaults to its initial in-stock (available) stage"),
  assignedPersonId: Id.nullish().describe('Only when registering an asset already in use'),
  expectedReturnDate: CalendarDate.nullish(),
});
export type AssetCreate = z.infer<typeof AssetCreate>;

export const AssetUpdate = z.strictObject({
  ...editable,
  tag: Tag.optional(),
  attributes: Attributes.optional().describe('Merged key by key: an attribute with a value sets it, one sent as null clears it, and the attributes not named keep their values'),
}).partial();
export type AssetUpdate = z.infer<typeof AssetUpdate>;

export const Asset = z.object({
  id: Id,
  tag: z.string(),
  name: z.string(),
  assetTypeId: Id,
  lifecycleModelId: Id,
  modelId: Id.nullable(),
  manufacturerId: Id.nullable(),
  serial: z.string().nullable(),
  stage: z.string(),
  ownerOrgUnitId: Id.nullable(),
  custodianId: Id.nullable(),
  assignedPersonId: Id.nullable(),
  expectedReturnDate: z.string().nullable(),
  locationId: Id.nullable(),
  purchaseDate: z.string().nullable(),
  purchaseCostMinor: z.number().nullable(),
  purchaseCurrency: z.string().nullable(),
  supplierId: Id.nullable(),
  orderReference: z.string().nullable(),
  invoiceReference: z.string().nullable(),
  warrantyEnd: z.string().nullable(),
  eolDate: z.string().nullable(),
  services: z.array(z.string()),
  notes: z.string().nullable(),
  attributes: Attributes,
  lastVerifiedOn: z.string().nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Asset = z.infer<typeof Asset>;

export const ASSET_SORTS = ['tag', '-tag', 'name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;

export const AssetListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: Cursor.optional(),
  q: ShortText.optional().describe('Free text over tag, serial and name'),
  typeId: Id.optional(),
  stage: StageKey.optional(),
  modelId: Id.optional(),
  locationId: Id.optional().describe('Location and everything under it'),
  orgUnitId: Id.optional().describe('Owner org unit and everything under it'),
  assignedPersonId: Id.optional(),
  assignee: z.enum(['inactive', 'none']).optional().describe('inactive: only assets assigned to a person who is no longer active (a leaver, whose assets are due back); none: only assets assigned to nobody'),
  keyDate: z.enum(KEY_DATE_KEYS).optional().describe('Only assets with this key date due today: return_overdue, warranty_ending, end_of_life_soon, end_of_life_passed'),
  monitoredDate: z.string().regex(MONITORED_DATE_FILTER, 'must be <asset type key>.<field key>.soon or .passed').optional()
    .describe('Only assets in service of that type whose monitored date attribute is coming up (soon: today to the monitor\'s lead days ahead) or passed, e.g. software_licence.expires_on.soon; a type or field that is not monitored is refused (400 INVALID_QUERY)'),
  quality: z.enum(DATA_QUALITY_KEYS).optional().describe('Only assets failing this data-quality check (the dashboard\'s figures): no_location, never_verified, verification_overdue (last verified over 365 days ago), missing_required (a required attribute of its type absent or blank), no_proof_of_purchase (hardware, licences, subscriptions or contracts acquired — in stock, in use, in maintenance, decommissioned, on hold, missing or lost — without an invoice reference or a live attachment of category invoice or proof_of_purchase)'),
  ids: IdList.optional().describe('Only these assets (at most 100 comma-separated ids), e.g. the ones whose labels are printed'),
  sort: z.enum(ASSET_SORTS).default('tag'),
  includeTotal: z.enum(['true', 'false']).optional(),
});
export type AssetListQuery = z.infer<typeof AssetListQuery>;

const Reason = ShortText.optional().describe('Why the change is made; kept in history');

/**
 * Whether the person handing the asset over told its new holder about the asset's usage policies (GET
 * /assets/{id}/policies). Recorded in the history event of a change that assigns an asset having policies (false when
 * not sent); the web app asks for it before such a hand-over. Not a condition of the API: see README, "Usage policies".
 */
const PoliciesAcknowledged = z.boolean().optional()
  .describe("The new holder was told the asset's usage policies (GET /assets/{id}/policies); recorded in the history of an assignment of an asset that has some");

export const TransitionBody = z.strictObject({
  transition: z.string().max(64),
  evidence: z.record(z.string().max(64), z.unknown()).default({}),
  policiesAcknowledged: PoliciesAcknowledged,
  reason: Reason,
});

export const AllowedTransition = z.object({
  key: z.string(),
  name: z.string(),
  to: z.string(),
  fields: z.array(z.record(z.string(), z.unknown())),
  effects: z.array(z.string()).describe('What the transition does besides changing the stage, e.g. start_assignment'),
  blockedBy: z.array(z.object({ code: z.string(), message: z.string() })),
});

/** A usage policy that applies to an asset: its asset type's or its catalogue model's. */
export const AssetPolicy = z.object({
  source: z.enum(['type', 'model']).describe('Where the policy is written: the asset type or the catalogue model'),
  id: Id.describe('The asset type or catalogue model'),
  name: z.string().describe('Its name'),
  text: z.string(),
});
export type AssetPolicy = z.infer<typeof AssetPolicy>;

export const AssignBody = z.strictObject({
  personId: Id,
  expectedReturnDate: CalendarDate.optional(),
  locationId: Id.optional(),
  note: LongText.optional(),
  policiesAcknowledged: PoliciesAcknowledged,
  reason: Reason,
});

export const CheckInBody = z.strictObject({
  returnedOn: CalendarDate,
  condition: z.enum(['good', 'worn', 'damaged']).default('good'),
  locationId: Id.optional(),
  note: LongText.optional(),
  reason: Reason,
});

export const ImacBody = z.strictObject({
  action: z.enum(IMAC_ACTIONS),
  performedOn: CalendarDate,
  personId: Id.optional().describe('install: the person receiving the asset; move/change: a new assignee'),
  expectedReturnDate: CalendarDate.optional().describe('with a new assignee: when the asset should come back (not before performedOn)'),
  locationId: Id.optional().describe('install/move: where the asset now is'),
  details: LongText.optional().describe('add/change: what was added or changed'),
  policiesAcknowledged: PoliciesAcknowledged,
  reason: Reason,
});

export const ImacRecord = z.object({
  id: Id,
  assetId: Id,
  action: z.enum(IMAC_ACTIONS),
  performedOn: z.string(),
  operator: z.string(),
  personId: Id.nullable(),
  fromLocationId: Id.nullable(),
  toLocationId: Id.nullable(),
  details: z.string().nullable(),
  createdAt: Timestamp,
});

export const Assignment = z.object({
  id: Id,
  assetId: Id,
  personId: Id,
  startedOn: z.string(),
  expectedReturnDate: z.string().nullable(),
  endedOn: z.string().nullable(),
  operator: z.string(),
});

export const DeleteBody = z.strictObject({ reason: ShortText.pipe(z.string().min(3)).describe('Why the record is erroneous') });

export const MigrateModelBody = z.strictObject({ lifecycleModelId: Id, stageMap: z.record(z.string(), z.string()).default({}), reason: Reason });

export const BulkItem = z.strictObject({
  id: Id,
  version: z.number().int().min(1).describe('The version the change was prepared against'),
  transition: TransitionBody.omit({ reason: true }).optional(),
  set: AssetUpdate.optional(),
});
export const BulkBody = z.strictObject({ items: z.array(BulkItem).min(1).max(1000), reason: Reason, dryRun: z.boolean().default(false) });
export const BulkResult = z.object({
  applied: z.boolean(),
  results: z.array(z.object({ id: Id, ok: z.boolean(), version: z.number().int().optional(), errors: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().optional() })) })),
});

/** One asset of a batch: what differs from the batch's template (its serial, mostly). */
export const AssetBatchItem = z.strictObject({
  serial: Serial.nullish(),
  tag: Tag.optional().describe("Generated from the type's pattern when omitted"),
  name: Name.optional().describe("The template's name when omitted"),
  attributes: Attributes.optional().describe("Merged over the template's attributes"),
});
export const AssetBatchBody = z.strictObject({
  template: AssetCreate.omit({ tag: true, serial: true }).describe('What every asset of the batch shares: type, model, purchase, supplier, warranty, location, attributes'),
  items: z.array(AssetBatchItem).min(1).max(500),
  reason: Reason,
  dryRun: z.boolean().default(false).describe('Check every item (and show the tags it would take) without registering anything'),
});
export const AssetBatchResult = z.object({
  applied: z.boolean(),
  results: z.array(z.object({
    index: z.number().int().describe('Position of the item in the request, from 0'),
    ok: z.boolean(),
    id: Id.optional(),
    tag: z.string().optional(),
    errors: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().optional() })),
  })),
});

export const HistoryEvent = z.object({
  seq: z.number().int(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  actor: z.string().describe('Who made the change, as recorded: an account\'s login, agent:<token id>, cli:<user>, system'),
  actorName: z.string().nullable().describe('The actor as people name them: the account\'s display name, the agent token\'s name; null when there is none'),
  source: z.string(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  occurredAt: Timestamp,
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  hash: z.string(),
});

export const AssetExportQuery = AssetListQuery.omit({ limit: true, cursor: true, includeTotal: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
