import { AppError } from '@custodia/contracts';
import type { AuditCloseBody, AuditCloseResult } from '@custodia/contracts';
import { AUDIT_EXCLUDED_STAGE_KINDS, DEFAULT_FINDINGS_DUE_DAYS, SCOPE_ALL, addDays, discrepancyKindOf, isHeldAsGone, nextDueAfterRun, tagKey, todayAnywhere } from '@custodia/domain';
import type { AuditItemResult, RecurrenceUnit } from '@custodia/domain';
import type { EventInput, Row } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { type Tx, assertVersion, runChange } from '../shared/change.js';
import { applyAssetUpdate } from '../assets/update-asset.js';
import { raiseDiscrepancy, settleDiscrepancy } from '../discovery/discrepancy-store.js';
import { stagesOfKinds } from '../shared/stage-kinds-sql.js';
import { loadModel } from '../lifecycle/model-store.js';
import { PlaceNames } from '../shared/place-names.js';
import { loadRunRow, readRun } from './audit-records.js';

const BATCH = 500;

/**
 * Closes a run (If-Match) in one transaction (Table 3.6 "Verify IT asset data"): what is still pending is `missing`
 * (in a sample run, what was drawn);
 * every missing, unexpected and wrong-location item becomes a discrepancy in the queue, with the owner and due date of
 * the follow-up; assets found where expected get today as their last-verified date, through the same asset update the
 * API uses, recorded as set by an audit (field authority: discovery will not overwrite it); an asset the register holds
 * as gone (missing, lost, stolen) that the audit saw, where expected or not, is verified the same way (it was seen:
 * the date is the audit's evidence that it exists) and queued as reported again, its stage left as it is, since only
 * a lifecycle transition (found, recovered) may say it is back; a one-off plan is `completed`, a recurring one `planned` again, due on the next
 * date of its schedule after both the date it was due and today, counted on from the date it was due
 * (`domain/audits/recurrence.ts: nextDueAfterRun`); the new due date is in the plan's history event. Summaries name places
 * with their sites ("Stockroom · Berlin Mitte"), as every text meant for people does.
 */
