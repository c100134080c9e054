import { revealAsset } from './sensitive.js';
import { AppError, type Asset } from '@custodia/contracts';
import { failedGuards, type LifecycleModelDefinition, type TransitionDefinition } from '@custodia/domain';
import type { Row as DataRow } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, assertVersion, runChange } from '../shared/change.js';
import { loadModel } from '../lifecycle/model-store.js';
import { applyTransition } from './apply-transition.js';
import { loadAssetRow } from './load-asset.js';

type Row = DataRow<'assets'>;

/** Finds the transition of the asset's model that does `effect` from its current stage with every guard passing. */
function findTransition(model: LifecycleModelDefinition, row: Row, effect: 'start_assignment' | 'end_assignment', targetKind?: string): TransitionDefinition | undefined {
  const state = { stage: row.stage, assignedPersonId: row.assigned_person_id, locationId: row.location_id };
  return model.transitions.find(
    (t) => t.from.includes(row.stage) && t.effects.includes(effect) && failedGuards(t, state, model).length === 0 &&
      (targetKind === undefined || model.stages.find((s) => s.key === t.to)?.kind === targetKind),
  );
}

/** Keeps only the evidence fields the chosen transition defines, so callers can pass a superset. */
function evidenceFor(t: TransitionDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set(t.fields.map((f) => f.key));
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => keys.has(k) && v !== undefined));
}

export interface AssignInput {
  personId: string; expectedReturnDate?: string | undefined; locationId?: string | undefined; note?: string | undefined;
  /** The person was told the asset's usage policies (recorded in the history, see applyTransition). */
  policiesAcknowledged?: boolean | undefined;
}

/** Assigns to an individual (never a unit, §4.2.3.2) through the model's assigning transition; refused unless available. */
export async function assignInTx(ctx: Context, tx: Tx, id: string, expectedVersion: number | null, input: AssignInput, now: string, happenedOn?: string) {
  const row = await loadAssetRow(tx, id, ctx.access.scope);
  if (expectedVersion !== null) assertVersion('asset', Number(row.version), expectedVersion);
  const model = await loadModel(tx, row.lifecycle_model_id);
  // Assigning starts a new assignment: an asset someone already holds is not available (hand-overs are a reassign transition).
  const t = row.assigned_person_id ? undefined : findTransition(model.definition, row, 'start_assignment');
  if (!t) throw new AppError('ASSET_NOT_AVAILABLE', `An asset in stage "${row.stage}" cannot be assigned`, { extra: { stage: row.stage } });
  const evidence = evidenceFor(t, { assigned_person_id: input.personId, expected_return_date: input.expectedReturnDate, location_id: input.locationId, note: input.note });
  return applyTransition(ctx, tx, id, null, t.key, evidence, now, happenedOn, input.policiesAcknowledged);
}

export async function assignAsset(ctx: Context, id: string, expectedVersion: number, input: AssignInput, reason?: string): Promise<Asset> {
  return runChange(ctx, reason, async (tx, now) => {
    const { asset, events } = await assignInTx(ctx, tx, id, expectedVersion, input, now);
    return { result: revealAsset(ctx, asset), events };
  });
}

export interface CheckInInput { returnedOn: string; condition?: string | undefined; locationId?: string | undefined; note?: string | undefined }

/** Check-in ends the assignment and returns the asset to stock. */
export async function checkInAsset(ctx: Context, id: string, expectedVersion: number, input: CheckInInput, reason?: string): Promise<Asset> {
  return runChange(ctx, reason, async (tx, now) => {
    const row = await loadAssetRow(tx, id, ctx.access.scope);
    assertVersion('asset', Number(row.version), expectedVersion);
    if (!row.assigned_person_id) throw new AppError('ASSET_NOT_ASSIGNED', 'The asset is not assigned to anyone');
    const model = await loadModel(tx, row.lifecycle_model_id);
    const t = findTransition(model.definition, row, 'end_assignment', 'available');
    if (!t) throw new AppError('LIFECYCLE_TRANSITION_NOT_ALLOWED', `No check-in from stage "${row.stage}"`);
    const evidence = evidenceFor(t, { returned_on: input.returnedOn, released_on: input.returnedOn, condition: input.condition ?? 'good', location_id: input.locationId, note: input.note });
    const { asset, events } = await applyTransition(ctx, tx, id, null, t.key, evidence, now);
    return { result: revealAsset(ctx, asset), events };
  });
}
