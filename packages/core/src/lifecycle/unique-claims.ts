import { AppError } from '@custodia/contracts';
import { type FieldDefinition, UniqueClaimCollector, uniqueFieldChanges } from '@custodia/domain';
import { type FieldCipher, readJson, storedClaimKey } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import { openAttributes } from '../assets/sensitive.js';

const PAGE = 1000;

/**
 * Keeps the unique-attribute claims of a type's assets in step with a schema change, in the change's transaction: an
 * attribute that becomes unique claims the values its assets already hold, and is refused (409, with the shared values
 * and the assets holding them) when two assets share one; an attribute that stops being unique, or leaves the schema,
 * releases its claims.
 */
export async function syncUniqueClaims(tx: Tx, cipher: FieldCipher, typeId: string, before: readonly FieldDefinition[], after: readonly FieldDefinition[]): Promise<void> {
  const { added, removed } = uniqueFieldChanges(before, after);
  if (removed.length) await tx.deleteFrom('asset_unique_values').where('asset_type_id', '=', typeId).where('field_key', 'in', removed).execute();
  if (!added.length) return;

  const collector = new UniqueClaimCollector(added);
  for (let last = ''; ;) {
    const rows = await tx.selectFrom('assets').select(['id', 'tag', 'attributes']).where('asset_type_id', '=', typeId).where('id', '>', last).orderBy('id').limit(PAGE).execute();
    for (const r of rows) collector.add(r.id, r.tag, openAttributes(cipher, readJson<Record<string, unknown>>(r.attributes, {}), after));
    if (rows.length < PAGE) break;
    last = rows[rows.length - 1]!.id;
  }
  const clashes = collector.clashes();
  if (clashes.length) {
    const errors = clashes.map((c) => ({
      field: `attributeSchema[${after.findIndex((f) => f.key === c.field)}].unique`, code: 'ATTRIBUTE_NOT_UNIQUE',
      message: `${c.assets.length} assets share ${c.field} ${JSON.stringify(c.value)}: ${c.assets.slice(0, 5).join(', ')}${c.assets.length > 5 ? ', …' : ''}`,
    }));
    throw new AppError('UNIQUE_VIOLATION', `"${clashes[0]!.field}" cannot become unique: assets already share its values. Correct them first.`, { errors });
  }
  const claims = collector.claims().map((c) => ({ asset_type_id: typeId, field_key: c.field, value_key: storedClaimKey(c.valueKey), asset_id: c.assetId }));
  // Claims left by an earlier time the field was unique are replaced by what the assets hold now.
  await tx.deleteFrom('asset_unique_values').where('asset_type_id', '=', typeId).where('field_key', 'in', added).execute();
  for (let i = 0; i < claims.length; i += 200) await tx.insertInto('asset_unique_values').values(claims.slice(i, i + 200)).execute();
}
