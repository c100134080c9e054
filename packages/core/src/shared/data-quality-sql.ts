import { type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { ACQUIRED_STAGE_KINDS, type DataQualityKey, type FieldDefinition, PROOF_OF_PURCHASE_CATEGORIES, verificationCutoff } from '@custodia/domain';
import { type Tables, readJson } from '@custodia/data';
import { stageAmong, stagesOfKinds } from './stage-kinds-sql.js';

/** An asset's attribute as the database reads it: `->>` (text) on PostgreSQL, json_extract (the JSON scalar) on SQLite. */
export function attributeValue(engine: 'sqlite' | 'postgres', key: string): RawBuilder<unknown> {
  return engine === 'postgres' ? sql`(assets.attributes ->> ${key}::text)` : sql`json_extract(assets.attributes, ${`$.${JSON.stringify(key)}`})`;
}

/** An attribute absent, null or blank text: what attribute validation calls missing. */
export function attributeMissing(engine: 'sqlite' | 'postgres', key: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`trim(coalesce(${attributeValue(engine, key)}, '')) = ''`;
}

export interface TypeRequirements { id: string; name: string; required: FieldDefinition[] }

/** The asset types with required attributes, and those attributes (a handful of reference rows). */
export async function typesWithRequiredAttributes(db: Kysely<Tables>): Promise<TypeRequirements[]> {
  return (await db.selectFrom('asset_types').select(['id', 'name', 'attribute_schema']).execute())
    .map((t) => ({ id: t.id, name: t.name, required: readJson<FieldDefinition[]>(t.attribute_schema, []).filter((f) => f.required) }))
    .filter((t) => t.required.length > 0);
}

/** An asset of one of these types lacks one of its type's required attributes. */
export function missingRequired(eb: ExpressionBuilder<Tables, 'assets'>, engine: 'sqlite' | 'postgres', types: readonly TypeRequirements[]): Expression<SqlBool> {
  if (!types.length) return sql<SqlBool>`1 = 0`;
  return eb.or(types.map((t) => eb.and([eb('assets.asset_type_id', '=', t.id), eb.or(t.required.map((f) => attributeMissing(engine, f.key)))])));
}

/**
 * The domain's `lacksProofOfPurchase` as SQL: in an acquired stage of its own model (`acquired`, from
 * `stagesOfKinds(db, ACQUIRED_STAGE_KINDS)`), no invoice reference, and no live attachment of a proof-of-purchase
 * category — NOT EXISTS, one probe per asset in the index `attachments_asset_category` (asset_id, category) of live files.
 */
export function lacksProofOfPurchase(eb: ExpressionBuilder<Tables, 'assets'>, acquired: Map<string, string[]>): Expression<SqlBool> {
  return eb.and([
    stageAmong(eb, acquired),
    sql<SqlBool>`trim(coalesce(assets.invoice_reference, '')) = ''`,
    eb.not(eb.exists(eb.selectFrom('attachments').select(sql`1`.as('one'))
      .whereRef('attachments.asset_id', '=', 'assets.id').where('attachments.category', 'in', PROOF_OF_PURCHASE_CATEGORIES).where('attachments.deleted_at', 'is', null))),
  ]);
}

export const acquiredStages = (db: Kysely<Tables>) => stagesOfKinds(db, ACQUIRED_STAGE_KINDS);

/** The register's condition for a data-quality check on `today` (the dashboard counts the same conditions). */
export async function dataQualityCondition(db: Kysely<Tables>, engine: 'sqlite' | 'postgres', check: DataQualityKey, today: string): Promise<(eb: ExpressionBuilder<Tables, 'assets'>) => Expression<SqlBool>> {
  switch (check) {
    case 'no_location': return (eb) => eb('assets.location_id', 'is', null);
    case 'never_verified': return (eb) => eb('assets.last_verified_on', 'is', null);
    case 'verification_overdue': { const cutoff = verificationCutoff(today); return (eb) => eb('assets.last_verified_on', '<', cutoff); }
    case 'missing_required': { const types = await typesWithRequiredAttributes(db); return (eb) => missingRequired(eb, engine, types); }
    case 'no_proof_of_purchase': { const acquired = await acquiredStages(db); return (eb) => lacksProofOfPurchase(eb, acquired); }
  }
}
