import { describe, expect, it } from 'vitest';
import type { LifecycleModelDefinition } from './model.js';
import { validateLifecycleModel } from './validate-model.js';
import { DEFAULT_LIFECYCLE_MODELS } from './models/index.js';

/** A small valid model; each test breaks one thing in a fresh copy. */
function base(): LifecycleModelDefinition {
  return {
    key: 'laptop',
    name: 'Laptop',
    initialStages: ['stock'],
    stages: [
      { key: 'stock', name: 'Stock', kind: 'available' },
      { key: 'used', name: 'Used', kind: 'in_use' },
      { key: 'gone', name: 'Gone', kind: 'disposed' },
    ],
    transitions: [
      {
        key: 'assign', name: 'Assign', from: ['stock'], to: 'used', guards: ['not_assigned'], effects: ['start_assignment', 'set_location'],
        fields: [
          { key: 'assigned_person_id', label: 'Person', type: 'person_ref', required: true },
          { key: 'location_id', label: 'Location', type: 'location_ref' },
        ],
      },
      { key: 'check_in', name: 'Check in', from: ['used'], to: 'stock', guards: [], effects: ['end_assignment'], fields: [] },
      { key: 'dispose', name: 'Dispose', from: ['stock'], to: 'gone', guards: ['not_assigned'], effects: [], fields: [] },
    ],
  };
}

const violations = (m: LifecycleModelDefinition) => {
  const r = validateLifecycleModel(m);
  return r.ok ? [] : r.violations.map((v) => ({ code: v.code, field: v.field }));
};
const assign = (m: LifecycleModelDefinition) => m.transitions[0]!;

