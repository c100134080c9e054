import type { Kysely } from 'kysely';
import type { AssetPolicy } from '@custodia/contracts';
import type { Row, Tables } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { loadAssetRow } from './load-asset.js';

/**
 * The usage policies that apply to an asset (ITIL ITAM Table 2.2, "Allocate/assign": model-specific policies): its
 * asset type's, then its catalogue model's, each labelled by where it comes from; one without text is left out.
 */
type PolicyHolder = { id: string; name: string; usage_policy: string | null } | null | undefined;

/** The policies of an asset type and a catalogue model, in that order; one without text is left out. */
export function policyList(type: PolicyHolder, model: PolicyHolder): AssetPolicy[] {
  const policies: AssetPolicy[] = [];
  if (type?.usage_policy) policies.push({ source: 'type', id: type.id, name: type.name, text: type.usage_policy });
  if (model?.usage_policy) policies.push({ source: 'model', id: model.id, name: model.name, text: model.usage_policy });
  return policies;
}

export async function policiesOf(db: Kysely<Tables>, asset: Pick<Row<'assets'>, 'asset_type_id' | 'model_id'>): Promise<AssetPolicy[]> {
  const type = await db.selectFrom('asset_types').select(['id', 'name', 'usage_policy']).where('id', '=', asset.asset_type_id).executeTakeFirst();
  const model = asset.model_id
    ? await db.selectFrom('catalogue_models').select(['id', 'name', 'usage_policy']).where('id', '=', asset.model_id).executeTakeFirst()
    : undefined;
  return policyList(type, model);
}

/**
 * `GET /assets/{id}/policies`, inside the caller's scope (404 outside it, like the asset). Read apart from the asset:
 * the asset read serves every page and list and needs none of it, so only a hand-over pays for these two reads.
 */
export async function listAssetPolicies(ctx: Context, assetId: string): Promise<AssetPolicy[]> {
  const asset = await loadAssetRow(ctx.database.db, assetId, ctx.access.scope);
  return policiesOf(ctx.database.db, asset);
}
