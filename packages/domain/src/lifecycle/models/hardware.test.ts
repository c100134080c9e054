import { describe, expect, it } from 'vitest';
import { hardwareModel as model } from './hardware.js';
import { type LifecycleState, evaluateTransition } from '../evaluate-transition.js';
import type { Verdict } from '../../verdict.js';

// The hardware rules the brief names, spelled out one by one.

const TODAY = '2025-06-15';
const ALICE = '00000000-0000-4000-8000-00000000a11c';
const BOB = '00000000-0000-4000-8000-000000000b0b';
const DESK = '00000000-0000-4000-8000-00000000de5c';

const state = (stage: string, assignedPersonId: string | null = null): LifecycleState => ({ stage, assignedPersonId, locationId: null });
const codes = (v: Verdict<unknown>) => (v.ok ? [] : v.violations.map((x) => x.code));
const fieldsOf = (v: Verdict<unknown>) => (v.ok ? [] : v.violations.map((x) => x.field));

/** Applies a transition that must succeed and returns the asset's next state. */
function run(s: LifecycleState, key: string, evidence: Record<string, unknown>): LifecycleState {
  const r = evaluateTransition(model, s, key, evidence, TODAY);
  if (!r.ok) expect.fail(`${key} from ${s.stage}: ${JSON.stringify(r.violations)}`);
  const c = r.value.changes;
  return { stage: c.stage, assignedPersonId: c.assignedPersonId === undefined ? s.assignedPersonId : c.assignedPersonId, locationId: c.locationId ?? s.locationId };
}

const disposal = { disposed_on: '2025-06-10', disposal_reason: 'obsolete', disposal_method: 'destruction', proof_reference: 'CERT-2025-001' };
const decommissioning = { decommissioned_on: '2025-06-01', decommission_decision: 'return_to_stock', data_handling: 'wiped_per_policy', handling_proof_reference: 'WIPE-2025-117' };

describe('hardware: dispose', () => {
  const dispose = (evidence: Record<string, unknown>, assignee: string | null = null) =>
    evaluateTransition(model, state('decommissioned', assignee), 'dispose', evidence, TODAY);

  it('disposes a decommissioned asset with date, reason, method and proof', () => {
    const r = dispose(disposal);
    expect(r.ok && r.value.to).toBe('disposed');
  });

  it.each(['disposed_on', 'disposal_reason', 'disposal_method', 'proof_reference'])('requires %s', (key) => {
    const { [key as keyof typeof disposal]: _omitted, ...rest } = disposal;
    expect(codes(dispose(rest))).toEqual(['ATTRIBUTE_REQUIRED']);
    expect(fieldsOf(dispose(rest))).toEqual([`evidence.${key}`]);
  });

  it('does not accept a blank proof reference as proof', () => {
    expect(fieldsOf(dispose({ ...disposal, proof_reference: '   ' }))).toEqual(['evidence.proof_reference']);
    expect(fieldsOf(dispose({ ...disposal, proof_reference: '' }))).toEqual(['evidence.proof_reference']);
  });

  it.each(['obsolete', 'out_of_order', 'damaged', 'stolen'])('accepts the disposal reason %s', (reason) => {
    expect(dispose({ ...disposal, disposal_reason: reason }).ok).toBe(true);
  });
  it.each(['lost', 'other', 'OBSOLETE', ''])('refuses the disposal reason "%s"', (reason) => {
    expect(codes(dispose({ ...disposal, disposal_reason: reason }))).toEqual([reason === '' ? 'ATTRIBUTE_REQUIRED' : 'ATTRIBUTE_NOT_IN_OPTIONS']);
  });

  it.each(['return_to_lessor', 'resale', 'destruction', 'donation'])('accepts the disposal method %s', (method) => {
    expect(dispose({ ...disposal, disposal_method: method }).ok).toBe(true);
  });
  it.each(['landfill', 'recycling', 'Resale'])('refuses the disposal method "%s"', (method) => {
    expect(codes(dispose({ ...disposal, disposal_method: method }))).toEqual(['ATTRIBUTE_NOT_IN_OPTIONS']);
  });

  it('refuses a disposal date after today', () => {
    expect(codes(dispose({ ...disposal, disposed_on: '2025-06-16' }))).toEqual(['EVIDENCE_DATE_IN_FUTURE']);
  });

  it('cannot dispose while assigned', () => {
    expect(codes(dispose(disposal, ALICE))).toEqual(['LIFECYCLE_GUARD_NOT_ASSIGNED']);
  });

  it.each(['in_stock', 'in_use', 'maintenance', 'legal_hold', 'missing'])('cannot dispose straight from %s', (stage) => {
    expect(codes(evaluateTransition(model, state(stage), 'dispose', disposal, TODAY))).toEqual(['LIFECYCLE_TRANSITION_NOT_ALLOWED']);
  });
});

