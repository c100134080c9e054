import { AppError, type ModelAvailability } from '@custodia/contracts';
import { IN_STOCK_KINDS, type StockCount, proposeStock, substitutionGroupKey } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { unitInScope } from '../shared/scope-sql.js';
import { stageAmong, stagesOfKinds } from '../shared/stage-kinds-sql.js';
import { todayOf } from '../shared/today.js';

/**
 * `GET /models/{id}/availability` (ITIL ITAM Table 2.2: substitution in case of shortage): how many of a catalogue
 * model are in stock and where, and which models of its substitution group can be handed out instead
 * (`domain/register/substitutes.ts: proposeStock` ranks and explains them). Assets count when their stage is of an
 * in-stock kind in their own lifecycle model version and their owner org unit is in the caller's scope, so a reader of
 * one unit never learns of another's stock. The catalogue is shared reference data: an unknown model is 404.
 */
export async function modelAvailability(ctx: Context, modelId: string): Promise<ModelAvailability> {
  const db = ctx.database.db;
  const model = await db.selectFrom('catalogue_models').select(['id', 'name', 'substitution_group', 'eol_date']).where('id', '=', modelId).executeTakeFirst();
  if (!model) throw new AppError('NOT_FOUND', `No catalogue model with id ${modelId}`);
  // The group is free text compared by the domain's key; the catalogue's grouped models are a small table.
  const grouped = model.substitution_group
    ? await db.selectFrom('catalogue_models').select(['id', 'name', 'substitution_group', 'eol_date']).where('substitution_group', 'is not', null).execute()
    : [];
  const asStock = (m: typeof model) => ({ id: m.id, name: m.name, substitutionGroup: m.substitution_group, eolDate: m.eol_date });
  const requested = asStock(model);
  const group = substitutionGroupKey(model.substitution_group);
  const models = grouped.filter((m) => substitutionGroupKey(m.substitution_group) === group).map(asStock);
  const candidates = [...new Set([model.id, ...models.map((m) => m.id)])];

  const inStock = await stagesOfKinds(db, IN_STOCK_KINDS);
  const scope = ctx.access.scope;
  const rows = await db.selectFrom('assets')
    .select(['model_id', 'location_id', 'stage', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('model_id', 'in', candidates)
    .where((eb) => stageAmong(eb, inStock))
    .where((eb) => unitInScope(eb, 'assets.owner_org_unit_id', scope))
    .groupBy(['model_id', 'location_id', 'stage'])
    .execute();
  const stock: StockCount[] = rows.map((r) => ({ modelId: r.model_id!, locationId: r.location_id, count: Number(r.n) }));
  const stages = new Map<string, Set<string>>();
  for (const r of rows) stages.set(r.model_id!, (stages.get(r.model_id!) ?? new Set()).add(r.stage));

  const out = proposeStock(requested, models, stock, todayOf(ctx));
  return {
    model: { id: model.id, name: model.name, substitutionGroup: model.substitution_group, eolDate: model.eol_date },
    inStock: out.requestedInStock,
    proposals: out.proposals.map((p) => ({ ...p, stages: [...(stages.get(p.modelId) ?? [])].sort() })),
    notProposed: out.notProposed,
  };
}
