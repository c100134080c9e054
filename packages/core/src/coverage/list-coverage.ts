import type { Coverage } from '@custodia/contracts';
import { coveredUntil } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { loadAssetRow } from '../assets/load-asset.js';
import { unitInScope } from '../shared/scope-sql.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { todayOf } from '../shared/today.js';
import { type Party, categoryOf, isContractCategory, presentCoverage, stageKindOf } from './coverage-records.js';

const COVERAGE_COLUMNS = ['cv.id', 'cv.contract_id', 'cv.asset_id', 'cv.starts_on', 'cv.ends_on', 'cv.note', 'cv.created_at', 'cv.created_by'] as const;
const OTHER_COLUMNS = ['o.id as o_id', 'o.tag as o_tag', 'o.tag_key as o_tag_key', 'o.name as o_name', 'o.stage as o_stage', 'o.lifecycle_model_id as o_model', 'o.asset_type_id as o_type', 'o.attributes as o_attributes'] as const;

/**
 * `GET /assets/{id}/coverage`. For a service contract, the assets it covers; for any other asset, the contracts
 * covering it and how long it stays covered. Sorted by the other asset's tag, a page at a time (keyset on tag and id).
 * The asset answers 404 outside the caller's scope, and only the other assets inside it are listed (and counted in
 * `coveredUntil`). Read apart from the asset itself, whose read serves every page and list and needs none of it.
 */
export async function listCoverage(ctx: Context, id: string, query: { limit: number; cursor?: string | undefined }) {
  const db = ctx.database.db;
  const self = await loadAssetRow(db, id, ctx.access.scope);
  const today = todayOf(ctx);
  const role = isContractCategory(await categoryOf(db, self)) ? 'contract' as const : 'covered' as const;
  // The contract side lists the covered assets; the covered side lists the contracts.
  const [mine, other] = role === 'contract' ? ['cv.contract_id', 'cv.asset_id'] as const : ['cv.asset_id', 'cv.contract_id'] as const;
  const base = () => db.selectFrom('asset_coverage as cv').innerJoin('assets as o', 'o.id', other)
    .where(mine, '=', id).where((eb) => unitInScope(eb, 'o.owner_org_unit_id', ctx.access.scope));

  let q = base().select([...COVERAGE_COLUMNS, ...OTHER_COLUMNS]).orderBy('o.tag_key').orderBy('o.id').limit(query.limit + 1);
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    const v = String(c.v);
    q = q.where((eb) => eb.or([eb('o.tag_key', '>', v), eb.and([eb('o.tag_key', '=', v), eb('o.id', '>', c.id)])]));
  }
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  const otherOf = (r: (typeof rows)[number]): Party => ({ id: r.o_id, tag: r.o_tag, name: r.o_name, stage: r.o_stage, lifecycle_model_id: r.o_model, asset_type_id: r.o_type, attributes: r.o_attributes });
  const selfKind = await stageKindOf(db, self);
  const items: Coverage[] = [];
  for (const r of page) {
    const o = otherOf(r);
    const [contract, asset] = role === 'contract' ? [self, o] : [o, self];
    items.push(presentCoverage(r, contract, asset, role === 'contract' ? selfKind : await stageKindOf(db, o), today));
  }
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ v: last.o_tag_key, id: last.o_id }) : null;

  let until = null;
  if (role === 'covered') {
    // Every contract covering the asset counts, not only this page's: when the page is all of them, they are at hand.
    const all = !query.cursor && !nextCursor ? rows : await base().select(['cv.starts_on', 'cv.ends_on', 'o.stage as o_stage', 'o.lifecycle_model_id as o_model']).execute();
    const terms = [];
    for (const r of all) terms.push({ startsOn: r.starts_on, endsOn: r.ends_on, contractStageKind: await stageKindOf(db, { stage: r.o_stage, lifecycle_model_id: r.o_model }) });
    until = coveredUntil(terms, today);
  }
  return { role, items, nextCursor, coveredUntil: until && (until.covered ? until : { covered: false, until: null }), today };
}
