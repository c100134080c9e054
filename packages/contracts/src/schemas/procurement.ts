import { z } from 'zod';
import { PURCHASE_REQUEST_ACTION_KEYS, PURCHASE_REQUEST_STATUSES, QUANTITY_MAX, QUANTITY_MIN, describesItem } from '@custodia/domain';
import { CalendarDate, Currency, Cursor, Id, Limit, LongText, MoneyAmount, ShortText, Timestamp } from './common.js';

/**
 * Purchase requests (ITAM practice guide Table 2.2, Acquire: "approved requests for procurement"): written and
 * submitted by a requester, approved or rejected by someone else, then ordered (the assets registered on order) or
 * cancelled. Statuses and moves: `domain/procurement/purchase-requests.ts`.
 */

const Quantity = z.number().int().min(QUANTITY_MIN).max(QUANTITY_MAX);
const optionalText = LongText.transform((s): string | null => s || null);

/** What the requester writes; every field may change while the request is a draft. */
const fields = {
  orgUnitId: Id.describe('The org unit that pays for the purchase and will own what is bought (within your scope)'),
  forPersonId: Id.nullish().describe('The person the purchase is for, if any'),
  modelId: Id.nullish().describe('The catalogue model to buy; ordering registers assets of it'),
  description: optionalText.nullish().describe('What to buy, in words: required when no catalogue model is named'),
  quantity: Quantity.describe(`How many (${QUANTITY_MIN} to ${QUANTITY_MAX})`),
  unitCostMinor: MoneyAmount.min(0).nullish().describe('Estimated cost of one, in minor units (cents)'),
  currency: Currency.nullish().describe('ISO 4217 currency of the estimated cost; required with it'),
  justification: LongText.pipe(z.string().min(1, 'must not be empty')).describe('Why it is needed: the approver decides on it'),
  neededBy: CalendarDate.nullish().describe('The day it is needed by'),
  supplierId: Id.nullish().describe('The supplier suggested (the order may name another)'),
};

const itemRequired = { message: 'Name a catalogue model or describe what to buy', path: ['description'] };
const costNeedsCurrency = { message: 'An estimated cost needs a currency, and a currency needs a cost', path: ['currency'] };
const costPaired = (r: { unitCostMinor?: number | null | undefined; currency?: string | null | undefined }) => (r.unitCostMinor == null) === (r.currency == null);

export const PurchaseRequestCreate = z.strictObject({ ...fields, reason: LongText.optional() })
  .refine(describesItem, itemRequired).refine(costPaired, costNeedsCurrency);
export type PurchaseRequestCreate = z.infer<typeof PurchaseRequestCreate>;

/** `PATCH` (If-Match), while the request is a draft: absent fields stay, `null` clears. */
export const PurchaseRequestUpdate = z.strictObject({ ...fields, reason: LongText.optional() }).partial();
export type PurchaseRequestUpdate = z.infer<typeof PurchaseRequestUpdate>;

/** The body of submit, approve, withdraw and cancel: a note kept with the decision (approve) and in the history. */
export const PurchaseRequestActionBody = z.strictObject({
  reason: LongText.optional().describe('Kept in the history; on approve, also the decision note the requester reads'),
});
export type PurchaseRequestActionBody = z.infer<typeof PurchaseRequestActionBody>;

/** Rejecting says why. */
export const PurchaseRequestRejectBody = z.strictObject({
  reason: LongText.optional().describe('Why the request is rejected (required: 422 REJECTION_NEEDS_REASON without it)'),
});

/** Ordering an approved request: the purchase order, and the assets it registers. */
export const PurchaseRequestOrderBody = z.strictObject({
  orderReference: ShortText.pipe(z.string().min(1, 'must not be empty')).describe('The purchase order reference, recorded on the request and on every asset'),
  supplierId: Id.nullish().describe("The supplier ordered from; left out: the request's"),
  modelId: Id.optional().describe('The catalogue model to register, for a request that named none (only then)'),
  unitCostMinor: MoneyAmount.min(0).nullish().describe("The price of one on the order, in the request's currency; left out: no purchase cost is recorded on the assets"),
  purchaseDate: CalendarDate.nullish().describe('The order date recorded as the assets\' purchase date'),
  reason: LongText.optional(),
});
export type PurchaseRequestOrderBody = z.infer<typeof PurchaseRequestOrderBody>;

const Named = z.object({ id: Id, name: z.string() });

export const PurchaseRequest = z.object({
  id: Id,
  status: z.enum(PURCHASE_REQUEST_STATUSES),
  orgUnit: Named,
  requester: Named.describe('The account that wrote the request'),
  forPerson: Named.nullable(),
  model: Named.nullable(),
  description: z.string().nullable(),
  quantity: z.number().int(),
  unitCostMinor: z.number().nullable(),
  currency: z.string().nullable(),
  estimatedTotalMinor: z.number().nullable().describe('Unit cost times quantity'),
  justification: z.string(),
  neededBy: CalendarDate.nullable(),
  supplier: Named.nullable(),
  submittedAt: Timestamp.nullable(),
  decidedBy: Named.nullable().describe('The account that approved or rejected it'),
  decidedAt: Timestamp.nullable(),
  decisionNote: z.string().nullable().describe('The approval note, or the reason for the rejection'),
  orderReference: z.string().nullable(),
  orderedAt: Timestamp.nullable(),
  assets: z.array(z.object({ id: Id, tag: z.string() })).describe('The assets its order registered (those still in the register)'),
  actions: z.array(z.enum(PURCHASE_REQUEST_ACTION_KEYS)).describe('What the caller may do with it now (their permissions, the status, and who wrote it)'),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PurchaseRequest = z.infer<typeof PurchaseRequest>;

export const PurchaseRequestListQuery = z.strictObject({
  limit: Limit,
  cursor: Cursor.optional(),
  status: z.enum(PURCHASE_REQUEST_STATUSES).optional(),
  orgUnitId: Id.optional().describe('Only requests of this org unit and the units below it'),
  requester: z.enum(['me']).optional().describe('me: only the requests you wrote'),
  includeTotal: z.enum(['true', 'false']).optional(),
});
export type PurchaseRequestListQuery = z.infer<typeof PurchaseRequestListQuery>;

export const PurchaseRequestActionParams = z.strictObject({ id: Id, action: z.enum(['submit', 'approve', 'reject', 'withdraw', 'cancel']) });
