import { describe, expect, it } from 'vitest';
import { serviceContractModel as model } from './service-contract.js';
import { type LifecycleState, evaluateTransition } from '../evaluate-transition.js';
import { CONTRACT_ENDED_STAGE_KINDS, contractInForce } from '../../register/coverage.js';
import type { Verdict } from '../../verdict.js';

// A support contract's life (ITAM guide Table 2.2, Acquire: support contracts): in force while active, renewed, ended
// with a reason; once ended it covers nothing, whatever its dates say.

const TODAY = '2025-06-15';
const PERSON = '00000000-0000-4000-8000-000000000001';
const fieldsOf = (v: Verdict<unknown>) => (v.ok ? [] : v.violations.map((x) => `${x.field}:${x.code}`));
const at = (stage: string, assignedPersonId: string | null = null): LifecycleState => ({ stage, assignedPersonId, locationId: null });
const kindOf = (stage: string) => model.stages.find((s) => s.key === stage)!.kind;

describe('service contract model', () => {
  it('covers assets only in its active stage: planned and every stage after the end are out of force', () => {
    expect(model.stages.filter((s) => contractInForce(s.kind) && s.kind !== 'planned').map((s) => s.key)).toEqual(['active']);
    for (const stage of ['ended', 'legal_hold', 'closed']) expect(CONTRACT_ENDED_STAGE_KINDS, stage).toContain(kindOf(stage));
  });

  it('is registered as planned or already active, never ended', () => {
    expect(model.initialStages).toEqual(['planning', 'active']);
  });

  it('ends with a reason and ends the owner\'s assignment', () => {
    expect(fieldsOf(evaluateTransition(model, at('active'), 'end', { ended_on: '2025-06-01' }, TODAY))).toEqual(['evidence.end_reason:ATTRIBUTE_REQUIRED']);
    expect(fieldsOf(evaluateTransition(model, at('active'), 'end', { ended_on: '2025-06-01', end_reason: 'lapsed' }, TODAY))).toEqual(['evidence.end_reason:ATTRIBUTE_NOT_IN_OPTIONS']);
    const ended = evaluateTransition(model, at('active', PERSON), 'end', { ended_on: '2025-06-01', end_reason: 'terminated_early', notice_reference: 'LTR-2025-14' }, TODAY);
    expect(ended.ok && ended.value.changes).toMatchObject({ stage: 'ended', assignedPersonId: null });
  });

  it('is renewed while active or once ended, with the agreement\'s reference, back to active', () => {
    for (const from of ['active', 'ended']) {
      const r = evaluateTransition(model, at(from), 'renew', { renewed_on: '2025-06-01', renewal_reference: 'REN-42' }, TODAY);
      expect(r.ok && r.value.changes.stage, from).toBe('active');
    }
    expect(fieldsOf(evaluateTransition(model, at('active'), 'renew', { renewed_on: '2025-06-01' }, TODAY))).toEqual(['evidence.renewal_reference:ATTRIBUTE_REQUIRED']);
    expect(evaluateTransition(model, at('planning'), 'renew', { renewed_on: '2025-06-01', renewal_reference: 'REN-42' }, TODAY).ok).toBe(false);
  });

  it('records a signature date that has happened, not one to come', () => {
    expect(fieldsOf(evaluateTransition(model, at('planning'), 'sign', { signed_on: '2025-07-01' }, TODAY))).toEqual(['evidence.signed_on:EVIDENCE_DATE_IN_FUTURE']);
    expect(evaluateTransition(model, at('planning'), 'sign', { signed_on: '2025-06-15' }, TODAY).ok).toBe(true);
  });

  it('is closed only once ended, and a disputed one only after its legal hold is released', () => {
    expect(evaluateTransition(model, at('active'), 'close', { closed_on: '2025-06-01' }, TODAY).ok).toBe(false);
    expect(evaluateTransition(model, at('legal_hold'), 'close', { closed_on: '2025-06-01' }, TODAY).ok).toBe(false);
    const closed = evaluateTransition(model, at('ended'), 'close', { closed_on: '2025-06-01' }, TODAY);
    expect(closed.ok && closed.value.changes.stage).toBe('closed');
  });
});
