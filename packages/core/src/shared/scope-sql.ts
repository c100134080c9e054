import { type ExpressionBuilder, type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { AppError } from '@custodia/contracts';
import { type Scope, inScope } from '@custodia/domain';
import type { Tables } from '@custodia/data';

/**
 * The SQL condition "the org unit in `column` lies inside `scope`", so lists, exports, bulk changes and imports filter
 * in the query rather than after it. Rows without an org unit are only inside an organisation-wide scope.
 */
export function unitInScope(eb: ExpressionBuilder<any, any>, column: string, scope: Scope): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'none' || scope.paths.length === 0) return sql<SqlBool>`1 = 0`;
  return eb(eb.ref(column), 'in', eb.selectFrom('org_units').select('org_units.id').where((w) => w.or(scope.paths.map((p) => w('org_units.path', 'like', `${p}%`)))));
}

/**
 * "The asset is assigned to a person who is no longer active" (a leaver's asset to recover). Few people are inactive:
 * the engine reads their ids, then their assets through the assignee index.
 */
export function assignedToInactive(eb: ExpressionBuilder<Tables, 'assets'>): Expression<SqlBool> {
  return eb('assets.assigned_person_id', 'in', eb.selectFrom('people').select('people.id').where('people.active', '=', 0));
}

/**
 * A record being written must stay inside the writer's scope: its org unit must be one the caller holds the
 * permission on (and a caller with a scoped grant cannot leave it empty). Answers as an unknown reference would.
 */
export async function assertUnitInScope(tx: Kysely<Tables>, field: string, unitId: string | null, scope: Scope): Promise<void> {
  if (scope.kind === 'all') return;
  const unit = unitId ? await tx.selectFrom('org_units').select('path').where('id', '=', unitId).executeTakeFirst() : undefined;
  if (!unit || !inScope(scope, unit.path)) {
    throw new AppError('REFERENCE_NOT_FOUND', unitId ? 'No such org unit within your scope' : 'Choose an org unit within your scope', {
      errors: [{ field, code: unitId ? 'REFERENCE_NOT_FOUND' : 'REQUIRED_IN_SCOPE', message: unitId ? 'Unknown org unit' : 'Required: your role covers only some org units' }],
    });
  }
}
