import type { LocalContactsAnswer } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { localContactsAt } from '../reference/local-contacts.js';
import { loadAssetRow } from './load-asset.js';

/**
 * `GET /assets/{id}/local-contacts`: whom to call where the asset is — its location's contacts, or the nearest place's
 * above it that has some. Inside the caller's scope (404 outside it, like the asset). Read apart from the asset: the
 * asset read serves every page and list and stays one row.
 */
export async function listAssetLocalContacts(ctx: Context, assetId: string): Promise<LocalContactsAnswer> {
  const asset = await loadAssetRow(ctx.database.db, assetId, ctx.access.scope);
  return localContactsAt(ctx.database.db, asset.location_id);
}
