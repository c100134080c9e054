import { AppError } from '@custodia/contracts';
import type { AuditPlan, AuditPlanUpdate } from '@custodia/contracts';
import { type AuditPlanStatus, type RecurrenceUnit, SCOPE_ALL, canChangePlanStatus, diffRecords, hasAuditScope, sameRecurrence } from '@custodia/domain';
import { writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { assertVersion, runChange } from '../shared/change.js';
import { auditedPlan, latestRuns, loadPlanRow, presentPlan } from './audit-records.js';
import { todayOf } from '../shared/today.js';
import { assertDueOn, checkPlanReferences, recurrenceColumns, sampleColumns } from './plan-input.js';

/**
 * Edits a plan (If-Match): absent fields stay, `null` clears. Scope changes apply to the next run (a run keeps the
 * snapshot it started with). The status may go to `cancelled` (not while a run is open) or back to `planned`. A new
 * recurrence or a new due date anchors the schedule on the due date; the same rule sent again keeps the anchor (a
 * monthly plan anchored on the 31st and due on the 28th of February would otherwise fall on the 28th from then on). A
 * recurring plan keeps a due date. A sample rule applies from the next run.
 */
export async function updateAuditPlan(ctx: Context, id: string, expectedVersion: number, patch: AuditPlanUpdate, reason?: string): Promise<AuditPlan> {
  return runChange(ctx, reason, async (tx, now) => {
    const row = await loadPlanRow(tx, ctx, id);
    assertVersion('audit plan', Number(row.version), expectedVersion);
    const before = presentPlan(row, null, todayOf(ctx));
    const pick = <K extends keyof AuditPlanUpdate>(k: K, fallback: unknown) => (k in patch ? (patch[k] ?? null) : fallback);
    const next = {
      name: (patch.name ?? before.name), method: (patch.method ?? before.method),
      scopeLocationId: pick('scopeLocationId', before.scopeLocationId) as string | null, scopeOrgUnitId: pick('scopeOrgUnitId', before.scopeOrgUnitId) as string | null,
      scopeAssetTypeId: pick('scopeAssetTypeId', before.scopeAssetTypeId) as string | null, dueOn: pick('dueOn', before.dueOn) as string | null,
      assignees: (patch.assignees ?? before.assignees), notes: pick('notes', before.notes) as string | null, status: (patch.status ?? before.status) as AuditPlanStatus,
    };
    if (next.dueOn !== before.dueOn) assertDueOn(next.dueOn, ctx.now());
    // A new rule or a new due date starts the schedule again from the due date; otherwise it keeps its anchor.
    const rule = 'recurrence' in patch ? (patch.recurrence ?? null) : before.recurrence;
    const reanchor = !sameRecurrence(rule, before.recurrence) || next.dueOn !== before.dueOn;
    const recurrence = reanchor ? recurrenceColumns(rule, next.dueOn) : recurrenceColumns(rule, before.recurrence?.anchorOn ?? null);
    const nextRecurrence = recurrence.recurrence_every === null ? null
      : { every: recurrence.recurrence_every, unit: recurrence.recurrence_unit as RecurrenceUnit, anchorOn: recurrence.recurrence_anchor_on! };
    if (!hasAuditScope(next)) {
      throw new AppError('VALIDATION_FAILED', 'Choose at least one scope: a location, an org unit or an asset type', { errors: [{ field: 'scopeLocationId', code: 'AUDIT_SCOPE_REQUIRED', message: 'A plan needs at least one scope' }] });
    }
    if (patch.status && patch.status !== before.status) {
      const verdict = canChangePlanStatus(before.status, patch.status);
      if (!verdict.ok) throw new AppError('CONFLICT', verdict.reason, { errors: [{ field: 'status', code: 'AUDIT_PLAN_STATUS', message: verdict.reason }] });
    }
    const scopeChanged = next.scopeLocationId !== before.scopeLocationId || next.scopeOrgUnitId !== before.scopeOrgUnitId || next.scopeAssetTypeId !== before.scopeAssetTypeId;
    await checkPlanReferences(tx, ctx, next, patch.assignees ?? [], scopeChanged);
    const sample = 'sample' in patch ? (patch.sample ?? null) : before.sample;
    const after = { ...before, ...next, recurrence: nextRecurrence, sample };
    const changes = diffRecords(auditedPlan(before), auditedPlan(after));
    const latest = (await latestRuns(tx, [id])).get(id) ?? null;
    if (!Object.keys(changes).length) return { result: { ...before, latestRun: latest }, events: [] };
    const r = await tx.updateTable('audit_plans').set({
      name: next.name, method: next.method, scope_location_id: next.scopeLocationId, scope_org_unit_id: next.scopeOrgUnitId, scope_asset_type_id: next.scopeAssetTypeId,
      due_on: next.dueOn, assignees: writeJson(next.assignees), notes: next.notes, status: next.status, ...recurrence, ...sampleColumns(sample), version: expectedVersion + 1, updated_at: now,
    }).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('VERSION_MISMATCH', 'The audit plan was changed by someone else');
    const plan = presentPlan(await loadPlanRow(tx, { ...ctx, access: { ...ctx.access, scope: SCOPE_ALL } }, id), latest, todayOf(ctx));
    return { result: plan, events: [{ entityType: 'audit_plan', entityId: id, action: 'update', changes }] };
  });
}
