import type { LifecycleModelDefinition } from '../lifecycle/model.js';
import { type Verdict, accept, reject } from '../verdict.js';

/**
 * Purchase requests (ITAM practice guide Table 2.2, Acquire: "purchase requirements and approved requests for
 * procurement"): someone asks for equipment to be bought for an org unit, someone else approves or rejects it, and an
 * approved request is ordered, which registers the assets on order. These are the rules, as data and pure functions.
 */

/**
 * draft (being written) → submitted (waiting for a decision) → approved or rejected; a draft or a submitted request
 * may be withdrawn by its requester; an approved request is ordered (its assets registered) or cancelled.
 */
export const PURCHASE_REQUEST_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'ordered', 'cancelled'] as const;
export type PurchaseRequestStatus = (typeof PURCHASE_REQUEST_STATUSES)[number];

/** Statuses nothing leaves: the request's story is told. */
export const CLOSED_PURCHASE_REQUEST_STATUSES: readonly PurchaseRequestStatus[] = ['rejected', 'withdrawn', 'ordered', 'cancelled'];

/** Who takes an action: the person who wrote the request, or an approver (who may never be the requester). */
export type PurchaseRequestActor = 'requester' | 'approver';

export interface PurchaseRequestAction {
  from: readonly PurchaseRequestStatus[];
  to: PurchaseRequestStatus;
  by: PurchaseRequestActor;
  /** The stable code a request in another status is refused with (409). */
  refusal: 'REQUEST_NOT_DRAFT' | 'REQUEST_NOT_SUBMITTED' | 'REQUEST_NOT_PENDING' | 'REQUEST_NOT_APPROVED';
}

/** Every status change a request can make, as data: nothing else moves a request. */
export const PURCHASE_REQUEST_ACTIONS = {
  submit: { from: ['draft'], to: 'submitted', by: 'requester', refusal: 'REQUEST_NOT_DRAFT' },
  withdraw: { from: ['draft', 'submitted'], to: 'withdrawn', by: 'requester', refusal: 'REQUEST_NOT_PENDING' },
  approve: { from: ['submitted'], to: 'approved', by: 'approver', refusal: 'REQUEST_NOT_SUBMITTED' },
  reject: { from: ['submitted'], to: 'rejected', by: 'approver', refusal: 'REQUEST_NOT_SUBMITTED' },
  order: { from: ['approved'], to: 'ordered', by: 'approver', refusal: 'REQUEST_NOT_APPROVED' },
  cancel: { from: ['approved'], to: 'cancelled', by: 'approver', refusal: 'REQUEST_NOT_APPROVED' },
} as const satisfies Record<string, PurchaseRequestAction>;
export type PurchaseRequestActionKey = keyof typeof PURCHASE_REQUEST_ACTIONS;
export const PURCHASE_REQUEST_ACTION_KEYS = Object.keys(PURCHASE_REQUEST_ACTIONS) as PurchaseRequestActionKey[];

/** The actions open to a request in this status (whoever may take them). */
export function actionsFrom(status: PurchaseRequestStatus): PurchaseRequestActionKey[] {
  return PURCHASE_REQUEST_ACTION_KEYS.filter((a) => (PURCHASE_REQUEST_ACTIONS[a].from as readonly string[]).includes(status));
}

/** Only a draft is edited: what was submitted is what is decided on. */
export const isEditable = (status: PurchaseRequestStatus): boolean => status === 'draft';

export const QUANTITY_MIN = 1;
export const QUANTITY_MAX = 1000;

/**
 * Whether `actorAccountId` may take `action` on a request in `status` written by `requesterAccountId`: the status must
 * allow it; the requester's actions are the requester's alone; an approver is never the requester (separation of
 * duties: no one approves, rejects, orders or cancels their own request). `reason` is what the actor gave: a rejection
 * needs one (the requester must learn why).
 */
export function purchaseRequestVerdict(input: {
  action: PurchaseRequestActionKey; status: PurchaseRequestStatus; requesterAccountId: string; actorAccountId: string | null; reason?: string | null | undefined;
}): Verdict<PurchaseRequestStatus> {
  const rule: PurchaseRequestAction = PURCHASE_REQUEST_ACTIONS[input.action];
  if (!rule.from.includes(input.status)) {
    return reject({ code: rule.refusal, message: `A ${input.status} request cannot be ${pastTense(input.action)}: it must be ${rule.from.join(' or ')}` });
  }
  const own = input.actorAccountId !== null && input.actorAccountId === input.requesterAccountId;
  if (rule.by === 'requester' && !own) return reject({ code: 'NOT_REQUESTER', message: `Only the requester may ${input.action} this request` });
  if (rule.by === 'approver' && own) {
    return reject({ code: 'SELF_APPROVAL_NOT_ALLOWED', message: `You asked for this purchase: someone else must ${input.action} it` });
  }
  if (input.action === 'reject' && !(input.reason ?? '').trim()) {
    return reject({ code: 'REJECTION_NEEDS_REASON', field: 'reason', message: 'Say why the request is rejected: the requester reads it' });
  }
  return accept(rule.to);
}

function pastTense(action: PurchaseRequestActionKey): string {
  return { submit: 'submitted', withdraw: 'withdrawn', approve: 'approved', reject: 'rejected', order: 'ordered', cancel: 'cancelled' }[action];
}

/** A request names what to buy: a catalogue model, or, when the catalogue has none yet, a description of it. */
export function describesItem(input: { modelId?: string | null; description?: string | null }): boolean {
  return Boolean(input.modelId || (input.description ?? '').trim());
}

/** The estimated total: unit cost times quantity, in minor units (null when no cost was estimated). */
export function estimatedTotalMinor(unitCostMinor: number | null, quantity: number): number | null {
  return unitCostMinor === null ? null : unitCostMinor * quantity;
}

/**
 * The stage an ordered asset is registered in: the lifecycle model's initial stage of kind `ordered`, else its
 * initial stage of kind `planned`; null when the model starts assets in neither (nothing can be put on order).
 */
export function orderingStage(model: LifecycleModelDefinition): string | null {
  const initialOfKind = (kind: string) => model.initialStages.find((key) => model.stages.some((s) => s.key === key && s.kind === kind));
  return initialOfKind('ordered') ?? initialOfKind('planned') ?? null;
}
