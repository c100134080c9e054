import { AppError, type Coverage } from '@custodia/contracts';
import { coverageTermOf } from '@custodia/domain';
import { type EventInput, newId, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { lockRows } from '../shared/locks.js';
import { todayOf } from '../shared/today.js';
import { loadAssetRow } from '../assets/load-asset.js';
import { loadAssetType } from '../lifecycle/asset-types.js';
import { assertContract, categoryOf, coverageEvents, isContractCategory, presentCoverage, stageKindOf } from './coverage-records.js';

export interface CoverageInput {
  assetIds: string[];
  startsOn?: string | null | undefined;
  endsOn?: string | null | undefined;
  note?: string | null | undefined;
  reason?: string | undefined;
}

interface ItemResult { assetId: string; ok: boolean; errors: { code: string; message: string }[] }

class CoverageRejected extends Error {
  constructor(readonly results: ItemResult[]) {
    super('coverage rejected');
  }
}

/**
 * `POST /assets/{contractId}/coverage`: the contract (an asset of category service_contract, in the caller's scope)
 * covers each asset given, from the dates given or, left out, its own `starts_on` / `ends_on`. All are added or none:
 * every item is checked, and the refusal names each failing one. An asset not found or outside the scope fails the
 * whole request as 404 (ids are not probed); a contract given as a covered asset is 422 CONTRACT_CANNOT_BE_COVERED;
 * an asset the contract already covers is 409 ALREADY_COVERED (a duplicate is refused, not ignored: its dates may
 * differ from the stored ones; remove the coverage and add it again to change them). Each coverage added records a
 * `cover` event on the contract and on the asset, in the same transaction.
 */
export async function addCoverage(ctx: Context, contractId: string, input: CoverageInput): Promise<{ items: Coverage[] }> {
  const seen = new Set<string>();
  for (const id of input.assetIds) {
    if (seen.has(id)) throw new AppError('VALIDATION_FAILED', `Asset ${id} appears twice`, { errors: [{ field: 'assetIds', code: 'DUPLICATE_ITEM', message: id }] });
    seen.add(id);
  }
  try {
    return await runChange(ctx, input.reason, async (tx, now) => {
      // Held first (PostgreSQL): coverage writes on one contract queue, so the duplicate check below sees the others.
      await lockRows(tx, 'assets', contractId);
      const contract = await loadAssetRow(tx, contractId, ctx.access.scope);
      await assertContract(tx, contract);
      const contractType = await loadAssetType(tx, contract.asset_type_id, 'key share');
      const dateFields = contractType.attributeSchema.filter((f) => f.type === 'date').map((f) => f.key);
      const term = coverageTermOf(input, readJson<Record<string, unknown>>(contract.attributes, {}), dateFields);
      if (!term.ok) throw new AppError(term.code, term.message, { errors: [{ field: 'endsOn', code: term.code, message: term.message }] });

      const today = todayOf(ctx);
      const contractKind = await stageKindOf(tx, contract);
      const results: ItemResult[] = [];
      const items: Coverage[] = [];
      const events: EventInput[] = [];
      for (const assetId of input.assetIds) {
        const refuse = (code: string, message: string) => results.push({ assetId, ok: false, errors: [{ code, message }] });
        let asset;
        try {
          asset = await loadAssetRow(tx, assetId, ctx.access.scope);
        } catch (error) {
          if (error instanceof AppError && error.code === 'NOT_FOUND') { refuse('NOT_FOUND', error.message); continue; }
          throw error;
        }
        if (isContractCategory(await categoryOf(tx, asset))) { refuse('CONTRACT_CANNOT_BE_COVERED', `${asset.tag} is a service contract: a contract is not covered by another`); continue; }
        if (await tx.selectFrom('asset_coverage').select('id').where('contract_id', '=', contractId).where('asset_id', '=', assetId).executeTakeFirst()) {
          refuse('ALREADY_COVERED', `${contract.tag} already covers ${asset.tag}`);
          continue;
        }
        const row = { id: newId(), contract_id: contractId, asset_id: assetId, starts_on: term.value.startsOn, ends_on: term.value.endsOn, note: input.note ?? null, created_at: now, created_by: ctx.actor };
        await tx.insertInto('asset_coverage').values(row).execute();
        items.push(presentCoverage(row, contract, asset, contractKind, today));
        events.push(...coverageEvents('cover', row, contract, asset));
        results.push({ assetId, ok: true, errors: [] });
      }
      if (results.some((r) => !r.ok)) throw new CoverageRejected(results);
      return { result: { items }, events };
    });
  } catch (error) {
    if (!(error instanceof CoverageRejected)) throw error;
    const codes = new Set(error.results.flatMap((r) => r.errors.map((e) => e.code)));
    if (codes.has('NOT_FOUND')) throw new AppError('NOT_FOUND', 'One or more assets do not exist; no coverage was added');
    const extra = { applied: false, results: error.results };
    if (codes.has('CONTRACT_CANNOT_BE_COVERED')) throw new AppError('CONTRACT_CANNOT_BE_COVERED', 'No coverage was added: a service contract cannot be covered by a contract', { extra });
    throw new AppError('ALREADY_COVERED', 'No coverage was added: the contract already covers at least one of these assets', { extra });
  }
}
