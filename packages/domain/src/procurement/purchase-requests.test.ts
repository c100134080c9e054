import { describe, expect, it } from 'vitest';
import {
  CLOSED_PURCHASE_REQUEST_STATUSES, PURCHASE_REQUEST_ACTIONS, PURCHASE_REQUEST_ACTION_KEYS, PURCHASE_REQUEST_STATUSES, type PurchaseRequestActionKey,
  type PurchaseRequestStatus, actionsFrom, describesItem, estimatedTotalMinor, isEditable, orderingStage, purchaseRequestVerdict,
} from './purchase-requests.js';
import { DEFAULT_LIFECYCLE_MODELS } from '../lifecycle/models/index.js';
import { hardwareModel } from '../lifecycle/models/hardware.js';

const REQUESTER = 'acc-requester';
const APPROVER = 'acc-approver';

/** Every status each action leads from, spelled out: the table the workflow must keep. */
const EXPECTED: Record<PurchaseRequestActionKey, { from: PurchaseRequestStatus[]; to: PurchaseRequestStatus; by: 'requester' | 'approver' }> = {
  submit: { from: ['draft'], to: 'submitted', by: 'requester' },
  withdraw: { from: ['draft', 'submitted'], to: 'withdrawn', by: 'requester' },
  approve: { from: ['submitted'], to: 'approved', by: 'approver' },
  reject: { from: ['submitted'], to: 'rejected', by: 'approver' },
  order: { from: ['approved'], to: 'ordered', by: 'approver' },
  cancel: { from: ['approved'], to: 'cancelled', by: 'approver' },
};

describe('purchase request statuses and actions', () => {
  it('the actions are exactly the expected table, over known statuses', () => {
    expect(PURCHASE_REQUEST_ACTION_KEYS.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const key of PURCHASE_REQUEST_ACTION_KEYS) {
      const rule = PURCHASE_REQUEST_ACTIONS[key];
      expect({ from: [...rule.from], to: rule.to, by: rule.by }, key).toEqual(EXPECTED[key]);
      for (const s of [...rule.from, rule.to]) expect(PURCHASE_REQUEST_STATUSES).toContain(s);
    }
  });

  const pairs = PURCHASE_REQUEST_STATUSES.flatMap((status) => PURCHASE_REQUEST_ACTION_KEYS.map((action) => [status, action] as const));
  it.each(pairs)('from %s, %s is allowed exactly when the table says so, and taken by the right person', (status, action) => {
    const rule = EXPECTED[action];
    const allowed = rule.from.includes(status);
    const rightActor = rule.by === 'requester' ? REQUESTER : APPROVER;
    const verdict = purchaseRequestVerdict({ action, status, requesterAccountId: REQUESTER, actorAccountId: rightActor, reason: 'a reason' });
    if (allowed) expect(verdict).toEqual({ ok: true, value: rule.to });
    else expect(verdict.ok ? null : verdict.violations[0]!.code).toBe(PURCHASE_REQUEST_ACTIONS[action].refusal);
    expect(actionsFrom(status).includes(action)).toBe(allowed);
  });

  it('closed statuses have no way out; every other status has one; only a draft is edited', () => {
    for (const s of PURCHASE_REQUEST_STATUSES) expect(actionsFrom(s).length === 0, s).toBe(CLOSED_PURCHASE_REQUEST_STATUSES.includes(s));
    expect(PURCHASE_REQUEST_STATUSES.filter(isEditable)).toEqual(['draft']);
    expect(actionsFrom('draft')).toEqual(['submit', 'withdraw']);
  });

  it('every status is reachable from draft', () => {
    const seen = new Set<PurchaseRequestStatus>(['draft']);
    for (let changed = true; changed;) {
      changed = false;
      for (const s of [...seen]) for (const a of actionsFrom(s)) if (!seen.has(PURCHASE_REQUEST_ACTIONS[a].to)) { seen.add(PURCHASE_REQUEST_ACTIONS[a].to); changed = true; }
    }
    expect([...seen].sort()).toEqual([...PURCHASE_REQUEST_STATUSES].sort());
  });
});

describe('who may act', () => {
  it.each(['approve', 'reject', 'order', 'cancel'] as const)('no one may %s their own request (separation of duties)', (action) => {
    const status = EXPECTED[action].from[0]!;
    const verdict = purchaseRequestVerdict({ action, status, requesterAccountId: REQUESTER, actorAccountId: REQUESTER, reason: 'x' });
    expect(verdict.ok ? null : verdict.violations[0]!.code).toBe('SELF_APPROVAL_NOT_ALLOWED');
  });

  it.each(['submit', 'withdraw'] as const)('only the requester may %s', (action) => {
    for (const actor of [APPROVER, null]) {
      const verdict = purchaseRequestVerdict({ action, status: 'draft', requesterAccountId: REQUESTER, actorAccountId: actor });
      expect(verdict.ok ? null : verdict.violations[0]!.code).toBe('NOT_REQUESTER');
    }
  });

  it('a status refusal comes before the actor\'s: a closed request is closed to everyone', () => {
    const verdict = purchaseRequestVerdict({ action: 'approve', status: 'ordered', requesterAccountId: REQUESTER, actorAccountId: REQUESTER });
    expect(verdict.ok ? null : verdict.violations[0]!.code).toBe('REQUEST_NOT_SUBMITTED');
  });

  it('a rejection needs a reason; an approval does not', () => {
    for (const reason of [undefined, null, '', '   ']) {
      const verdict = purchaseRequestVerdict({ action: 'reject', status: 'submitted', requesterAccountId: REQUESTER, actorAccountId: APPROVER, reason });
      expect(verdict.ok ? null : verdict.violations[0]).toMatchObject({ code: 'REJECTION_NEEDS_REASON', field: 'reason' });
    }
    expect(purchaseRequestVerdict({ action: 'reject', status: 'submitted', requesterAccountId: REQUESTER, actorAccountId: APPROVER, reason: 'Over budget' }).ok).toBe(true);
    expect(purchaseRequestVerdict({ action: 'approve', status: 'submitted', requesterAccountId: REQUESTER, actorAccountId: APPROVER }).ok).toBe(true);
  });
});

describe('what a request names and costs', () => {
  it('names a catalogue model or describes the item', () => {
    expect(describesItem({ modelId: 'm' })).toBe(true);
    expect(describesItem({ description: '27" monitor' })).toBe(true);
    expect(describesItem({ modelId: null, description: '  ' })).toBe(false);
    expect(describesItem({})).toBe(false);
  });

  it('the estimated total is unit cost times quantity', () => {
    expect(estimatedTotalMinor(134_900, 3)).toBe(404_700);
    expect(estimatedTotalMinor(null, 3)).toBeNull();
  });

  it('ordered assets start in the model\'s initial ordered stage, else its planned one, else nowhere', () => {
    expect(orderingStage(hardwareModel)).toBe('on_order');
    for (const model of DEFAULT_LIFECYCLE_MODELS) {
      const stage = orderingStage(model);
      expect(stage, model.key).not.toBeNull();
      expect(model.initialStages).toContain(stage);
      expect(['ordered', 'planned']).toContain(model.stages.find((s) => s.key === stage)!.kind);
    }
    const planningOnly = { ...hardwareModel, initialStages: ['planning', 'in_stock'] };
    expect(orderingStage(planningOnly)).toBe('planning');
    expect(orderingStage({ ...hardwareModel, initialStages: ['in_stock'] })).toBeNull();
  });
});
