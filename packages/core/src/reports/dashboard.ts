import { type Expression, type SqlBool, sql } from 'kysely';
import type { Dashboard } from '@custodia/contracts';
import { type FieldDefinition, IN_SERVICE_KINDS, KEY_DATE_RULES, type LifecycleModelDefinition, VERIFICATION_MAX_AGE_DAYS, verificationCutoff } from '@custodia/domain';
import { type Database, longReads, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { todayOf } from '../shared/today.js';
import { assignedToInactive, unitInScope } from '../shared/scope-sql.js';
import { keyDateCondition, stagesOfKindsIn } from '../shared/stage-kinds-sql.js';
import { attributeMissing, dataQualityFigureConditions, proofOfPurchaseScopeOf } from '../shared/data-quality-sql.js';
import { monitoredDateCondition, monitoredDatesIn } from '../shared/monitored-dates-sql.js';

const RECENT = 10;

/**
 * The register at a glance (ITAM practice guide: register completeness and data quality), within the caller's scope.
 *
 * Every figure is an aggregate computed by the database, never by loading assets: one pass with conditional sums gives
 * the total, the counts by stage and by type, the data-quality counts (a proof of purchase by one index probe of the
 * asset's live attachments), the key and monitored dates and the missing required attributes (JSON functions of each
 * engine); a `GROUP BY location_id`, rolled up by `GROUP BY` the root id of the materialised path,
 * gives the counts by top-level location; the updated_at index gives the recent changes. Only the small reference
 * tables (lifecycle models, asset types, root locations) are read into memory. Assets are scoped exactly as the
 * register list is (`unitInScope` on the owner org unit).
 */
export async function dashboard(ctx: Context): Promise<Dashboard> {
  // Every change to what the dashboard counts (assets, asset types, lifecycle models, locations, org units) appends a
  // history event, so the head of the event chain says whether a figure computed earlier still holds: the pass over
  // the register (about a second at a million assets on SQLite, the one connection busy meanwhile) runs once per
  // change, not once per visit of the home page. Requests that arrive together share one computation. The head's hash,
  // not only its number, says which history it is: after a restore from a backup, new events reach the same numbers
  // again on another history.
  const chain = await ctx.database.db.selectFrom('event_chain').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirst();
  const head = `${Number(chain?.last_seq ?? 0)}:${chain?.last_hash ?? ''}`;
  const scope = ctx.access.scope;
  const key = `${scope.kind === 'all' ? '*' : scope.kind === 'none' ? '-' : [...scope.paths].sort().join('|')}@${todayOf(ctx)}`;
  let cache = DASHBOARDS.get(ctx.database);
  if (!cache) DASHBOARDS.set(ctx.database, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.head === head) return hit.value;
  const value = computeDashboard(ctx);
  cache.delete(key);
  cache.set(key, { head, value });
  // Oldest scopes out first: a map keeps insertion order.
  while (cache.size > MAX_CACHED_SCOPES) cache.delete(cache.keys().next().value!);
  value.catch(() => { if (cache.get(key)?.value === value) cache.delete(key); });
  return value;
}

/** Dashboards computed per database, scope and day, with the head of the event chain they reflect. */
const DASHBOARDS = new WeakMap<Database, Map<string, { head: string; value: Promise<Dashboard> }>>();
const MAX_CACHED_SCOPES = 200;

async function computeDashboard(ctx: Context): Promise<Dashboard> {
  // The pass may take a second on a large SQLite register: it runs on a reader thread, not the event loop.
  const db = longReads(ctx.database);
  const pg = ctx.database.engine === 'postgres';
  const scope = ctx.access.scope;
  const today = todayOf(ctx);
  const cutoff = verificationCutoff(today);
  const assets = () => {
    const q = db.selectFrom('assets');
    return scope.kind === 'all' ? q : q.where((eb) => unitInScope(eb, 'assets.owner_org_unit_id', scope));
  };
  const num = (v: unknown) => Number(v ?? 0);

  // Reference data: a handful of rows.
  const models = (await db.selectFrom('lifecycle_models').select(['id', 'key', 'version', 'definition']).orderBy('key').orderBy('version', 'desc').execute())
    .map((m) => ({ id: m.id, definition: readJson<LifecycleModelDefinition>(m.definition, { stages: [] } as unknown as LifecycleModelDefinition) }));
  const types = (await db.selectFrom('asset_types').select(['id', 'key', 'name', 'category', 'attribute_schema']).execute())
    .map((t) => ({ id: t.id, key: t.key, name: t.name, category: t.category, schema: readJson<FieldDefinition[]>(t.attribute_schema, []) }));

  const monitored = monitoredDatesIn(types);

  const stageInfo = new Map<string, { name: string; kind: string }>();
  for (const m of models) for (const s of m.definition.stages ?? []) if (!stageInfo.has(s.key)) stageInfo.set(s.key, { name: s.name, kind: s.kind });
  const inUseByModel = stagesOfKindsIn(models, ['in_use']);
  const inServiceByModel = stagesOfKindsIn(models, IN_SERVICE_KINDS);
  const proofScope = proofOfPurchaseScopeOf(models, types);
  const countIf = (cond: Expression<SqlBool>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;

  // One pass computes the total, the data-quality counts and the missing required attributes. Counts by stage and type
  // are GROUP BY queries (index-only on SQLite), except on SQLite for a scoped caller: there a GROUP BY either walks a
  // whole index with a row lookup each or sorts, measured several times slower at 1 M assets than adding one
  // conditional sum per stage key and type id (known from the reference data) to that same pass.
  const flat = !pg && scope.kind !== 'all';
  const stageKeys = [...stageInfo.keys()];
  const required = types.map((t) => ({ ...t, required: t.schema.filter((f) => f.required) })).filter((t) => t.required.length > 0);
  // The figures whose history is kept (`takeDataQualitySnapshot` counts the same conditions per owner org unit).
  const quality = dataQualityFigureConditions({ engine: ctx.database.engine, cutoff, inUse: inUseByModel, proof: proofScope, required });
  const isMissing = (key: string) => attributeMissing(ctx.database.engine, key);
  const summary: Record<string, unknown> = await assets()
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      countIf(quality.in_use_without_assignee(eb)).as('in_use_without_assignee'),
      countIf(quality.no_location(eb)).as('without_location'),
      countIf(quality.never_verified(eb)).as('never_verified'),
      countIf(quality.verification_overdue(eb)).as('overdue'),
      countIf(quality.no_proof_of_purchase(eb)).as('no_proof_of_purchase'),
      ...KEY_DATE_RULES.map((rule, i) => countIf(keyDateCondition(eb, rule, today, inServiceByModel)).as(`k${i}`)),
      ...monitored.flatMap((d, i) => (['soon', 'passed'] as const).map((when) => countIf(monitoredDateCondition(eb, ctx.database.engine, d, when, today, inServiceByModel)).as(`d${i}_${when}`))),
      ...(flat ? stageKeys.map((k, i) => countIf(eb('assets.stage', '=', k)).as(`s${i}`)) : []),
      ...(flat ? types.map((t, i) => countIf(eb('assets.asset_type_id', '=', t.id)).as(`t${i}`)) : []),
      ...required.flatMap((t, i) => [
        countIf(eb.and([eb('assets.asset_type_id', '=', t.id), eb.or(t.required.map((f) => isMissing(f.key)))])).as(`m${i}`),
        ...t.required.map((f, j) => countIf(eb.and([eb('assets.asset_type_id', '=', t.id), isMissing(f.key)])).as(`m${i}_${j}`)),
      ]),
    ])
    .executeTakeFirstOrThrow();
  const stageCounts = new Map<string, number>(flat
    ? stageKeys.map((k, i) => [k, num(summary[`s${i}`])])
    : (await assets().select(['assets.stage', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('assets.stage').execute()).map((r) => [r.stage, num(r.n)]));
  const typeCounts = new Map<string, number>(flat
    ? types.map((t, i) => [t.id, num(summary[`t${i}`])])
    : (await assets().select(['assets.asset_type_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('assets.asset_type_id').execute()).map((r) => [r.asset_type_id, num(r.n)]));

  // Locations: count per location (index-only), then roll each up to the first id of its path '/root/…/'.
  // Organisation-wide, SQLite reads the covering index (location_id, …); scoped, `+location_id` keeps it from walking
  // that whole index with a row lookup each, so it reads only the scoped rows through the owner index.
  const perLocation = assets().select(['assets.location_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(pg || scope.kind === 'all' ? sql`assets.location_id` : sql`+assets.location_id`);
  const root = pg ? sql`split_part(l.path, '/', 2)` : sql`substr(l.path, 2, instr(substr(l.path, 2), '/') - 1)`;
  const byRoot = (await sql<{ root_id: string | null; n: number }>`
    select ${root} as root_id, sum(g.n) as n from (${perLocation}) g left join locations l on l.id = g.location_id group by ${root}`.execute(db)).rows;
  const rootIds = byRoot.map((r) => r.root_id).filter((id): id is string => Boolean(id));
  const rootNames = new Map(rootIds.length ? (await db.selectFrom('locations').select(['id', 'name']).where('id', 'in', rootIds).execute()).map((l) => [l.id, l.name]) : []);

  // Leavers' assets: through the inactive people and the assignee index, not the pass over every asset.
  const leavers = await assets().select((eb) => eb.fn.countAll<number>().as('n')).where(assignedToInactive).executeTakeFirstOrThrow();

  const recent = await assets()
    .select(['assets.id', 'assets.tag', 'assets.name', 'assets.stage', 'assets.updated_at'])
    .orderBy('assets.updated_at', 'desc').orderBy('assets.id', 'desc').limit(RECENT).execute();

  const missing = required.map((t, i) => ({
    assetTypeId: t.id, name: t.name, count: num(summary[`m${i}`]),
    fields: t.required.map((f, j) => ({ key: f.key, label: f.label, count: num(summary[`m${i}_${j}`]) })).filter((f) => f.count > 0),
  })).filter((t) => t.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const typeName = new Map(types.map((t) => [t.id, t.name]));
  const largestFirst = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    today,
    total: num(summary.total),
    byStage: [...stageCounts].map(([k, count]) => ({ stage: k, name: stageInfo.get(k)?.name ?? k, kind: stageInfo.get(k)?.kind ?? 'unknown', count }))
      .filter((s) => s.count > 0).sort((a, b) => largestFirst(a, b) || a.stage.localeCompare(b.stage)),
    byType: [...typeCounts].map(([id, count]) => ({ assetTypeId: id, name: typeName.get(id) ?? id, count }))
      .filter((t) => t.count > 0).sort((a, b) => largestFirst(a, b) || a.name.localeCompare(b.name)),
    byLocation: byRoot.map((r) => ({ locationId: r.root_id || null, name: r.root_id ? rootNames.get(r.root_id) ?? null : null, count: num(r.n) }))
      .sort((a, b) => largestFirst(a, b) || (a.name ?? '').localeCompare(b.name ?? '')),
    inUseStages: [...new Set([...inUseByModel.values()].flat())].sort(),
    inUseWithoutAssignee: num(summary.in_use_without_assignee),
    assignedToInactive: num(leavers.n),
    withoutLocation: num(summary.without_location),
    neverVerified: num(summary.never_verified),
    verificationOverdue: num(summary.overdue),
    verificationMaxAgeDays: VERIFICATION_MAX_AGE_DAYS,
    keyDates: KEY_DATE_RULES.map((rule, i) => ({ key: rule.key, label: rule.label, count: num(summary[`k${i}`]) })),
    monitoredDates: monitored.map((d, i) => ({
      assetTypeId: d.typeId, assetTypeKey: d.typeKey, assetTypeName: d.typeName, fieldKey: d.field.key, label: d.field.label, leadDays: d.field.leadDays,
      soon: num(summary[`d${i}_soon`]), passed: num(summary[`d${i}_passed`]),
    })),
    missingRequiredAttributes: { total: missing.reduce((sum, t) => sum + t.count, 0), byType: missing },
    noProofOfPurchase: num(summary.no_proof_of_purchase),
    recentlyChanged: recent.map((a) => ({ id: a.id, tag: a.tag, name: a.name, stage: a.stage, updatedAt: a.updated_at })),
  };
}
