import { revealAsset } from './sensitive.js';
import { SCOPE_ALL, expectedReturnProblem, todayAnywhere } from '@custodia/domain';
import { AppError, type Asset } from '@custodia/contracts';
import type { ImacAction } from '@custodia/domain';
import { type EventInput, newId } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';
import { assignInTx } from './assignment.js';
import { applyTransition } from './apply-transition.js';
import { presentAsset } from './present-asset.js';
import { loadAssetRow } from './load-asset.js';
import { loadModel } from '../lifecycle/model-store.js';

export interface ImacInput {
  action: ImacAction; performedOn: string; personId?: string | undefined; expectedReturnDate?: string | undefined; locationId?: string | undefined; details?: string | undefined;
  /** With a new holder: they were told the asset's usage policies (recorded with the hand-over's transition). */
  policiesAcknowledged?: boolean | undefined;
}

/**
 * Install, move, add, change (§2.2.4.3), each recorded with its date and operator:
 * install assigns (and places) the asset; move relocates it and may hand it to someone else;
 * add and change record what was added to or changed on it.
 */
export async function recordImac(ctx: Context, id: string, expectedVersion: number, input: ImacInput, reason?: string): Promise<Asset> {
  if ((input.action === 'add' || input.action === 'change') && !input.details) {
    throw new AppError('VALIDATION_FAILED', `"${input.action}" needs details of what was ${input.action === 'add' ? 'added' : 'changed'}`, { errors: [{ field: 'details', code: 'REQUIRED', message: 'Required' }] });
  }
  if (input.action === 'install' && !input.personId) throw new AppError('VALIDATION_FAILED', 'An install names the person receiving the asset', { errors: [{ field: 'personId', code: 'REQUIRED', message: 'Required' }] });
  if (input.action === 'move' && !input.locationId && !input.personId) throw new AppError('VALIDATION_FAILED', 'A move needs a new location or a new person', { errors: [{ field: 'locationId', code: 'REQUIRED', message: 'Required' }] });
  // Recorded work has happened: its date may be today in any time zone, not later.
  const latest = todayAnywhere(ctx.now()).latest;
  if (input.performedOn > latest) {
    throw new AppError('VALIDATION_FAILED', `The date of the work cannot be in the future (after ${latest})`, { errors: [{ field: 'performedOn', code: 'DATE_IN_FUTURE', message: `Cannot be after ${latest}` }] });
  }
  return runChange(ctx, reason, async (tx, now) => {
    const row = await loadAssetRow(tx, id, ctx.access.scope);
    assertVersion('asset', Number(row.version), expectedVersion);
    const handedOver = input.personId && input.personId !== row.assigned_person_id ? input.personId : null;
    const returnProblem = expectedReturnProblem(input.expectedReturnDate, handedOver, input.performedOn);
    if (returnProblem) throw new AppError('VALIDATION_FAILED', returnProblem.message, { errors: [{ field: 'expectedReturnDate', ...returnProblem }] });
    await assertReferences(tx, [{ field: 'personId', table: 'people', id: input.personId, scoped: Boolean(handedOver) }, { field: 'locationId', table: 'locations', id: input.locationId }], ctx.access.scope);
    const events: EventInput[] = [];
    let asset = presentAsset(row);
    if (input.personId && input.personId !== row.assigned_person_id) {
      if (row.assigned_person_id) {
        const model = await loadModel(tx, row.lifecycle_model_id);
        const t = model.definition.transitions.find((x) => x.from.includes(row.stage) && x.to === row.stage && x.effects.includes('start_assignment'));
        if (!t) throw new AppError('ASSET_NOT_AVAILABLE', `An asset in stage "${row.stage}" cannot be handed over`);
        const evidence: Record<string, unknown> = { assigned_person_id: input.personId };
        if (input.expectedReturnDate && t.fields.some((f) => f.key === 'expected_return_date')) evidence['expected_return_date'] = input.expectedReturnDate;
        if (input.locationId && t.fields.some((f) => f.key === 'location_id')) evidence['location_id'] = input.locationId;
        const r = await applyTransition(ctx, tx, id, null, t.key, evidence, now, input.performedOn, input.policiesAcknowledged);
        asset = r.asset; events.push(...r.events);
      } else {
        const r = await assignInTx(ctx, tx, id, null, { personId: input.personId, expectedReturnDate: input.expectedReturnDate, locationId: input.locationId, policiesAcknowledged: input.policiesAcknowledged }, now, input.performedOn);
        asset = r.asset; events.push(...r.events);
      }
    }
    const fromLocation = row.location_id;
    if (input.locationId && asset.locationId !== input.locationId) {
      const r = await tx.updateTable('assets').set({ location_id: input.locationId, version: asset.version + 1, updated_at: now }).where('id', '=', id).where('version', '=', asset.version).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) await versionConflict(tx, 'assets', 'asset', id, asset.version);
      events.push({ entityType: 'asset', entityId: id, action: 'update', changes: { locationId: { before: asset.locationId, after: input.locationId } } });
    } else if (events.length === 0) {
      const r = await tx.updateTable('assets').set({ version: asset.version + 1, updated_at: now }).where('id', '=', id).where('version', '=', asset.version).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) await versionConflict(tx, 'assets', 'asset', id, asset.version);
    }
    const imacId = newId();
    await tx.insertInto('imac_records').values({
      id: imacId, asset_id: id, action: input.action, performed_on: input.performedOn, operator: ctx.actor, person_id: input.personId ?? null,
      from_location_id: fromLocation, to_location_id: input.locationId ?? null, details: input.details ?? null, created_at: now,
    }).execute();
    // Whether the holder was told the usage policies is recorded with the hand-over's transition, not the record.
    const { policiesAcknowledged: _told, ...recorded } = input;
    events.push({ entityType: 'asset', entityId: id, action: 'imac', changes: { imac: { before: null, after: { id: imacId, ...recorded } } } });
    return { result: revealAsset(ctx, presentAsset(await loadAssetRow(tx, id, SCOPE_ALL))), events };
  });
}
