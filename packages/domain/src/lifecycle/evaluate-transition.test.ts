import { describe, expect, it } from 'vitest';
import type { FieldDefinition, FieldType } from '../attributes/field-types.js';
import type { LifecycleModelDefinition, StageDefinition, TransitionDefinition } from './model.js';
import { DEFAULT_LIFECYCLE_MODELS, hardwareModel } from './models/index.js';
import { type LifecycleState, evaluateTransition, transitionsFrom } from './evaluate-transition.js';
import type { Verdict } from '../verdict.js';
import { addDays } from '../register/dates.js';

// Exhaustive check of every default model: every stage × every transition, and every required evidence field.

const TODAY = '2025-06-15';
const PAST = '2025-06-01';
const PERSON = '00000000-0000-4000-8000-000000000001';
const PREVIOUS_PERSON = '00000000-0000-4000-8000-000000000002';
const LOCATION = '00000000-0000-4000-8000-000000000003';
const ASSET = '00000000-0000-4000-8000-000000000004';

/** A valid value for each field type; a Record so a new field type fails to compile until it has a sample. */
const SAMPLE: Record<FieldType, (f: FieldDefinition) => unknown> = {
  text: () => 'x',
  long_text: () => 'x',
  number: (f) => f.min ?? 1,
  integer: (f) => f.min ?? 1,
  money: () => ({ amountMinor: 1999, currency: 'EUR' }),
  date: () => PAST,
  boolean: () => true,
  enum: (f) => f.options![0],
  url: () => 'https://example.com/',
  email: () => 'someone@example.com',
  ip: () => '10.0.0.1',
  mac: () => '00:1A:2B:3C:4D:5E',
  person_ref: () => PERSON,
  location_ref: () => LOCATION,
  asset_ref: () => ASSET,
};

const evidenceFor = (t: TransitionDefinition): Record<string, unknown> =>
  Object.fromEntries(t.fields.map((f) => [f.key, SAMPLE[f.type](f)]));

/** A state in `stage` that satisfies the transition's guards. */
const stateFor = (t: TransitionDefinition, stage: string): LifecycleState => ({
  stage,
  assignedPersonId: t.guards.includes('is_assigned') ? PREVIOUS_PERSON : null,
  locationId: t.guards.includes('has_location') ? LOCATION : null,
});

const codes = (v: Verdict<unknown>) => (v.ok ? [] : v.violations.map((x) => x.code));

/** The asset fields a transition may change, given its effects and the evidence it was given. */
function expectedChangeKeys(t: TransitionDefinition, evidence: Record<string, unknown>): string[] {
  const keys = new Set(['stage']);
  if (t.effects.includes('start_assignment') || t.effects.includes('end_assignment')) keys.add('assignedPersonId').add('expectedReturnDate');
  if (t.effects.includes('set_location') && evidence['location_id'] !== undefined) keys.add('locationId');
  if (t.effects.includes('mark_verified')) keys.add('lastVerifiedOn');
  return [...keys].sort();
}

const modelCases = DEFAULT_LIFECYCLE_MODELS.map((m) => [m.key, m] as const);

describe.each(modelCases)('%s: every stage × every transition', (_key, model) => {
  const cells: { stage: StageDefinition; t: TransitionDefinition }[] = model.stages.flatMap((stage) => model.transitions.map((t) => ({ stage, t })));

  for (const { stage, t } of cells) {
    if (t.from.includes(stage.key)) {
      it(`${stage.key} --${t.key}--> ${t.to} is allowed with complete evidence`, () => {
        const evidence = evidenceFor(t);
        const r = evaluateTransition(model, stateFor(t, stage.key), t.key, evidence, TODAY);
        if (!r.ok) expect.fail(JSON.stringify(r.violations));
        expect(r.value.transition).toBe(t.key);
        expect(r.value.from).toBe(stage.key);
        expect(r.value.to).toBe(t.to);
        expect(r.value.changes.stage).toBe(t.to);
        expect(r.value.evidence).toEqual(evidence);
        // Only the fields the effects name change: a transition without assignment effects never touches the assignee.
        expect(Object.keys(r.value.changes).sort()).toEqual(expectedChangeKeys(t, evidence));
        const refFields = t.fields.filter((f) => f.type.endsWith('_ref')).map((f) => f.key).sort();
        expect(r.value.references.map((x) => x.field).sort()).toEqual(refFields);
      });
    } else {
      it(`${stage.key} -/- ${t.key} is refused`, () => {
        const r = evaluateTransition(model, stateFor(t, stage.key), t.key, evidenceFor(t), TODAY);
        expect(codes(r)).toEqual(['LIFECYCLE_TRANSITION_NOT_ALLOWED']);
      });
    }
  }
});

