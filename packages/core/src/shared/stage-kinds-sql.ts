import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import { IN_SERVICE_KINDS, type KeyDateRule, type LifecycleModelDefinition, keyDateRange } from '@custodia/domain';
import { type Tables, readJson } from '@custodia/data';

/** Per lifecycle model version, the keys of its stages of the given kinds (models already read). */
export function stagesOfKindsIn(models: readonly { id: string; definition: LifecycleModelDefinition }[], kinds: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of models) {
    const stages = (m.definition.stages ?? []).filter((s) => kinds.includes(s.kind)).map((s) => s.key);
    if (stages.length) out.set(m.id, stages);
  }
  return out;
}

/** The same, reading the models (a handful of rows). */
export async function stagesOfKinds(db: Kysely<Tables>, kinds: readonly string[]): Promise<Map<string, string[]>> {
  const models = await db.selectFrom('lifecycle_models').select(['id', 'definition']).execute();
  return stagesOfKindsIn(models.map((m) => ({ id: m.id, definition: readJson<LifecycleModelDefinition>(m.definition, { stages: [] } as unknown as LifecycleModelDefinition) })), kinds);
}

/** "The asset's stage is one of these stages of its own lifecycle model version." */
export function stageAmong(eb: ExpressionBuilder<Tables, 'assets'>, byModel: Map<string, string[]>): Expression<SqlBool> {
  if (byModel.size === 0) return sql<SqlBool>`1 = 0`;
  return eb.or([...byModel].map(([modelId, stages]) => eb.and([eb('assets.lifecycle_model_id', '=', modelId), eb('assets.stage', 'in', stages)])));
}

/** A key-date rule (domain `KEY_DATE_RULES`) as SQL, on `today`; `inService` from `stagesOfKinds(db, IN_SERVICE_KINDS)`. */
export function keyDateCondition(eb: ExpressionBuilder<Tables, 'assets'>, rule: KeyDateRule, today: string, inService: Map<string, string[]>): Expression<SqlBool> {
  const { from, until } = keyDateRange(rule, today);
  const column = `assets.${rule.field}` as const;
  return eb.and([
    rule.applies === 'assigned' ? eb('assets.assigned_person_id', 'is not', null) : stageAmong(eb, inService),
    ...(from ? [eb(column, '>=', from)] : []),
    eb(column, '<', until),
  ]);
}

export const inServiceStages = (db: Kysely<Tables>) => stagesOfKinds(db, IN_SERVICE_KINDS);
