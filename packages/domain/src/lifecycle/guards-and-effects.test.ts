import { describe, expect, it } from 'vitest';
import type { FieldDefinition, FieldType } from '../attributes/field-types.js';
import type { EffectKey, GuardKey, LifecycleModelDefinition, TransitionDefinition } from './model.js';
import { DEFAULT_LIFECYCLE_MODELS } from './models/index.js';
import { type LifecycleState, type TransitionOutcome, evaluateTransition } from './evaluate-transition.js';

// Guards and effects of every default transition, driven by the transitions' own definitions.

const TODAY = '2025-06-15';
const PERSON = '00000000-0000-4000-8000-000000000001';
const PREVIOUS_PERSON = '00000000-0000-4000-8000-000000000002';
const LOCATION = '00000000-0000-4000-8000-000000000003';
const OLD_LOCATION = '00000000-0000-4000-8000-000000000005';

const SAMPLE: Record<FieldType, (f: FieldDefinition) => unknown> = {
  text: () => 'x', long_text: () => 'x', number: (f) => f.min ?? 1, integer: (f) => f.min ?? 1,
  money: () => ({ amountMinor: 100, currency: 'EUR' }), date: () => '2025-06-01', boolean: () => false, enum: (f) => f.options![0],
  url: () => 'https://example.com/', email: () => 'a@example.com', ip: () => '::1', mac: () => '00:00:00:00:00:01',
  person_ref: () => PERSON, location_ref: () => LOCATION, asset_ref: () => '00000000-0000-4000-8000-000000000004',
};
const evidenceFor = (t: TransitionDefinition) => Object.fromEntries(t.fields.map((f) => [f.key, SAMPLE[f.type](f)]));

const all = DEFAULT_LIFECYCLE_MODELS.flatMap((model) => model.transitions.map((t) => ({ model, t, name: `${model.key}.${t.key}` })));
const withGuard = (g: GuardKey) => all.filter((x) => x.t.guards.includes(g));
const withEffect = (e: EffectKey) => all.filter((x) => x.t.effects.includes(e));

/** Runs `t` from each of its source stages; the state may be assigned unless the guards forbid it. */
function runFromEverySource(
  model: LifecycleModelDefinition, t: TransitionDefinition, evidence: Record<string, unknown>, assigned: boolean,
): TransitionOutcome[] {
  return t.from.map((stage) => {
    const state: LifecycleState = { stage, assignedPersonId: assigned ? PREVIOUS_PERSON : null, locationId: OLD_LOCATION };
    const r = evaluateTransition(model, state, t.key, evidence, TODAY);
    if (!r.ok) expect.fail(`${model.key}.${t.key} from ${stage}: ${JSON.stringify(r.violations)}`);
    return r.value;
  });
}
/** Whether to run `t` on an assigned asset: when its guards demand it, or (if `prefer`) when they allow it. */
const assignedFor = (t: TransitionDefinition, prefer: boolean) => t.guards.includes('is_assigned') || (prefer && !t.guards.includes('not_assigned'));