describe.each(modelCases)('%s: required evidence', (_key, model) => {
  const withRequired = model.transitions.filter((t) => t.fields.some((f) => f.required));
  it('has transitions that require evidence', () => expect(withRequired.length).toBeGreaterThan(0));

  for (const t of withRequired) {
    for (const field of t.fields.filter((f) => f.required)) {
      it(`${t.key} without ${field.key} is refused`, () => {
        const evidence = evidenceFor(t);
        delete evidence[field.key];
        const r = evaluateTransition(model, stateFor(t, t.from[0]!), t.key, evidence, TODAY);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.violations).toEqual([expect.objectContaining({ code: 'ATTRIBUTE_REQUIRED', field: `evidence.${field.key}` })]);
      });
    }
  }
});

describe.each(modelCases)('%s: evidence dates', (_key, model) => {
  const dated = model.transitions.flatMap((t) => t.fields.filter((f) => f.type === 'date').map((f) => ({ t, f })));

  for (const { t, f } of dated.filter((x) => x.f.notInFuture)) {
    it(`${t.key}: ${f.key} after today is refused, today itself is accepted`, () => {
      const state = stateFor(t, t.from[0]!);
      const late = evaluateTransition(model, state, t.key, { ...evidenceFor(t), [f.key]: '2025-06-16' }, TODAY);
      expect(late.ok).toBe(false);
      if (!late.ok) expect(late.violations).toEqual([expect.objectContaining({ code: 'EVIDENCE_DATE_IN_FUTURE', field: `evidence.${f.key}` })]);
      expect(evaluateTransition(model, state, t.key, { ...evidenceFor(t), [f.key]: TODAY }, TODAY).ok).toBe(true);
    });
    it(`${t.key}: ${f.key} may be as late as the latest date that is today somewhere, not later`, () => {
      const state = stateFor(t, t.from[0]!);
      const next = addDays(TODAY, 1);
      expect(evaluateTransition(model, state, t.key, { ...evidenceFor(t), [f.key]: next }, TODAY, next).ok).toBe(true);
      const late = evaluateTransition(model, state, t.key, { ...evidenceFor(t), [f.key]: addDays(TODAY, 2) }, TODAY, next);
      expect(late.ok ? [] : late.violations.map((v) => v.code)).toEqual(['EVIDENCE_DATE_IN_FUTURE']);
    });
  }
  for (const { t, f } of dated.filter((x) => !x.f.notInFuture)) {
    it(`${t.key}: ${f.key} may be in the future`, () => {
      const r = evaluateTransition(model, stateFor(t, t.from[0]!), t.key, { ...evidenceFor(t), [f.key]: '2030-01-31' }, TODAY);
      expect(r.ok).toBe(true);
    });
  }
  it('an impossible date is refused as invalid', () => {
    const { t, f } = dated[0]!;
    const r = evaluateTransition(model, stateFor(t, t.from[0]!), t.key, { ...evidenceFor(t), [f.key]: '2025-02-30' }, TODAY);
    expect(codes(r)).toEqual(['ATTRIBUTE_INVALID_DATE']);
  });
});

