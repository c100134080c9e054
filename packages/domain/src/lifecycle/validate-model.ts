import { EFFECTS, GUARDS, STAGE_KINDS, UNASSIGNED_STAGE_KINDS, type LifecycleModelDefinition } from './model.js';
import { validateAttributeSchema } from '../attributes/validate-schema.js';
import { SNAKE_KEY as KEY } from '../attributes/field-types.js';
import { type Verdict, type Violation, accept, reject } from '../verdict.js';

/**
 * The stages an asset may be in while assigned: an in-use stage it is registered in, a stage a transition assigns
 * into, and any stage reached from one of those by a transition that neither ends the assignment nor requires none.
 */
export function stagesThatMayBeAssigned(model: LifecycleModelDefinition): Set<string> {
  const kind = new Map<string, string>(model.stages.map((s) => [s.key, s.kind]));
  const may = new Set(model.initialStages.filter((s) => kind.get(s) === 'in_use'));
  for (let grew = true; grew;) {
    grew = false;
    for (const t of model.transitions) {
      if (may.has(t.to)) continue;
      const keeps = !t.effects.includes('end_assignment') && !t.guards.includes('not_assigned') && t.from.some((f) => may.has(f));
      if (t.effects.includes('start_assignment') || keeps) { may.add(t.to); grew = true; }
    }
  }
  return may;
}

/** Checks a lifecycle model definition is self-consistent before it is stored as a new version. */
export function validateLifecycleModel(model: LifecycleModelDefinition): Verdict<LifecycleModelDefinition> {
  const v: Violation[] = [];
  const add = (code: string, message: string, field?: string) => v.push(field ? { code, message, field } : { code, message });
  if (!KEY.test(model.key)) add('MODEL_INVALID_KEY', 'Model key must be snake_case', 'key');
  const stageKeys = new Set<string>();
  for (const [i, s] of model.stages.entries()) {
    if (!KEY.test(s.key)) add('MODEL_INVALID_KEY', `Stage key "${s.key}" must be snake_case`, `stages[${i}].key`);
    if (stageKeys.has(s.key)) add('MODEL_DUPLICATE_STAGE', `Stage "${s.key}" is defined twice`, `stages[${i}].key`);
    if (!(STAGE_KINDS as readonly string[]).includes(s.kind)) add('MODEL_INVALID_STAGE_KIND', `Unknown stage kind "${s.kind}"`, `stages[${i}].kind`);
    stageKeys.add(s.key);
  }
  if (model.stages.length === 0) add('MODEL_NO_STAGES', 'A model needs at least one stage', 'stages');
  if (model.initialStages.length === 0) add('MODEL_NO_INITIAL_STAGE', 'A model needs at least one initial stage', 'initialStages');
  for (const s of model.initialStages) if (!stageKeys.has(s)) add('MODEL_UNKNOWN_STAGE', `Initial stage "${s}" is not defined`, 'initialStages');
  const transitionKeys = new Set<string>();
  for (const [i, t] of model.transitions.entries()) {
    const at = `transitions[${i}]`;
    if (!KEY.test(t.key)) add('MODEL_INVALID_KEY', `Transition key "${t.key}" must be snake_case`, `${at}.key`);
    if (transitionKeys.has(t.key)) add('MODEL_DUPLICATE_TRANSITION', `Transition "${t.key}" is defined twice`, `${at}.key`);
    transitionKeys.add(t.key);
    if (t.from.length === 0) add('MODEL_TRANSITION_WITHOUT_SOURCE', `Transition "${t.key}" has no source stage`, `${at}.from`);
    for (const f of t.from) if (!stageKeys.has(f)) add('MODEL_UNKNOWN_STAGE', `Transition "${t.key}" starts from unknown stage "${f}"`, `${at}.from`);
    if (!stageKeys.has(t.to)) add('MODEL_UNKNOWN_STAGE', `Transition "${t.key}" leads to unknown stage "${t.to}"`, `${at}.to`);
    for (const g of t.guards) if (!Object.hasOwn(GUARDS, g)) add('MODEL_UNKNOWN_GUARD', `Unknown guard "${g}"`, `${at}.guards`);
    for (const e of t.effects) if (!Object.hasOwn(EFFECTS, e)) add('MODEL_UNKNOWN_EFFECT', `Unknown effect "${e}"`, `${at}.effects`);
    if (t.effects.includes('start_assignment') && !t.fields.some((f) => f.key === 'assigned_person_id' && f.type === 'person_ref' && f.required)) {
      add('MODEL_EFFECT_NEEDS_FIELD', `"${t.key}" assigns, so it needs a required person_ref field "assigned_person_id"`, `${at}.fields`);
    }
    if (t.effects.includes('set_location') && !t.fields.some((f) => f.key === 'location_id' && f.type === 'location_ref')) {
      add('MODEL_EFFECT_NEEDS_FIELD', `"${t.key}" moves, so it needs a location_ref field "location_id"`, `${at}.fields`);
    }
    // Evidence is a fact of one transition, kept with it: only an asset type's attributes are watched as dates.
    if (t.fields.some((f) => f.monitor !== undefined)) add('MODEL_EVIDENCE_MONITORED', `"${t.key}": evidence fields are not monitored; monitor a date attribute of the asset type instead`, `${at}.fields`);
    const schema = validateAttributeSchema(t.fields);
    if (!schema.ok) for (const s of schema.violations) v.push({ ...s, field: `${at}.fields` });
    const to = model.stages.find((s) => s.key === t.to);
    if (to && t.effects.includes('start_assignment') && to.kind !== 'in_use') {
      add('MODEL_INVALID_EFFECT', `"${t.key}" cannot assign into a ${to.kind} stage`, `${at}.effects`);
    }
  }
  // An asset retired, lost or disposed is no longer anyone's: a transition there from a stage that may be assigned
  // ends the assignment or requires there is none.
  const assignable = stagesThatMayBeAssigned(model);
  for (const [i, t] of model.transitions.entries()) {
    const to = model.stages.find((s) => s.key === t.to);
    if (!to || !UNASSIGNED_STAGE_KINDS.includes(to.kind) || t.effects.includes('end_assignment') || t.guards.includes('not_assigned')) continue;
    if (t.from.some((f) => assignable.has(f))) {
      add('MODEL_KEEPS_ASSIGNEE', `"${t.key}" leads to the ${to.kind} stage "${to.key}" from a stage where the asset may be assigned: give it the end_assignment effect or the not_assigned guard`, `transitions[${i}]`);
    }
  }
  return v.length ? reject(...v) : accept(model);
}