export async function closeAuditRun(ctx: Context, runId: string, expectedVersion: number, body: AuditCloseBody, reason?: string): Promise<AuditCloseResult> {
  const auditCtx: Context = { ...ctx, fieldSource: 'audit' };
  return runChange(auditCtx, reason, async (tx, now) => {
    const run = await loadRunRow(tx, ctx, runId);
    if (run.status !== 'in_progress') throw new AppError('AUDIT_RUN_CLOSED', `The audit run ${runId} is already closed`);
    assertVersion('audit run', Number(run.version), expectedVersion);
    const today = localDateOf(ctx, now);
    const dueOn = body.findingsDueOn ?? addDays(today, DEFAULT_FINDINGS_DUE_DAYS);
    if (dueOn < todayAnywhere(new Date(now)).earliest) throw new AppError('VALIDATION_FAILED', 'The findings cannot be due in the past', { errors: [{ field: 'findingsDueOn', code: 'DATE_IN_PAST', message: 'Choose today or a later date' }] });
    const owner = body.ownerOfFindings ?? ctx.actor;

    // Taken first: a recording racing this close waits for it, then finds the run closed.
    const taken = await tx.updateTable('audit_runs').set({ status: 'closed', closed_at: now, closed_by: ctx.actor, version: expectedVersion + 1 })
      .where('id', '=', runId).where('version', '=', expectedVersion).where('status', '=', 'in_progress').executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) {
      const current = await tx.selectFrom('audit_runs').select(['status', 'version']).where('id', '=', runId).executeTakeFirstOrThrow();
      if (current.status !== 'in_progress') throw new AppError('AUDIT_RUN_CLOSED', `The audit run ${runId} is already closed`);
      assertVersion('audit run', Number(current.version), expectedVersion);
      throw new AppError('VERSION_MISMATCH', 'The audit run was changed by someone else');
    }
    // In a sample run only what was drawn is looked for: assets of the scope left out of the sample are not missing.
    await tx.updateTable('audit_items').set({ result: 'missing' }).where('run_id', '=', runId).where('result', '=', 'pending').where('sampled', '=', 1).execute();

    const events: EventInput[] = [];
    let raised = 0;
    let verified = 0;
    // Scope: the assets were seen by this audit, which is what verifies them — those of the run's snapshot (within the
    // starter's scope) and an asset held as gone that it saw anyway.
    const updateCtx: Context = { ...auditCtx, access: { ...ctx.access, scope: SCOPE_ALL, sensitive: true } };
    const excluded = await stagesOfKinds(tx, AUDIT_EXCLUDED_STAGE_KINDS);
    const findings: Findings = { run, owner, dueOn, today, now, places: new PlaceNames(tx), excluded };
    for await (const batch of itemBatches(tx, runId, ['missing', 'unexpected', 'wrong_location'])) {
      // The places a batch names, read at once (an unexpected asset's registered place is read with it, if new).
      await findings.places.load(batch.flatMap((i) => [i.expected_location_id, i.found_location_id]));
      for (const item of batch) {
        const seen = await raiseSeenWhileMissing(tx, item, findings);
        const created = [...await raiseFinding(tx, item, findings), ...seen.events];
        raised += created.filter((e) => e.action === 'create').length;
        events.push(...created);
        // Held as gone and seen, wherever: it exists, which is what its last-verified date records (its stage stays).
        if (seen.gone && item.asset_id) {
          const verification = await verifySeen(tx, updateCtx, item.asset_id, today, now);
          if (verification) { verified += 1; events.push(...verification); }
        }
        // Seen, if not where expected: an earlier audit's "not found" no longer holds.
        if (item.asset_id && item.result !== 'missing') {
          events.push(...await settleDiscrepancy(tx, `audit_missing:${item.asset_id}`, `Found in the audit “${run.plan_name}” on ${today}`, ctx.actor, now));
        }
      }
    }
    for await (const batch of itemBatches(tx, runId, ['found'])) {
      for (const item of batch) {
        if (!item.asset_id) continue;
        const seen = await raiseSeenWhileMissing(tx, item, findings);
        raised += seen.events.filter((e) => e.action === 'create').length;
        events.push(...seen.events);
        // Found where the register places it: an earlier audit's "not found" or "found elsewhere" no longer holds.
        for (const key of [`audit_missing:${item.asset_id}`, `audit_wrong_location:${item.asset_id}`]) {
          events.push(...await settleDiscrepancy(tx, key, `Found where the register places it in the audit “${run.plan_name}” on ${today}`, ctx.actor, now));
        }
        const verification = await verifySeen(tx, updateCtx, item.asset_id, today, now);
        if (verification) { verified += 1; events.push(...verification); }
      }
    }

    const plan = await tx.selectFrom('audit_plans').select(['status', 'version', 'due_on', 'recurrence_every', 'recurrence_unit', 'recurrence_anchor_on']).where('id', '=', run.plan_id).executeTakeFirstOrThrow();
    // A recurring plan is planned again, due on its schedule's next date; a one-off plan is completed.
    const nextDueOn = plan.recurrence_every !== null && plan.recurrence_anchor_on !== null
      ? nextDueAfterRun(plan.recurrence_anchor_on, { every: Number(plan.recurrence_every), unit: plan.recurrence_unit as RecurrenceUnit }, plan.due_on ?? plan.recurrence_anchor_on, today)
      : null;
    const planStatus = nextDueOn ? 'planned' : 'completed';
    await tx.updateTable('audit_plans').set({ status: planStatus, ...(nextDueOn ? { due_on: nextDueOn } : {}), version: Number(plan.version) + 1, updated_at: now })
      .where('id', '=', run.plan_id).execute();
    const result = await readRun(tx, ctx, runId);
    events.unshift(
      {
        entityType: 'audit_run', entityId: runId, action: 'update',
        changes: {
          status: { before: 'in_progress', after: 'closed' }, counts: { before: null, after: result.counts },
          ownerOfFindings: { before: null, after: owner }, findingsDueOn: { before: null, after: dueOn },
        },
      },
      {
        entityType: 'audit_plan', entityId: run.plan_id, action: 'update',
        changes: { status: { before: plan.status, after: planStatus }, ...(nextDueOn ? { dueOn: { before: plan.due_on, after: nextDueOn } } : {}) },
      },
    );
    return { result: { ...result, discrepanciesRaised: raised, verified }, events };
  });
}