describe('guards', () => {
  it('the default models use the not_assigned and is_assigned guards', () => {
    expect(withGuard('not_assigned').length).toBeGreaterThan(0);
    expect(withGuard('is_assigned').length).toBeGreaterThan(0);
  });

  it.each(withGuard('not_assigned').map((x) => [x.name, x] as const))('%s is refused while the asset is assigned', (_n, { model, t }) => {
    for (const stage of t.from) {
      const r = evaluateTransition(model, { stage, assignedPersonId: PREVIOUS_PERSON, locationId: null }, t.key, evidenceFor(t), TODAY);
      expect(r.ok ? [] : r.violations.map((v) => v.code)).toEqual(['LIFECYCLE_GUARD_NOT_ASSIGNED']);
    }
  });

  it.each(withGuard('is_assigned').map((x) => [x.name, x] as const))('%s is refused while the asset is not assigned', (_n, { model, t }) => {
    for (const stage of t.from) {
      const r = evaluateTransition(model, { stage, assignedPersonId: null, locationId: null }, t.key, evidenceFor(t), TODAY);
      expect(r.ok ? [] : r.violations.map((v) => v.code)).toEqual(['LIFECYCLE_GUARD_IS_ASSIGNED']);
    }
  });

  it('has_location refuses an asset without a location (custom model)', () => {
    const model: LifecycleModelDefinition = {
      key: 'rack', name: 'Rack', initialStages: ['a'],
      stages: [{ key: 'a', name: 'A', kind: 'available' }, { key: 'b', name: 'B', kind: 'in_use' }],
      transitions: [{ key: 'go', name: 'Go', from: ['a'], to: 'b', fields: [], guards: ['has_location'], effects: [] }],
    };
    const r = evaluateTransition(model, { stage: 'a', assignedPersonId: null, locationId: null }, 'go', {}, TODAY);
    expect(r.ok ? [] : r.violations.map((v) => v.code)).toEqual(['LIFECYCLE_GUARD_HAS_LOCATION']);
    expect(evaluateTransition(model, { stage: 'a', assignedPersonId: null, locationId: LOCATION }, 'go', {}, TODAY).ok).toBe(true);
  });

  it('checks the source stage before the guards', () => {
    const { model, t } = withGuard('not_assigned')[0]!;
    const elsewhere = model.stages.find((s) => !t.from.includes(s.key))!;
    const r = evaluateTransition(model, { stage: elsewhere.key, assignedPersonId: PERSON, locationId: null }, t.key, evidenceFor(t), TODAY);
    expect(r.ok ? [] : r.violations.map((v) => v.code)).toEqual(['LIFECYCLE_TRANSITION_NOT_ALLOWED']);
  });
});

describe('effects', () => {
  it.each(['start_assignment', 'end_assignment', 'set_location', 'mark_verified'] as const)('%s is used by a default model', (e) => {
    expect(withEffect(e).length).toBeGreaterThan(0);
  });

  it.each(withEffect('start_assignment').map((x) => [x.name, x] as const))('%s assigns the person given as evidence', (_n, { model, t }) => {
    const evidence = evidenceFor(t);
    const hasReturn = t.fields.some((f) => f.key === 'expected_return_date');
    if (hasReturn) evidence['expected_return_date'] = '2025-12-31';
    for (const out of runFromEverySource(model, t, evidence, assignedFor(t, true))) {
      expect(out.changes.assignedPersonId).toBe(PERSON);
      expect(out.changes.expectedReturnDate).toBe(hasReturn ? '2025-12-31' : null);
    }
    // Without an expected return date the previous one is cleared, not kept.
    delete evidence['expected_return_date'];
    for (const out of runFromEverySource(model, t, evidence, assignedFor(t, true))) expect(out.changes.expectedReturnDate).toBeNull();
  });

  it.each(withEffect('end_assignment').map((x) => [x.name, x] as const))('%s ends the assignment', (_n, { model, t }) => {
    for (const out of runFromEverySource(model, t, evidenceFor(t), assignedFor(t, true))) {
      expect(out.changes.assignedPersonId).toBeNull();
      expect(out.changes.expectedReturnDate).toBeNull();
    }
  });

  it.each(withEffect('set_location').map((x) => [x.name, x] as const))('%s moves the asset only when a location is given', (_n, { model, t }) => {
    for (const out of runFromEverySource(model, t, evidenceFor(t), assignedFor(t, false))) expect(out.changes.locationId).toBe(LOCATION);
    const withoutLocation = evidenceFor(t);
    delete withoutLocation['location_id'];
    for (const out of runFromEverySource(model, t, withoutLocation, assignedFor(t, false))) expect(out.changes).not.toHaveProperty('locationId');
  });

  it.each(withEffect('mark_verified').map((x) => [x.name, x] as const))('%s records today as the last-verified date', (_n, { model, t }) => {
    for (const out of runFromEverySource(model, t, evidenceFor(t), assignedFor(t, false))) expect(out.changes.lastVerifiedOn).toBe(TODAY);
  });

  it.each(all.filter((x) => !x.t.effects.includes('set_location')).map((x) => [x.name, x] as const))(
    '%s leaves the location alone', (_n, { model, t }) => {
      for (const out of runFromEverySource(model, t, evidenceFor(t), assignedFor(t, false))) {
        expect(out.changes).not.toHaveProperty('locationId');
      }
    },
  );

  it('reports the effects it applied', () => {
    const { model, t } = withEffect('start_assignment')[0]!;
    const [out] = runFromEverySource(model, t, evidenceFor(t), assignedFor(t, false));
    expect(out!.effects).toEqual(t.effects);
  });
});
