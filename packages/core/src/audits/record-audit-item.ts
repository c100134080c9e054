import { AppError } from '@custodia/contracts';
import type { AuditRecordBody, AuditRecordResult } from '@custodia/contracts';
import { classifyFinding, tagKey } from '@custodia/domain';
import { type EventInput, type Row, newId, readBool } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, runChange } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';
import { loadRunRow, presentItems, readRun } from './audit-records.js';

/**
 * Records one tag seen during a run (Table 3.6 "Verify IT asset data"). The tag is matched case-insensitively against
 * the register (`assets.tag_key`). An asset the run expects is `found` (no location given, or the one the register
 * has) or `wrong_location` — in a sample run, an asset of the scope that was not drawn as well: it was seen, so it
 * counts; an asset the run does not expect, or a tag the register does not know, is `unexpected`.
 * Recording a tag the run already recorded changes nothing and says so. A closed run refuses (AUDIT_RUN_CLOSED).
 */
export async function recordAuditItem(ctx: Context, runId: string, body: AuditRecordBody): Promise<AuditRecordResult> {
  return runChange(ctx, null, async (tx, now) => {
    const run = await loadRunRow(tx, ctx, runId);
    if (run.status !== 'in_progress') throw closed(runId);
    const foundLocationId = body.locationId ?? null;
    await assertReferences(tx, [{ field: 'locationId', table: 'locations', id: foundLocationId }]);

    const key = tagKey(body.tag);
    const asset = await tx.selectFrom('assets').select(['id', 'tag']).where('tag_key', '=', key).executeTakeFirst();
    const existing = asset
      ? await tx.selectFrom('audit_items').selectAll().where('run_id', '=', runId).where('asset_id', '=', asset.id).executeTakeFirst()
      : await tx.selectFrom('audit_items').selectAll().where('run_id', '=', runId).where('tag', '=', key).executeTakeFirst();
    if (existing && existing.recorded_at !== null) return { result: await answer(tx, ctx, runId, existing, true), events: [] };

    // Taking the run row first orders this recording with a concurrent close (which updates the same row): after a
    // close commits, the status condition matches nothing and the recording is refused.
    const taken = await tx.updateTable('audit_runs').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', runId).where('status', '=', 'in_progress').executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw closed(runId);

    const recorded = { found_location_id: foundLocationId, method: body.method, recorded_at: now, recorded_by: ctx.actor, note: body.note ?? null };
    let item: Row<'audit_items'> | undefined;
    if (existing) {
      const result = classifyFinding({ expected: readBool(existing.expected), expectedLocationId: existing.expected_location_id, foundLocationId });
      const r = await tx.updateTable('audit_items').set({ ...recorded, result }).where('id', '=', existing.id).where('recorded_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) item = { ...existing, ...recorded, result };
    } else {
      const row = {
        id: newId(), run_id: runId, asset_id: asset?.id ?? null, tag: asset?.tag ?? key, expected: 0, expected_location_id: null, result: 'unexpected', sampled: 1, ...recorded,
      };
      const r = await tx.insertInto('audit_items').values(row).onConflict((oc) => oc.columns(['run_id', 'tag']).doNothing()).executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) item = { ...row };
    }
    if (!item) {
      // Recorded by someone else between our read and our write: theirs stands.
      const again = await tx.selectFrom('audit_items').selectAll().where('run_id', '=', runId)
        .where((eb) => (asset ? eb('asset_id', '=', asset.id) : eb('tag', '=', key))).executeTakeFirstOrThrow();
      return { result: await answer(tx, ctx, runId, again, true), events: [] };
    }
    const event: EventInput = {
      entityType: 'audit_run', entityId: runId, action: 'audit',
      changes: {
        tag: { before: null, after: item.tag }, result: { before: existing ? existing.result : null, after: item.result },
        ...(item.asset_id ? { assetId: { before: null, after: item.asset_id } } : {}),
        ...(foundLocationId ? { foundLocationId: { before: null, after: foundLocationId } } : {}),
        method: { before: null, after: body.method },
      },
    };
    return { result: await answer(tx, ctx, runId, item, false), events: [event] };
  });
}

const closed = (runId: string) => new AppError('AUDIT_RUN_CLOSED', `The audit run ${runId} is closed: nothing more can be recorded in it`);

async function answer(tx: Tx, ctx: Context, runId: string, item: Row<'audit_items'>, alreadyRecorded: boolean): Promise<AuditRecordResult> {
  const [presented] = await presentItems(tx, ctx, [item]);
  return { item: presented!, alreadyRecorded, run: await readRun(tx, ctx, runId) };
}