describe('validateLifecycleModel', () => {
  it('accepts the base model unchanged', () => {
    const m = base();
    const r = validateLifecycleModel(m);
    expect(r.ok && r.value).toBe(m);
  });

  it('refuses a stage defined twice', () => {
    const m = base();
    m.stages.push({ key: 'used', name: 'Used again', kind: 'maintenance' });
    expect(violations(m)).toEqual([{ code: 'MODEL_DUPLICATE_STAGE', field: 'stages[3].key' }]);
  });

  it('refuses a transition defined twice', () => {
    const m = base();
    m.transitions.push({ ...m.transitions[1]!, from: ['stock'] });
    expect(violations(m)).toEqual([{ code: 'MODEL_DUPLICATE_TRANSITION', field: 'transitions[3].key' }]);
  });

  it('refuses an unknown stage in from', () => {
    const m = base();
    m.transitions[1]!.from = ['used', 'repair'];
    expect(violations(m)).toEqual([{ code: 'MODEL_UNKNOWN_STAGE', field: 'transitions[1].from' }]);
  });

  it('refuses an unknown stage in to', () => {
    const m = base();
    m.transitions[1]!.to = 'warehouse';
    expect(violations(m)).toEqual([{ code: 'MODEL_UNKNOWN_STAGE', field: 'transitions[1].to' }]);
  });

  it('refuses an unknown initial stage, and a model without one', () => {
    const m = base();
    m.initialStages = ['stock', 'limbo'];
    expect(violations(m)).toEqual([{ code: 'MODEL_UNKNOWN_STAGE', field: 'initialStages' }]);
    m.initialStages = [];
    expect(violations(m)).toEqual([{ code: 'MODEL_NO_INITIAL_STAGE', field: 'initialStages' }]);
  });

  it('refuses a model without stages and a transition without a source', () => {
    const m = base();
    m.transitions[2]!.from = [];
    expect(violations(m)).toEqual([{ code: 'MODEL_TRANSITION_WITHOUT_SOURCE', field: 'transitions[2].from' }]);
    const empty: LifecycleModelDefinition = { key: 'empty', name: 'Empty', initialStages: [], stages: [], transitions: [] };
    expect(violations(empty).map((v) => v.code)).toEqual(['MODEL_NO_STAGES', 'MODEL_NO_INITIAL_STAGE']);
  });

  it('refuses an unknown stage kind', () => {
    const m = base();
    (m.stages[2] as { kind: string }).kind = 'recycled';
    expect(violations(m)).toEqual([{ code: 'MODEL_INVALID_STAGE_KIND', field: 'stages[2].kind' }]);
  });

  // Names inherited from Object.prototype must not pass as guards or effects.
  it.each(['is_broken', 'constructor', 'toString', '__proto__'])('refuses the unknown guard "%s"', (guard) => {
    const m = base();
    (m.transitions[2]!.guards as string[]).push(guard);
    expect(violations(m)).toEqual([{ code: 'MODEL_UNKNOWN_GUARD', field: 'transitions[2].guards' }]);
  });

  it.each(['send_email', 'hasOwnProperty', 'valueOf'])('refuses the unknown effect "%s"', (effect) => {
    const m = base();
    (m.transitions[2]!.effects as string[]).push(effect);
    expect(violations(m)).toEqual([{ code: 'MODEL_UNKNOWN_EFFECT', field: 'transitions[2].effects' }]);
  });

  it('refuses start_assignment without a required person_ref assigned_person_id', () => {
    const missing = base();
    assign(missing).fields = assign(missing).fields.filter((f) => f.key !== 'assigned_person_id');
    const optional = base();
    assign(optional).fields[0] = { ...assign(optional).fields[0]!, required: false };
    const wrongType = base();
    assign(wrongType).fields[0] = { ...assign(wrongType).fields[0]!, type: 'text' };
    for (const m of [missing, optional, wrongType]) {
      expect(violations(m)).toEqual([{ code: 'MODEL_EFFECT_NEEDS_FIELD', field: 'transitions[0].fields' }]);
    }
  });

  it('refuses set_location without a location_ref location_id', () => {
    const missing = base();
    assign(missing).fields = assign(missing).fields.filter((f) => f.key !== 'location_id');
    const wrongType = base();
    assign(wrongType).fields[1] = { key: 'location_id', label: 'Location', type: 'text' };
    for (const m of [missing, wrongType]) {
      expect(violations(m)).toEqual([{ code: 'MODEL_EFFECT_NEEDS_FIELD', field: 'transitions[0].fields' }]);
    }
  });

  it('refuses a monitored evidence field: only asset types watch dates', () => {
    const m = base();
    assign(m).fields.push({ key: 'return_by', label: 'Return by', type: 'date', monitor: { label: 'Return due', leadDays: 7 } });
    expect(violations(m)).toEqual([{ code: 'MODEL_EVIDENCE_MONITORED', field: 'transitions[0].fields' }]);
  });

  it('refuses start_assignment into a stage that is not in use', () => {
    const m = base();
    assign(m).to = 'stock';
    expect(violations(m)).toEqual([{ code: 'MODEL_INVALID_EFFECT', field: 'transitions[0].effects' }]);
  });

  it('refuses keys that are not snake_case', () => {
    for (const bad of ['Laptop', 'in stock', '1st', '', 'a-b', `a${'b'.repeat(63)}`]) {
      const m = base();
      m.key = bad;
      expect(violations(m), JSON.stringify(bad)).toEqual([{ code: 'MODEL_INVALID_KEY', field: 'key' }]);
    }
    const stage = base();
    stage.stages[2]!.key = 'Gone';
    expect(violations(stage)).toContainEqual({ code: 'MODEL_INVALID_KEY', field: 'stages[2].key' });
    const transition = base();
    transition.transitions[2]!.key = 'dispose-now';
    expect(violations(transition)).toEqual([{ code: 'MODEL_INVALID_KEY', field: 'transitions[2].key' }]);
  });

  it('refuses invalid evidence field definitions, naming the transition', () => {
    const m = base();
    m.transitions[2]!.fields = [{ key: 'reason', label: 'Reason', type: 'enum', required: true }];
    expect(violations(m)).toEqual([{ code: 'SCHEMA_ENUM_WITHOUT_OPTIONS', field: 'transitions[2].fields' }]);
  });

  it('reports every problem at once', () => {
    const m = base();
    m.stages.push({ key: 'stock', name: 'Dup', kind: 'available' });
    m.transitions[1]!.to = 'nowhere';
    (m.transitions[2]!.guards as string[]).push('nope');
    expect(violations(m).map((v) => v.code)).toEqual(['MODEL_DUPLICATE_STAGE', 'MODEL_UNKNOWN_STAGE', 'MODEL_UNKNOWN_GUARD']);
  });
  it('refuses a transition into a retired, lost or disposed stage that would keep the assignee (MODEL_KEEPS_ASSIGNEE)', () => {
    for (const kind of ['disposed', 'lost', 'retired'] as const) {
      const m = base();
      m.stages[2]!.kind = kind;
      m.transitions.push({ key: 'scrap', name: 'Scrap', from: ['used'], to: 'gone', guards: [], effects: [], fields: [] });
      expect(violations(m)).toEqual([{ code: 'MODEL_KEEPS_ASSIGNEE', field: 'transitions[3]' }]);
      m.transitions[3]!.effects = ['end_assignment'];
      expect(violations(m)).toEqual([]);
      m.transitions[3]!.effects = [];
      m.transitions[3]!.guards = ['not_assigned'];
      expect(violations(m)).toEqual([]);
    }
    // From a stage no assignment reaches (entered only unassigned), no guard is needed; through an intermediate stage it is.
    const m = base();
    m.stages.push({ key: 'hold', name: 'Hold', kind: 'hold' });
    m.transitions.push({ key: 'hold', name: 'Hold', from: ['stock'], to: 'hold', guards: ['not_assigned'], effects: [], fields: [] });
    m.transitions.push({ key: 'release', name: 'Release', from: ['hold'], to: 'gone', guards: [], effects: [], fields: [] });
    expect(violations(m)).toEqual([]);
    m.transitions.push({ key: 'hold_used', name: 'Hold used', from: ['used'], to: 'hold', guards: [], effects: [], fields: [] });
    expect(violations(m)).toEqual([{ code: 'MODEL_KEEPS_ASSIGNEE', field: 'transitions[4]' }]);
  });

  it('the default models keep no assignee into a retired, lost or disposed stage', () => {
    for (const m of DEFAULT_LIFECYCLE_MODELS) expect(violations(m)).toEqual([]);
  });
});
