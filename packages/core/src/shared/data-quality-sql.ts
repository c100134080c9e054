import { type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { ACQUIRED_STAGE_KINDS, type DataQualityFigureKey, type DataQualityKey, type FieldDefinition, type LifecycleModelDefinition, PROOF_OF_PURCHASE_CATEGORIES, PROOF_OF_PURCHASE_EVIDENCE_FIELDS, PURCHASED_CATEGORIES, verificationCutoff } from '@custodia/domain';
import { type Tables, readJson } from '@custodia/data';
import { stageAmong, stagesOfKinds, stagesOfKindsIn } from './stage-kinds-sql.js';
import { assignedToInactive } from './scope-sql.js';

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
 * The domain's `lacksProofOfPurchase` as SQL: of a type of a purchased category (`typeIds`), in an acquired stage of
 * its own model (`acquired`, from `proofOfPurchaseScope`), no invoice reference, no live attachment of
 * a proof-of-purchase category — NOT EXISTS, one probe per asset in the index `attachments_asset_category` (asset_id,
 * category) of live files — and no recorded transition whose evidence gives a proof of purchase.
 */
export function lacksProofOfPurchase(eb: ExpressionBuilder<Tables, 'assets'>, engine: 'sqlite' | 'postgres', scope: ProofOfPurchaseScope): Expression<SqlBool> {
  if (!scope.typeIds.length) return sql<SqlBool>`1 = 0`;
  const evidence = (key: string) => (engine === 'postgres' ? sql`(lifecycle_transitions.evidence ->> ${key}::text)` : sql`json_extract(lifecycle_transitions.evidence, ${`$.${JSON.stringify(key)}`})`);
  return eb.and([
    eb('assets.asset_type_id', 'in', scope.typeIds),
    stageAmong(eb, scope.acquired),
    sql<SqlBool>`trim(coalesce(assets.invoice_reference, '')) = ''`,
    eb.not(eb.exists(eb.selectFrom('attachments').select(sql`1`.as('one'))
      .whereRef('attachments.asset_id', '=', 'assets.id').where('attachments.category', 'in', PROOF_OF_PURCHASE_CATEGORIES).where('attachments.deleted_at', 'is', null))),
    // A transition recorded with a proof of purchase in its evidence (a licence's "Record entitlement"): one probe of
    // the asset's transitions (index lifecycle_transitions_asset).
    eb.not(eb.exists(eb.selectFrom('lifecycle_transitions').select(sql`1`.as('one')).whereRef('lifecycle_transitions.asset_id', '=', 'assets.id')
      .where(sql<SqlBool>`(${sql.join(PROOF_OF_PURCHASE_EVIDENCE_FIELDS.map((f) => sql`trim(coalesce(${evidence(f)}, '')) <> ''`), sql` or `)})`))),
  ]);
}

/** The stages of each model version an acquired asset may be in, and the asset types of purchased categories. */
export interface ProofOfPurchaseScope { acquired: Map<string, string[]>; typeIds: string[] }

/**
 * The scope of the check from the reference rows already read (the dashboard reads them for its other figures): the
 * acquired stages of each model version and the types of a purchased category. The one builder of the scope, so the
 * dashboard's figure and the register's filter count the same assets.
 */
export function proofOfPurchaseScopeOf(models: readonly { id: string; definition: LifecycleModelDefinition }[], types: readonly { id: string; category: string }[]): ProofOfPurchaseScope {
  return {
    acquired: stagesOfKindsIn(models, ACQUIRED_STAGE_KINDS),
    typeIds: types.filter((t) => (PURCHASED_CATEGORIES as readonly string[]).includes(t.category)).map((t) => t.id),
  };
}

/** The same, reading the lifecycle models and asset types (a handful of rows). */
export async function proofOfPurchaseScope(db: Kysely<Tables>): Promise<ProofOfPurchaseScope> {
  const models = (await db.selectFrom('lifecycle_models').select(['id', 'definition']).execute())
    .map((m) => ({ id: m.id, definition: readJson<LifecycleModelDefinition>(m.definition, { stages: [] } as unknown as LifecycleModelDefinition) }));
  return proofOfPurchaseScopeOf(models, await db.selectFrom('asset_types').select(['id', 'category']).execute());
}

/** The register's condition for a data-quality check on `today` (the dashboard counts the same conditions). */
export async function dataQualityCondition(db: Kysely<Tables>, engine: 'sqlite' | 'postgres', check: DataQualityKey, today: string): Promise<(eb: ExpressionBuilder<Tables, 'assets'>) => Expression<SqlBool>> {
  switch (check) {
    case 'no_location': return (eb) => eb('assets.location_id', 'is', null);
    case 'never_verified': return (eb) => eb('assets.last_verified_on', 'is', null);
    case 'verification_overdue': { const cutoff = verificationCutoff(today); return (eb) => eb('assets.last_verified_on', '<', cutoff); }
    case 'missing_required': { const types = await typesWithRequiredAttributes(db); return (eb) => missingRequired(eb, engine, types); }
    case 'no_proof_of_purchase': { const scope = await proofOfPurchaseScope(db); return (eb) => lacksProofOfPurchase(eb, engine, scope); }
  }
}

/** The reference data the dashboard's data-quality figures are counted with on a day (a handful of rows). */
export interface DataQualityReference {
  engine: 'sqlite' | 'postgres';
  /** The oldest last-verified date still current (`verificationCutoff(today)`). */
  cutoff: string;
  /** The stages of kind in_use of each lifecycle model version. */
  inUse: Map<string, string[]>;
  proof: ProofOfPurchaseScope;
  required: readonly TypeRequirements[];
}

export async function dataQualityReference(db: Kysely<Tables>, engine: 'sqlite' | 'postgres', today: string): Promise<DataQualityReference> {
  return { engine, cutoff: verificationCutoff(today), inUse: await stagesOfKinds(db, ['in_use']), proof: await proofOfPurchaseScope(db), required: await typesWithRequiredAttributes(db) };
}

/**
 * What each of the dashboard's data-quality figures counts: the dashboard and its daily snapshots
 * (`takeDataQualitySnapshot`) count the same conditions, so the history holds the figures the dashboard showed.
 */
export function dataQualityFigureConditions(ref: DataQualityReference): Record<DataQualityFigureKey, (eb: ExpressionBuilder<Tables, 'assets'>) => Expression<SqlBool>> {
  return {
    in_use_without_assignee: (eb) => eb.and([eb('assets.assigned_person_id', 'is', null), stageAmong(eb, ref.inUse)]),
    assigned_to_inactive: assignedToInactive,
    no_location: (eb) => eb('assets.location_id', 'is', null),
    never_verified: (eb) => eb('assets.last_verified_on', 'is', null),
    verification_overdue: (eb) => eb('assets.last_verified_on', '<', ref.cutoff),
    missing_required: (eb) => missingRequired(eb, ref.engine, ref.required),
    no_proof_of_purchase: (eb) => lacksProofOfPurchase(eb, ref.engine, ref.proof),
  };
}
