import type { FieldDefinition } from '../attributes/field-types.js';

/**
 * What a stage means to the rest of the register, whatever a model calls it.
 * Guards, reports and the assignment endpoints reason about kinds, never about stage names.
 */
export const STAGE_KINDS = [
  'planned', // planning and budgeting
  'ordered', // acquisition in progress
  'available', // in stock / ready to assign
  'in_use', // assigned, deployed, running, active
  'maintenance',
  'retired', // decommissioned: withdrawn from use, decision pending or made
  'hold', // legal hold: kept unchanged for an extended period
  'missing', // whereabouts unknown, under investigation
  'lost', // lost or stolen: declared gone
  'disposed', // permanently removed; terminal
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** Stage kinds an asset is in once out of use: whoever held it must have given it back first. */
export const UNASSIGNED_STAGE_KINDS: readonly StageKind[] = ['retired', 'lost', 'disposed'];

/** Conditions checked against the asset's current state before a transition may run. */
export const GUARDS = {
  not_assigned: 'The asset must not be assigned to anyone',
  is_assigned: 'The asset must be assigned to someone',
  has_location: 'The asset must have a location',
} as const;
export type GuardKey = keyof typeof GUARDS;

/** Changes a transition makes besides the stage. Field names they read are fixed here. */
export const EFFECTS = {
  start_assignment: 'Assigns the asset to the person in "assigned_person_id" (with optional "expected_return_date")',
  end_assignment: 'Ends the current assignment',
  set_location: 'Moves the asset to "location_id" when given',
  mark_verified: 'Records today as the last-verified date',
} as const;
export type EffectKey = keyof typeof EFFECTS;

export interface StageDefinition {
  key: string;
  name: string;
  kind: StageKind;
  description?: string;
}

export interface TransitionDefinition {
  key: string;
  name: string;
  from: string[];
  to: string;
  /** Required fields and evidence captured with the transition (Table 2.2). */
  fields: FieldDefinition[];
  guards: GuardKey[];
  effects: EffectKey[];
  description?: string;
}

export interface LifecycleModelDefinition {
  key: string;
  name: string;
  description?: string;
  /** Stages an asset may be created in. */
  initialStages: string[];
  stages: StageDefinition[];
  transitions: TransitionDefinition[];
}

/**
 * The stage a newly registered asset takes when none is given: the model's initial stage of kind `available`
 * (a registered asset usually exists already), else its first initial stage.
 */
export function defaultStage(model: LifecycleModelDefinition): string {
  const available = model.initialStages.find((key) => model.stages.some((s) => s.key === key && s.kind === 'available'));
  return available ?? model.initialStages[0]!;
}