describe('hardware: assign', () => {
  it('assigns an asset in stock', () => {
    const next = run(state('in_stock'), 'assign', { assigned_person_id: ALICE, location_id: DESK });
    expect(next).toEqual({ stage: 'in_use', assignedPersonId: ALICE, locationId: DESK });
  });

  it.each(['in_use', 'maintenance', 'decommissioned', 'planning', 'on_order', 'legal_hold', 'missing', 'lost', 'disposed'])(
    'cannot assign from %s',
    (stage) => {
      const r = evaluateTransition(model, state(stage), 'assign', { assigned_person_id: ALICE }, TODAY);
      expect(codes(r)).toEqual(['LIFECYCLE_TRANSITION_NOT_ALLOWED']);
    },
  );

  it('requires the person and refuses anything but a person id', () => {
    expect(fieldsOf(evaluateTransition(model, state('in_stock'), 'assign', {}, TODAY))).toEqual(['evidence.assigned_person_id']);
    expect(codes(evaluateTransition(model, state('in_stock'), 'assign', { assigned_person_id: 'alice' }, TODAY))).toEqual(['ATTRIBUTE_INVALID_REFERENCE']);
  });

  it('repeat assignment: reassigns an in-use asset to someone else', () => {
    const r = evaluateTransition(model, state('in_use', ALICE), 'reassign', { assigned_person_id: BOB }, TODAY);
    expect(r.ok && r.value.changes).toEqual({ stage: 'in_use', assignedPersonId: BOB, expectedReturnDate: null });
  });

  it('skipping planning: an asset may be created in stock and assigned at once', () => {
    expect(model.initialStages).toContain('in_stock');
    expect(run(state(model.initialStages.find((s) => s === 'in_stock')!), 'assign', { assigned_person_id: ALICE }).stage).toBe('in_use');
  });
});

describe('hardware: decommission', () => {
  const decommission = (evidence: Record<string, unknown>, s = state('in_use', ALICE)) => evaluateTransition(model, s, 'decommission', evidence, TODAY);

  it('ends the assignment of an in-use asset', () => {
    const r = decommission(decommissioning);
    expect(r.ok && r.value.changes).toEqual({ stage: 'decommissioned', assignedPersonId: null, expectedReturnDate: null });
  });

  it.each(['decommission_decision', 'data_handling', 'decommissioned_on'])('requires %s', (key) => {
    const evidence: Record<string, unknown> = { ...decommissioning };
    delete evidence[key];
    expect(fieldsOf(decommission(evidence))).toEqual([`evidence.${key}`]);
  });

  it.each(['return_to_stock', 'dispose'])('does not need transfer_to when the decision is %s', (decision) => {
    expect(decommission({ ...decommissioning, decommission_decision: decision }).ok).toBe(true);
  });

  it('requires transfer_to when the decision is transfer', () => {
    const r = decommission({ ...decommissioning, decommission_decision: 'transfer' });
    expect(codes(r)).toEqual(['ATTRIBUTE_REQUIRED']);
    expect(fieldsOf(r)).toEqual(['evidence.transfer_to']);
    expect(decommission({ ...decommissioning, decommission_decision: 'transfer', transfer_to: 'Subsidiary B' }).ok).toBe(true);
  });

  it.each(['sell', 'keep', 'TRANSFER'])('refuses the decision "%s"', (decision) => {
    expect(codes(decommission({ ...decommissioning, decommission_decision: decision }))).toEqual(['ATTRIBUTE_NOT_IN_OPTIONS']);
  });

  it.each(['wiped_per_policy', 'storage_destroyed'])('requires a proof of data handling when it says %s', (handling) => {
    const { handling_proof_reference: _proof, ...withoutProof } = decommissioning;
    const r = decommission({ ...withoutProof, data_handling: handling });
    expect(codes(r)).toEqual(['ATTRIBUTE_REQUIRED']);
    expect(fieldsOf(r)).toEqual(['evidence.handling_proof_reference']);
    expect(fieldsOf(decommission({ ...withoutProof, data_handling: handling, handling_proof_reference: '  ' }))).toEqual(['evidence.handling_proof_reference']);
    expect(decommission({ ...withoutProof, data_handling: handling, handling_proof_reference: 'CERT-9' }).ok).toBe(true);
  });

  it('needs no proof of data handling when the asset held no data', () => {
    const { handling_proof_reference: _proof, ...withoutProof } = decommissioning;
    expect(decommission({ ...withoutProof, data_handling: 'no_data_held' }).ok).toBe(true);
  });

  it('refuses an unknown data handling statement', () => {
    expect(codes(decommission({ ...decommissioning, data_handling: 'forgot' }))).toEqual(['ATTRIBUTE_NOT_IN_OPTIONS']);
  });
});

