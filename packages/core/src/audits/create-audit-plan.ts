import type { AuditPlan, AuditPlanCreate } from '@custodia/contracts';
import { diffRecords } from '@custodia/domain';
import { newId, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { auditedPlan, presentPlan } from './audit-records.js';
import { todayOf } from '../shared/today.js';
import { assertDueOn, checkPlanReferences, recurrenceColumns, sampleColumns } from './plan-input.js';

/**
 * Plans a physical audit (Table 3.6 "Plan audit"): what is in scope, how it is collected, by whom and by when, once or
 * on a recurring schedule anchored on its due date.
 */
export async function createAuditPlan(ctx: Context, input: AuditPlanCreate, reason?: string): Promise<AuditPlan> {
  assertDueOn(input.dueOn, ctx.now());
  return runChange(ctx, reason, async (tx, now) => {
    const scope = { scopeLocationId: input.scopeLocationId ?? null, scopeOrgUnitId: input.scopeOrgUnitId ?? null, scopeAssetTypeId: input.scopeAssetTypeId ?? null };
    const assignees = input.assignees ?? [];
    await checkPlanReferences(tx, ctx, scope, assignees, true);
    const row = {
      id: newId(), name: input.name, method: input.method ?? 'scan', scope_location_id: scope.scopeLocationId, scope_org_unit_id: scope.scopeOrgUnitId,
      scope_asset_type_id: scope.scopeAssetTypeId, due_on: input.dueOn ?? null, assignees: writeJson(assignees), notes: input.notes ?? null, status: 'planned',
      ...recurrenceColumns(input.recurrence ?? null, input.dueOn ?? null), ...sampleColumns(input.sample ?? null), created_by: ctx.actor, version: 1, created_at: now, updated_at: now,
    };
    await tx.insertInto('audit_plans').values(row).execute();
    const plan = presentPlan({ ...row, assignees }, null, todayOf(ctx));
    return { result: plan, events: [{ entityType: 'audit_plan', entityId: plan.id, action: 'create', changes: diffRecords({}, auditedPlan(plan)) }] };
  });
}