describe('evaluateTransition: unknown input', () => {
  const assign = hardwareModel.transitions.find((t) => t.key === 'assign')!;
  const inStock: LifecycleState = { stage: 'in_stock', assignedPersonId: null, locationId: null };

  it('refuses a transition the model does not define', () => {
    expect(codes(evaluateTransition(hardwareModel, inStock, 'teleport', {}, TODAY))).toEqual(['LIFECYCLE_UNKNOWN_TRANSITION']);
  });

  it('refuses evidence keys the transition does not define (no mass assignment)', () => {
    const r = evaluateTransition(hardwareModel, inStock, 'assign', { ...evidenceFor(assign), stage: 'disposed' }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations).toEqual([expect.objectContaining({ code: 'ATTRIBUTE_UNKNOWN', field: 'evidence.stage' })]);
  });

  it('reports every problem with the evidence at once', () => {
    const r = evaluateTransition(hardwareModel, inStock, 'assign', { assigned_person_id: 'bob', expected_return_date: '2025-13-01' }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations.map((v) => [v.code, v.field])).toEqual([
        ['ATTRIBUTE_INVALID_REFERENCE', 'evidence.assigned_person_id'],
        ['ATTRIBUTE_INVALID_DATE', 'evidence.expected_return_date'],
      ]);
    }
  });
});

describe('transitionsFrom agrees with evaluateTransition', () => {
  it('lists decommissioned hardware transitions, with the guards an assigned asset fails', () => {
    const listed = transitionsFrom(hardwareModel, { stage: 'decommissioned', assignedPersonId: PERSON, locationId: null });
    expect(listed.map((x) => [x.transition.key, x.blockedBy.map((b) => b.code)])).toEqual([
      ['place_on_legal_hold', ['LIFECYCLE_GUARD_NOT_ASSIGNED']],
      ['restock', []],
      ['dispose', ['LIFECYCLE_GUARD_NOT_ASSIGNED']],
    ]);
  });

  const check = (model: LifecycleModelDefinition) => {
    for (const stage of model.stages) {
      for (const assignedPersonId of [null, PREVIOUS_PERSON]) {
        const state: LifecycleState = { stage: stage.key, assignedPersonId, locationId: null };
        const offered = transitionsFrom(model, state).filter((x) => x.blockedBy.length === 0).map((x) => x.transition.key);
        const accepted = model.transitions.filter((t) => evaluateTransition(model, state, t.key, evidenceFor(t), TODAY).ok).map((t) => t.key);
        expect(offered, `${model.key} ${stage.key} assigned=${assignedPersonId !== null}`).toEqual(accepted);
      }
    }
  };
  it.each(modelCases)('%s: unblocked transitions are exactly those that succeed', (_key, model) => check(model));
});

describe('a transition into a retired, lost or disposed stage', () => {
  it('is refused while the asset is assigned unless it ends the assignment, even in a model stored before that was checked', () => {
    const model: LifecycleModelDefinition = {
      key: 'old', name: 'Old', initialStages: ['stock'],
      stages: [{ key: 'stock', name: 'Stock', kind: 'available' }, { key: 'used', name: 'Used', kind: 'in_use' }, { key: 'gone', name: 'Gone', kind: 'disposed' }],
      transitions: [
        { key: 'scrap', name: 'Scrap', from: ['used', 'stock'], to: 'gone', guards: [], effects: [], fields: [] },
        { key: 'scrap_and_return', name: 'Scrap', from: ['used'], to: 'gone', guards: [], effects: ['end_assignment'], fields: [] },
      ],
    };
    const held = evaluateTransition(model, { stage: 'used', assignedPersonId: 'p1', locationId: null }, 'scrap', {}, '2026-01-01');
    expect(held.ok ? [] : held.violations.map((v) => v.code)).toEqual(['LIFECYCLE_GUARD_NOT_ASSIGNED']);
    expect(evaluateTransition(model, { stage: 'stock', assignedPersonId: null, locationId: null }, 'scrap', {}, '2026-01-01').ok).toBe(true);
    const ended = evaluateTransition(model, { stage: 'used', assignedPersonId: 'p1', locationId: null }, 'scrap_and_return', {}, '2026-01-01');
    expect(ended.ok && ended.value.changes.assignedPersonId).toBeNull();
  });
});
