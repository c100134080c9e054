import { AppError } from '@custodia/contracts';
import type { FieldError } from '@custodia/contracts';
import { type Recurrence, type SampleRule, comparisonKey, todayAnywhere } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import type { Tx } from '../shared/change.js';
import { assertReferences } from '../shared/references.js';
import { assertUnitInScope } from '../shared/scope-sql.js';

export interface PlanScope { scopeLocationId: string | null; scopeOrgUnitId: string | null; scopeAssetTypeId: string | null }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks what a plan refers to: its scopes exist, its org unit is one the caller may plan for (a grant on some org
 * units plans inside them only, so a plan there must name one), and each assignee is an account login or a person id.
 */
export async function checkPlanReferences(tx: Tx, ctx: Context, scope: PlanScope, assignees: string[], scopeChanged: boolean): Promise<void> {
  if (scopeChanged) {
    await assertUnitInScope(tx, 'scopeOrgUnitId', scope.scopeOrgUnitId, ctx.access.scope);
    await assertReferences(tx, [
      { field: 'scopeLocationId', table: 'locations', id: scope.scopeLocationId },
      { field: 'scopeOrgUnitId', table: 'org_units', id: scope.scopeOrgUnitId },
      { field: 'scopeAssetTypeId', table: 'asset_types', id: scope.scopeAssetTypeId },
    ]);
  }
  if (!assignees.length) return;
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, a] of assignees.entries()) {
    const key = comparisonKey(a);
    if (seen.has(key)) { errors.push({ field: `assignees.${i}`, code: 'DUPLICATE', message: `${a} is listed twice` }); continue; }
    seen.add(key);
    const account = await tx.selectFrom('accounts').select('id').where('login_key', '=', key).executeTakeFirst();
    const person = !account && UUID.test(a) ? await tx.selectFrom('people').select('id').where('id', '=', a.toLowerCase()).executeTakeFirst() : undefined;
    if (!account && !person) errors.push({ field: `assignees.${i}`, code: 'REFERENCE_NOT_FOUND', message: `No account with login ${a}, and no person with that id` });
  }
  if (errors.length) throw new AppError(errors.some((e) => e.code === 'REFERENCE_NOT_FOUND') ? 'REFERENCE_NOT_FOUND' : 'VALIDATION_FAILED', errors[0]!.message, { errors });
}

/** A plan is due today or later (today anywhere: the planner's own today is never refused); 422 `DATE_IN_PAST` otherwise. */
export function assertDueOn(dueOn: string | null | undefined, now: Date): void {
  const earliest = todayAnywhere(now).earliest;
  if (dueOn && dueOn < earliest) throw new AppError('VALIDATION_FAILED', 'An audit cannot be due in the past', { errors: [{ field: 'dueOn', code: 'DATE_IN_PAST', message: `Choose ${earliest} or a later date` }] });
}

/**
 * The recurrence columns of a plan: its rule, anchored on its due date; all null for a one-off plan. A recurring plan
 * without a due date is refused (422 `DUE_DATE_REQUIRED` on `dueOn`): its schedule would count from nothing.
 */
export function recurrenceColumns(rule: Recurrence | null, dueOn: string | null): { recurrence_every: number | null; recurrence_unit: string | null; recurrence_anchor_on: string | null } {
  if (!rule) return { recurrence_every: null, recurrence_unit: null, recurrence_anchor_on: null };
  if (!dueOn) throw new AppError('VALIDATION_FAILED', 'A recurring plan needs a due date: its schedule counts from it', { errors: [{ field: 'dueOn', code: 'DUE_DATE_REQUIRED', message: 'Choose the date of the first audit' }] });
  return { recurrence_every: rule.every, recurrence_unit: rule.unit, recurrence_anchor_on: dueOn };
}

/** The sample columns of a plan: a number of assets or a percentage of the scope; both null to check all of it. */
export function sampleColumns(rule: SampleRule | null): { sample_count: number | null; sample_percent: number | null } {
  if (!rule) return { sample_count: null, sample_percent: null };
  return 'count' in rule ? { sample_count: rule.count, sample_percent: null } : { sample_count: null, sample_percent: rule.percent };
}