async function* itemBatches(tx: Tx, runId: string, results: AuditItemResult[]): AsyncGenerator<Row<'audit_items'>[]> {
  let after = '';
  for (;;) {
    const rows = await tx.selectFrom('audit_items').selectAll().where('run_id', '=', runId).where('result', 'in', results).where('id', '>', after)
      .orderBy('id').limit(BATCH).execute();
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

interface Findings {
  run: Row<'audit_runs'> & { plan_name: string; plan_org_unit_id: string | null }; owner: string; dueOn: string; today: string; now: string;
  /** Places named with their sites, read as needed (a run's items share a handful of locations and their ancestors). */
  places: PlaceNames;
  /** Per lifecycle model version, the stages no audit expects to find (lost, disposed, not received). */
  excluded: Map<string, string[]>;
}

/** One discrepancy per finding; the subject is the asset (or the unknown tag), so a later audit refreshes rather than repeats it. */
async function raiseFinding(tx: Tx, item: Row<'audit_items'>, f: Findings): Promise<EventInput[]> {
  const kind = discrepancyKindOf(item.result as AuditItemResult);
  if (!kind) return [];
  const asset = item.asset_id
    ? await tx.selectFrom('assets').select(['id', 'tag', 'name', 'owner_org_unit_id', 'location_id', 'stage', 'lifecycle_model_id']).where('id', '=', item.asset_id).executeTakeFirst()
    : undefined;
  // The register may have changed since the run started: a finding is judged against what it says now. An expected
  // asset deleted, disposed or declared lost meanwhile, or moved elsewhere in the register, is no longer missing
  // here; one found where the register now places it is not in the wrong place.
  if (item.asset_id && !asset && item.result !== 'unexpected') return [];
  if (asset && item.result === 'missing' && (f.excluded.get(asset.lifecycle_model_id)?.includes(asset.stage) || asset.location_id !== item.expected_location_id)) return [];
  if (asset && item.result === 'wrong_location' && asset.location_id === item.found_location_id) return [];
  // An asset held as gone is news of another kind (reported again, raised apart, naming both places); "not expected"
  // would only repeat that the register thinks it is gone, and offer to move it while it stays lost.
  if (asset && item.result === 'unexpected' && isHeldAsGone(await stageKindOf(tx, asset))) return [];
  await f.places.load([item.expected_location_id, item.found_location_id, asset?.location_id]);
  const where = (id: string | null) => (id ? (f.places.name(id) ?? id) : 'no location');
  const label = asset ? `${asset.tag} (${asset.name})` : item.tag;
  const evidence = {
    auditRunId: f.run.id, auditPlanId: f.run.plan_id, auditPlan: f.run.plan_name, tag: item.tag, result: item.result,
    recordedBy: item.recorded_by, recordedAt: item.recorded_at, method: item.method, note: item.note,
    expectedLocationId: item.expected_location_id, foundLocationId: item.found_location_id, closedOn: f.today,
  };
  const common = {
    kind, assetId: asset?.id ?? null, deviceId: null, auditRunId: f.run.id, orgUnitId: asset?.owner_org_unit_id ?? f.run.plan_org_unit_id,
    evidence, owner: f.owner, dueOn: f.dueOn,
  };
  switch (item.result) {
    case 'missing':
      return raiseDiscrepancy(tx, {
        ...common, dedupeKey: `audit_missing:${item.asset_id ?? tagKey(item.tag)}`,
        summary: `${label} was not found in the audit “${f.run.plan_name}” (expected at ${where(item.expected_location_id)})`,
      }, f.now, f.today);
    case 'wrong_location':
      return raiseDiscrepancy(tx, {
        ...common, dedupeKey: `audit_wrong_location:${item.asset_id ?? tagKey(item.tag)}`, field: 'locationId',
        registerValue: item.expected_location_id, discoveredValue: item.found_location_id,
        summary: `${label} was found at ${where(item.found_location_id)}; the register places it at ${where(item.expected_location_id)}`,
      }, f.now, f.today);
    default:
      return raiseDiscrepancy(tx, {
        ...common, dedupeKey: asset ? `audit_unexpected:${asset.id}` : `audit_unexpected:tag:${tagKey(item.tag)}`,
        ...(asset && item.found_location_id ? { field: 'locationId', registerValue: asset.location_id, discoveredValue: item.found_location_id } : {}),
        summary: asset
          ? `${label} was found in the audit “${f.run.plan_name}”${item.found_location_id ? ` at ${where(item.found_location_id)}` : ''} but was not expected there (the register places it at ${where(asset.location_id)})`
          : `Tag ${item.tag} was found in the audit “${f.run.plan_name}”${item.found_location_id ? ` at ${where(item.found_location_id)}` : ''} but is not in the register`,
      }, f.now, f.today);
  }
}

async function stageKindOf(tx: Tx, asset: { stage: string; lifecycle_model_id: string }) {
  return (await loadModel(tx, asset.lifecycle_model_id)).definition.stages.find((s) => s.key === asset.stage)?.kind;
}

/**
 * An asset the register holds as gone — a stage of kind `missing` (reported missing) or `lost` (lost, stolen) — that
 * the audit saw, expected or not: the register and the room disagree about whether it exists. Moving it out of that
 * stage is a lifecycle transition with its evidence, so the finding is queued as "reported again" with the audit's
 * evidence, under a subject of its own (discovery's reports of the same asset are judged apart). A lost asset is never
 * expected, so its sighting is this finding alone, naming where the register places it when it was seen elsewhere.
 */
async function raiseSeenWhileMissing(tx: Tx, item: Row<'audit_items'>, f: Findings): Promise<{ gone: boolean; events: EventInput[] }> {
  const none = { gone: false, events: [] };
  if (!item.asset_id || item.result === 'missing' || item.result === 'pending') return none;
  const asset = await tx.selectFrom('assets').select(['id', 'tag', 'name', 'owner_org_unit_id', 'location_id', 'stage', 'lifecycle_model_id']).where('id', '=', item.asset_id).executeTakeFirst();
  if (!asset) return none;
  const stage = (await loadModel(tx, asset.lifecycle_model_id)).definition.stages.find((s) => s.key === asset.stage);
  if (!stage || !isHeldAsGone(stage.kind)) return none;
  const at = item.found_location_id ?? item.expected_location_id;
  const elsewhere = item.result === 'unexpected' && item.found_location_id !== null && asset.location_id !== null && asset.location_id !== item.found_location_id;
  await f.places.load([at, elsewhere ? asset.location_id : null]);
  return { gone: true, events: await raiseDiscrepancy(tx, {
    kind: 'reported_again', dedupeKey: `reported_again:audit:${asset.id}`, assetId: asset.id, deviceId: null, auditRunId: f.run.id,
    orgUnitId: asset.owner_org_unit_id, registerValue: stage.name, owner: f.owner, dueOn: f.dueOn,
    evidence: {
      auditRunId: f.run.id, auditPlanId: f.run.plan_id, auditPlan: f.run.plan_name, tag: item.tag, result: item.result,
      recordedBy: item.recorded_by, recordedAt: item.recorded_at, method: item.method, note: item.note,
      expectedLocationId: item.expected_location_id, foundLocationId: item.found_location_id, registerLocationId: asset.location_id, closedOn: f.today,
    },
    summary: `${asset.tag} (${asset.name}) is registered as ${stage.name}, and the audit “${f.run.plan_name}” found it${at ? ` at ${f.places.name(at) ?? at}` : ''}`
      + (elsewhere ? ` (the register places it at ${f.places.name(asset.location_id!) ?? asset.location_id})` : ''),
  }, f.now, f.today) };
}

/**
 * Records that the audit saw an asset: today as its last-verified date, through the asset update the API uses (in the
 * close's context: set by an audit), unless it already holds today or later. Null when the asset no longer exists;
 * otherwise the update's events (none when the date already held).
 */
async function verifySeen(tx: Tx, ctx: Context, assetId: string, today: string, now: string): Promise<EventInput[] | null> {
  const asset = await tx.selectFrom('assets').select(['version', 'last_verified_on']).where('id', '=', assetId).executeTakeFirst();
  if (!asset) return null;
  if (asset.last_verified_on !== null && asset.last_verified_on >= today) return [];
  return (await applyAssetUpdate(ctx, tx, assetId, Number(asset.version), { lastVerifiedOn: today }, now)).events;
}