describe('hardware: non-linear paths', () => {
  it('decommissioned → legal hold → reassigned (reassign_from_hold)', () => {
    let s = run(state('in_stock'), 'assign', { assigned_person_id: ALICE });
    s = run(s, 'decommission', decommissioning);
    expect(s).toEqual({ stage: 'decommissioned', assignedPersonId: null, locationId: null });
    s = run(s, 'place_on_legal_hold', { hold_reference: 'LH-7' });
    expect(s.stage).toBe('legal_hold');
    s = run(s, 'reassign_from_hold', { release_authority: 'Legal dept.', assigned_person_id: BOB, location_id: DESK });
    expect(s).toEqual({ stage: 'in_use', assignedPersonId: BOB, locationId: DESK });
  });

  it('full life: plan, order, receive, assign, check in, decommission, dispose', () => {
    let s = run(state('planning'), 'order', { order_reference: 'PO-1' });
    s = run(s, 'receive', { received_on: '2025-05-02', location_id: DESK });
    s = run(s, 'assign', { assigned_person_id: ALICE });
    s = run(s, 'check_in', { returned_on: '2025-06-14', condition: 'worn' });
    expect(s).toEqual({ stage: 'in_stock', assignedPersonId: null, locationId: DESK });
    s = run(s, 'decommission', { ...decommissioning, decommission_decision: 'dispose' });
    expect(run(s, 'dispose', disposal).stage).toBe('disposed');
  });

  it('missing → found puts the asset back in stock, unassigned and verified today', () => {
    const missing = run(state('in_use', ALICE), 'report_missing', { noticed_on: '2025-06-01' });
    expect(missing).toEqual({ stage: 'missing', assignedPersonId: ALICE, locationId: null });
    const r = evaluateTransition(model, missing, 'found', { found_on: TODAY, location_id: DESK }, TODAY);
    expect(r.ok && r.value.changes).toEqual({ stage: 'in_stock', assignedPersonId: null, expectedReturnDate: null, locationId: DESK, lastVerifiedOn: TODAY });
  });

  it('a stolen asset is written off only with an approval reference', () => {
    const stolen = run(state('in_use', ALICE), 'report_stolen', { stolen_on: '2025-06-02', police_report_reference: 'PR-99' });
    expect(stolen.assignedPersonId).toBeNull();
    expect(fieldsOf(evaluateTransition(model, stolen, 'write_off', { written_off_on: TODAY }, TODAY))).toEqual(['evidence.approval_reference']);
    expect(run(stolen, 'write_off', { written_off_on: TODAY, approval_reference: 'CFO-12' }).stage).toBe('disposed');
  });
});
