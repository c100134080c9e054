import { SCOPE_ALL } from '@custodia/domain';
import { AppError, type Asset } from '@custodia/contracts';
import { type FieldChanges, dayNotBefore, diffRecords, evaluateTransition, expectedReturnProblem, todayAnywhere } from '@custodia/domain';
import { type EventInput, newId, readBool, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { todayOf } from '../shared/today.js';
import { type Tx, assertVersion, versionConflict } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';
import { violationsError } from '../shared/verdict-error.js';
import { loadModel } from '../lifecycle/model-store.js';
import { presentAsset } from './present-asset.js';
import { loadAssetRow } from './load-asset.js';
import { policiesOf } from './asset-policies.js';

/**
 * Runs one lifecycle transition on an asset inside the caller's transaction: checks the model's rules, applies its
 * effects (assignment, location, verification), records the evidence, and returns the history events. An assignment
 * period ends or starts on the day the transition happened: `happenedOn` (an IMAC record's date), else the date its
 * evidence gives (the return date of a check-in), else today. A transition that hands an asset having usage policies to
 * someone records whether the operator said they told that person about them (`policiesAcknowledged`).
 */
export async function applyTransition(
  ctx: Context, tx: Tx, id: string, expectedVersion: number | null, transitionKey: string, evidence: Record<string, unknown>, now: string, happenedOn?: string,
  policiesAcknowledged?: boolean,
): Promise<{ asset: Asset; events: EventInput[] }> {
  const row = await loadAssetRow(tx, id, ctx.access.scope);
  if (expectedVersion !== null) assertVersion('asset', Number(row.version), expectedVersion);
  const model = await loadModel(tx, row.lifecycle_model_id);
  const today = todayOf(ctx);
  const state = { stage: row.stage, assignedPersonId: row.assigned_person_id, locationId: row.location_id };
  const verdict = evaluateTransition(model.definition, state, transitionKey, evidence, today, todayAnywhere(ctx.now()).latest);
  if (!verdict.ok) throw violationsError(verdict.violations);
  const outcome = verdict.value;
  const table = { person: 'people', location: 'locations', asset: 'assets' } as const;
  // People and assets the evidence names must be within the caller's scope; the current assignee and location stay.
  await assertReferences(tx, outcome.references.map((r) => ({ field: `evidence.${r.field}`, table: table[r.kind], id: r.id, scoped: r.id !== row.assigned_person_id })), ctx.access.scope);

  const c = outcome.changes;
  if (c.assignedPersonId) {
    const person = await tx.selectFrom('people').select(['active']).where('id', '=', c.assignedPersonId).executeTakeFirstOrThrow();
    if (!readBool(person.active)) {
      throw new AppError('VALIDATION_FAILED', 'Assets are assigned to active people only', { errors: [{ field: 'evidence.assigned_person_id', code: 'PERSON_INACTIVE', message: 'This person is inactive' }] });
    }
  }
  // An assignment is a period: it starts (and the open one ends) on the day that happened.
  const dated = model.definition.transitions.find((t) => t.key === outcome.transition)?.fields.find((f) => f.type === 'date' && f.notInFuture && typeof outcome.evidence[f.key] === 'string');
  const on = happenedOn ?? (dated ? String(outcome.evidence[dated.key]) : today);
  if (c.assignedPersonId) {
    const returnProblem = expectedReturnProblem(c.expectedReturnDate, c.assignedPersonId, happenedOn ?? (dated ? on : todayAnywhere(ctx.now()).earliest));
    if (returnProblem) throw new AppError('VALIDATION_FAILED', returnProblem.message, { errors: [{ field: 'evidence.expected_return_date', ...returnProblem }] });
  }
  const set: Record<string, unknown> = { stage: c.stage, version: Number(row.version) + 1, updated_at: now };
  if (c.assignedPersonId !== undefined) set['assigned_person_id'] = c.assignedPersonId;
  if (c.expectedReturnDate !== undefined) set['expected_return_date'] = c.expectedReturnDate;
  if (c.locationId !== undefined) set['location_id'] = c.locationId;
  if (c.lastVerifiedOn !== undefined) set['last_verified_on'] = c.lastVerifiedOn;
  const r = await tx.updateTable('assets').set(set).where('id', '=', id).where('version', '=', Number(row.version)).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) await versionConflict(tx, 'assets', 'asset', id, Number(row.version));

  // The open period ends when the asset is reassigned or taken back, never before it started (a return dated the
  // person's today, west of the organisation's zone, ends a loan the server dated its own today on that same day).
  const earliest = todayAnywhere(ctx.now()).earliest;
  const field = happenedOn ? 'performedOn' : dated ? `evidence.${dated.key}` : 'evidence';
  if (c.assignedPersonId !== undefined) {
    const open = await tx.selectFrom('assignments').select('started_on').where('asset_id', '=', id).where('ended_on', 'is', null).executeTakeFirst();
    const end = open ? dayNotBefore(on, open.started_on, earliest) : on;
    if (open && end === null) {
      const message = `The current assignment started on ${open.started_on}: it cannot end before that`;
      throw new AppError('VALIDATION_FAILED', message, { errors: [{ field, code: 'BEFORE_ASSIGNMENT_START', message }] });
    }
    if (open) await tx.updateTable('assignments').set({ ended_on: end }).where('asset_id', '=', id).where('ended_on', 'is', null).execute();
  }
  if (c.assignedPersonId) {
    // Periods never overlap: a new one starts no earlier than the last one ended (a back-dated install is refused).
    const last = await tx.selectFrom('assignments').select('ended_on').where('asset_id', '=', id).where('ended_on', 'is not', null)
      .orderBy('ended_on', 'desc').limit(1).executeTakeFirst();
    const start = last?.ended_on ? dayNotBefore(on, last.ended_on, earliest) : on;
    if (start === null) {
      const message = `The previous assignment ended on ${last!.ended_on}: a new one cannot start before that`;
      throw new AppError('VALIDATION_FAILED', message, { errors: [{ field, code: 'BEFORE_PREVIOUS_ASSIGNMENT_END', message }] });
    }
    await tx.insertInto('assignments').values({
      id: newId(), asset_id: id, person_id: c.assignedPersonId, started_on: start, expected_return_date: c.expectedReturnDate ?? null, ended_on: null, operator: ctx.actor, created_at: now,
    }).execute();
  }
  await tx.insertInto('lifecycle_transitions').values({
    id: newId(), asset_id: id, lifecycle_model_id: model.id, transition_key: outcome.transition, from_stage: outcome.from, to_stage: outcome.to,
    evidence: writeJson(outcome.evidence), operator: ctx.actor, performed_at: now,
  }).execute();

  const before = presentAsset(row);
  const asset = presentAsset(await loadAssetRow(tx, id, SCOPE_ALL));
  const { version: _a, updatedAt: _b, createdAt: _c, ...afterContent } = asset;
  const { version: _d, updatedAt: _e, createdAt: _f, ...beforeContent } = before;
  // Recorded for a hand-over only where there was something to tell: the history then says whether the holder was told.
  const told: FieldChanges = c.assignedPersonId && (await policiesOf(tx, row)).length ? { policiesAcknowledged: { before: null, after: policiesAcknowledged === true } } : {};
  const changes = { ...diffRecords(beforeContent, afterContent), transition: { before: null, after: outcome.transition }, evidence: { before: null, after: outcome.evidence }, ...told };
  return { asset, events: [{ entityType: 'asset', entityId: id, action: 'transition', changes }] };
}
