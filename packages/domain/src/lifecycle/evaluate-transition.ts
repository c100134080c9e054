import { GUARDS, UNASSIGNED_STAGE_KINDS, type EffectKey, type GuardKey, type LifecycleModelDefinition, type TransitionDefinition } from './model.js';
import { validateAttributes, type AttributeReference } from '../attributes/validate-attributes.js';
import { type Verdict, type Violation, accept, reject } from '../verdict.js';

/** The part of an asset's state the lifecycle rules look at. */
export interface LifecycleState {
  stage: string;
  assignedPersonId: string | null;
  locationId: string | null;
}

export interface TransitionOutcome {
  transition: string;
  from: string;
  to: string;
  evidence: Record<string, unknown>;
  references: AttributeReference[];
  /** The asset fields the transition's effects change, with their new values. */
  changes: {
    stage: string;
    assignedPersonId?: string | null;
    expectedReturnDate?: string | null;
    locationId?: string;
    lastVerifiedOn?: string;
  };
  effects: EffectKey[];
}

function guardFails(guard: GuardKey, state: LifecycleState): boolean {
  switch (guard) {
    case 'not_assigned':
      return state.assignedPersonId !== null;
    case 'is_assigned':
      return state.assignedPersonId === null;
    case 'has_location':
      return state.locationId === null;
  }
}

/**
 * Guards a transition fails in the given state, as violations; empty when it may run. With the model, a transition
 * into a retired, lost or disposed stage that does not end the assignment has the not_assigned guard implied: a model
 * stored before models were checked for it (validateLifecycleModel) cannot leave such an asset with its holder.
 */
export function failedGuards(transition: TransitionDefinition, state: LifecycleState, model?: LifecycleModelDefinition): Violation[] {
  const toKind = model?.stages.find((st) => st.key === transition.to)?.kind;
  const implied = toKind && UNASSIGNED_STAGE_KINDS.includes(toKind) && !transition.effects.includes('end_assignment') && !transition.guards.includes('not_assigned');
  return [...transition.guards, ...(implied ? (['not_assigned'] as const) : [])]
    .filter((g) => guardFails(g, state))
    .map((g) => ({ code: `LIFECYCLE_GUARD_${g.toUpperCase()}`, message: GUARDS[g] }));
}

/** Transitions that start from the current stage, each with the guards it would fail now. */
export function transitionsFrom(model: LifecycleModelDefinition, state: LifecycleState) {
  return model.transitions
    .filter((t) => t.from.includes(state.stage))
    .map((t) => ({ transition: t, blockedBy: failedGuards(t, state, model) }));
}

/**
 * Decides whether `transitionKey` may run on an asset in `state` with the given evidence, on `today` (the server's
 * date, which the effects record). Evidence dates that cannot be in the future may be as late as `latestToday`, the
 * latest date that is today somewhere (`todayAnywhere`): the person's own today, in their time zone, is never refused.
 * Returns the new stage and the field changes the transition's effects make.
 */
export function evaluateTransition(
  model: LifecycleModelDefinition,
  state: LifecycleState,
  transitionKey: string,
  input: Record<string, unknown>,
  today: string,
  latestToday: string = today,
): Verdict<TransitionOutcome> {
  const transition = model.transitions.find((t) => t.key === transitionKey);
  if (!transition) {
    return reject({ code: 'LIFECYCLE_UNKNOWN_TRANSITION', message: `Model "${model.key}" has no transition "${transitionKey}"` });
  }
  if (!transition.from.includes(state.stage)) {
    return reject({
      code: 'LIFECYCLE_TRANSITION_NOT_ALLOWED',
      message: `"${transition.name}" is not allowed from stage "${state.stage}"`,
      details: { from: state.stage, allowedFrom: transition.from },
    });
  }
  const guardViolations = failedGuards(transition, state, model);
  if (guardViolations.length) return reject(...guardViolations);

  const validated = validateAttributes(transition.fields, input);
  if (!validated.ok) {
    return reject(...validated.violations.map((v) => ({ ...v, field: v.field?.replace(/^attributes\./, 'evidence.') })));
  }
  const evidence = validated.value.values;
  const late = transition.fields.filter(
    (f) => f.type === 'date' && f.notInFuture && typeof evidence[f.key] === 'string' && (evidence[f.key] as string) > latestToday,
  );
  if (late.length) {
    return reject(...late.map((f) => ({ code: 'EVIDENCE_DATE_IN_FUTURE', field: `evidence.${f.key}`, message: `${f.label} cannot be in the future (after ${latestToday})` })));
  }

  const changes: TransitionOutcome['changes'] = { stage: transition.to };
  for (const effect of transition.effects) {
    switch (effect) {
      case 'start_assignment':
        changes.assignedPersonId = evidence['assigned_person_id'] as string;
        changes.expectedReturnDate = (evidence['expected_return_date'] as string | undefined) ?? null;
        break;
      case 'end_assignment':
        changes.assignedPersonId = null;
        changes.expectedReturnDate = null;
        break;
      case 'set_location':
        if (typeof evidence['location_id'] === 'string') changes.locationId = evidence['location_id'];
        break;
      case 'mark_verified':
        changes.lastVerifiedOn = today;
        break;
    }
  }
  return accept({
    transition: transition.key,
    from: state.stage,
    to: transition.to,
    evidence,
    references: validated.value.references,
    changes,
    effects: transition.effects,
  });
}
