import type { Kysely } from 'kysely';
import { AppError, type Coverage } from '@custodia/contracts';
import { CONTRACT_CATEGORY, type StageKind, coverageActiveOn } from '@custodia/domain';
import type { EventInput, Row, Tables } from '@custodia/data';
import { loadModel } from '../lifecycle/model-store.js';

/** An asset as a coverage needs it: to name it, to judge its stage, to tell a contract. */
export type Party = Pick<Row<'assets'>, 'id' | 'tag' | 'name' | 'stage' | 'lifecycle_model_id' | 'asset_type_id' | 'attributes'>;

/** The category of an asset's type (read apart: the asset row does not carry it). */
export async function categoryOf(db: Kysely<Tables>, asset: Pick<Row<'assets'>, 'asset_type_id'>): Promise<string> {
  const type = await db.selectFrom('asset_types').select('category').where('id', '=', asset.asset_type_id).executeTakeFirstOrThrow();
  return type.category;
}

export const isContractCategory = (category: string): boolean => category === CONTRACT_CATEGORY;

/** Refuses an asset that is not a service contract as the contract of a coverage. */
export async function assertContract(db: Kysely<Tables>, asset: Party): Promise<void> {
  if (!isContractCategory(await categoryOf(db, asset))) {
    throw new AppError('NOT_A_CONTRACT', `${asset.tag} is not a service contract: only an asset whose type is of category service_contract covers others`);
  }
}

/** The kind of an asset's current stage in its own lifecycle model version (models are cached: versions never change). */
export async function stageKindOf(db: Kysely<Tables>, asset: Pick<Row<'assets'>, 'stage' | 'lifecycle_model_id'>): Promise<StageKind | undefined> {
  return (await loadModel(db, asset.lifecycle_model_id)).definition.stages.find((s) => s.key === asset.stage)?.kind;
}

const party = (a: Party) => ({ id: a.id, tag: a.tag, name: a.name, stage: a.stage });

/** A coverage row as the API shows it, judged on `today` (the organisation's). */
export function presentCoverage(row: Row<'asset_coverage'>, contract: Party, asset: Party, contractStageKind: StageKind | undefined, today: string): Coverage {
  return {
    id: row.id, contract: party(contract), asset: party(asset), startsOn: row.starts_on, endsOn: row.ends_on, note: row.note,
    active: coverageActiveOn({ startsOn: row.starts_on, endsOn: row.ends_on, contractStageKind }, today), createdAt: row.created_at, createdBy: row.created_by,
  };
}

/** What the history of each side records of a coverage: the other asset by id and tag, and the terms. */
const termsOf = (row: Pick<Row<'asset_coverage'>, 'starts_on' | 'ends_on' | 'note'>) => ({ startsOn: row.starts_on, endsOn: row.ends_on, note: row.note });

/**
 * The two history events of a coverage added (`cover`) or removed (`uncover`): one on the contract ("covers"), one on
 * the covered asset ("covered by"), committed with the change.
 */
export function coverageEvents(action: 'cover' | 'uncover', row: Pick<Row<'asset_coverage'>, 'starts_on' | 'ends_on' | 'note'>, contract: Pick<Party, 'id' | 'tag'>, asset: Pick<Party, 'id' | 'tag'>): EventInput[] {
  const side = (value: Record<string, unknown>) => (action === 'cover' ? { before: null, after: value } : { before: value, after: null });
  return [
    { entityType: 'asset', entityId: contract.id, action, changes: { covers: side({ assetId: asset.id, tag: asset.tag, ...termsOf(row) }) } },
    { entityType: 'asset', entityId: asset.id, action, changes: { coveredBy: side({ contractId: contract.id, tag: contract.tag, ...termsOf(row) }) } },
  ];
}

/**
 * Removes every coverage an asset takes part in, as contract or as covered asset, with both sides' events: an asset
 * record deleted as registered in error takes its coverage with it (the history keeps it).
 */
export async function removeAllCoverageOf(tx: Kysely<Tables>, asset: Pick<Party, 'id' | 'tag'>): Promise<EventInput[]> {
  const rows = await tx.selectFrom('asset_coverage')
    .innerJoin('assets as c', 'c.id', 'asset_coverage.contract_id')
    .innerJoin('assets as a', 'a.id', 'asset_coverage.asset_id')
    .select(['asset_coverage.id', 'asset_coverage.starts_on', 'asset_coverage.ends_on', 'asset_coverage.note', 'c.id as contract_id', 'c.tag as contract_tag', 'a.id as asset_id', 'a.tag as asset_tag'])
    .where((eb) => eb.or([eb('asset_coverage.contract_id', '=', asset.id), eb('asset_coverage.asset_id', '=', asset.id)]))
    .execute();
  if (!rows.length) return [];
  await tx.deleteFrom('asset_coverage').where('id', 'in', rows.map((r) => r.id)).execute();
  return rows.flatMap((r) => coverageEvents('uncover', r, { id: r.contract_id, tag: r.contract_tag }, { id: r.asset_id, tag: r.asset_tag }));
}
