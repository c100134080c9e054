import { describe, expect, it } from 'vitest';
import type { FieldDefinition, FieldType } from '../../attributes/field-types.js';
import type { LifecycleModelDefinition, StageKind, TransitionDefinition } from '../model.js';
import { DEFAULT_LIFECYCLE_MODELS } from './index.js';
import { validateLifecycleModel } from '../validate-model.js';
import { type LifecycleState, evaluateTransition } from '../evaluate-transition.js';

// Shape of the default models: valid, connected, no dead ends, and assignments that follow the stage kinds.

const TODAY = '2025-06-15';
const PERSON = '00000000-0000-4000-8000-000000000001';
const SAMPLE: Record<FieldType, (f: FieldDefinition) => unknown> = {
  text: () => 'x', long_text: () => 'x', number: () => 1, integer: () => 1, money: () => ({ amountMinor: 1, currency: 'EUR' }),
  date: () => '2025-06-01', boolean: () => true, enum: (f) => f.options![0], url: () => 'https://example.com/', email: () => 'a@example.com',
  ip: () => '10.0.0.1', mac: () => '00:00:00:00:00:01', person_ref: () => PERSON,
  location_ref: () => '00000000-0000-4000-8000-000000000003', asset_ref: () => '00000000-0000-4000-8000-000000000004',
};
const evidenceFor = (t: TransitionDefinition) => Object.fromEntries(t.fields.map((f) => [f.key, SAMPLE[f.type](f)]));

const models = DEFAULT_LIFECYCLE_MODELS.map((m) => [m.key, m] as const);
const kindOf = (model: LifecycleModelDefinition, stage: string): StageKind => model.stages.find((s) => s.key === stage)!.kind;
const disposedStages = (model: LifecycleModelDefinition) => model.stages.filter((s) => s.kind === 'disposed').map((s) => s.key);

/** Stages reachable from `starts` following the model's transitions (ignoring guards). */
function reachableStages(model: LifecycleModelDefinition, starts: string[]): Set<string> {
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length) {
    const stage = queue.shift()!;
    for (const t of model.transitions) if (t.from.includes(stage) && !seen.has(t.to)) seen.add(t.to), queue.push(t.to);
  }
  return seen;
}

/**
 * Every state an asset can really get into: created in an initial stage (assigned only in an in-use stage, as the
 * register allows), then moved by evaluateTransition with complete evidence, with or without a new assignee.
 */
function stateSpace(model: LifecycleModelDefinition) {
  const id = (s: LifecycleState) => `${s.stage}|${s.assignedPersonId ? 'assigned' : 'free'}`;
  const states = new Map<string, LifecycleState>();
  const edges = new Map<string, Set<string>>();
  const queue: LifecycleState[] = [];
  const visit = (s: LifecycleState) => {
    if (!states.has(id(s))) states.set(id(s), s), edges.set(id(s), new Set()), queue.push(s);
  };
  for (const stage of model.initialStages) {
    visit({ stage, assignedPersonId: null, locationId: null });
    if (kindOf(model, stage) === 'in_use') visit({ stage, assignedPersonId: PERSON, locationId: null });
  }
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of model.transitions) {
      const r = evaluateTransition(model, s, t.key, evidenceFor(t), TODAY);
      if (!r.ok) continue;
      const c = r.value.changes;
      const next = { stage: c.stage, assignedPersonId: c.assignedPersonId === undefined ? s.assignedPersonId : c.assignedPersonId, locationId: null };
      visit(next);
      edges.get(id(s))!.add(id(next));
    }
  }
  return { states, edges };
}

describe.each(models)('default model %s', (_key, model) => {
  it('passes validateLifecycleModel', () => {
    const r = validateLifecycleModel(model);
    expect(r.ok ? [] : r.violations).toEqual([]);
  });

  it('reaches every stage from an initial stage', () => {
    expect([...reachableStages(model, model.initialStages)].sort()).toEqual(model.stages.map((s) => s.key).sort());
  });

  it('can never be created directly in a disposed stage', () => {
    expect(model.initialStages.filter((s) => kindOf(model, s) === 'disposed')).toEqual([]);
  });

  it('offers a way out of every stage that is not disposed', () => {
    const stuck = model.stages
      .filter((s) => s.kind !== 'disposed')
      .filter((s) => !model.transitions.some((t) => t.from.includes(s.key) && t.to !== s.key))
      .map((s) => s.key);
    expect(stuck).toEqual([]);
  });

  it('has a reachable disposed stage, and disposed stages are terminal', () => {
    const disposed = disposedStages(model);
    expect(disposed.length).toBeGreaterThan(0);
    expect(disposed.some((s) => reachableStages(model, model.initialStages).has(s))).toBe(true);
    expect(model.transitions.filter((t) => t.from.some((f) => disposed.includes(f))).map((t) => t.key)).toEqual([]);
  });

  it('cannot dispose of an asset that is still assigned', () => {
    const intoDisposed = model.transitions.filter((t) => disposedStages(model).includes(t.to));
    expect(intoDisposed.length).toBeGreaterThan(0);
    for (const t of intoDisposed) expect(t.guards, t.key).toContain('not_assigned');
  });

  it('ends the assignment when an in-use asset is retired, lost or disposed', () => {
    const ending = model.transitions.filter(
      (t) => ['retired', 'lost', 'disposed'].includes(kindOf(model, t.to)) && t.from.some((f) => kindOf(model, f) === 'in_use'),
    );
    for (const t of ending) expect(t.effects, t.key).toContain('end_assignment');
  });

  it('has no dead end: from every reachable state a disposed stage can still be reached', () => {
    const { states, edges } = stateSpace(model);
    const canFinish = new Set([...states].filter(([, s]) => kindOf(model, s.stage) === 'disposed').map(([k]) => k));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [k, next] of edges) if (!canFinish.has(k) && [...next].some((n) => canFinish.has(n))) canFinish.add(k), (grew = true);
    }
    expect([...states.keys()].filter((k) => !canFinish.has(k))).toEqual([]);
  });

  it('never leaves an assignee on a retired, lost or disposed asset', () => {
    const { states } = stateSpace(model);
    const wrong = [...states.values()].filter((s) => s.assignedPersonId !== null && ['retired', 'lost', 'disposed'].includes(kindOf(model, s.stage)));
    expect(wrong.map((s) => s.stage)).toEqual([]);
  });
});

describe.each(DEFAULT_LIFECYCLE_MODELS.filter((m) => ['hardware', 'software_licence'].includes(m.key)).map((m) => [m.key, m] as const))(
  '%s: assignment follows the stage kind',
  (_key, model) => {
    it('an in-use asset always has an assignee; an available, held or retired one never has', () => {
      const { states } = stateSpace(model);
      for (const s of states.values()) {
        const kind = kindOf(model, s.stage);
        if (kind === 'in_use') expect(s.assignedPersonId, s.stage).not.toBeNull();
        if (['available', 'hold', 'retired', 'lost', 'disposed', 'planned', 'ordered'].includes(kind)) expect(s.assignedPersonId, s.stage).toBeNull();
      }
    });
  },
);
