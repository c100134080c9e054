import { sql } from 'kysely';
import { AppError } from '@custodia/contracts';
import type { FieldDefinition } from '@custodia/domain';
import { readJson } from '@custodia/data';
import type { Tx } from './change.js';

type RefType = 'person_ref' | 'location_ref' | 'asset_ref';
const NOUN: Record<RefType, string> = { person_ref: 'person', location_ref: 'location', asset_ref: 'asset' };

/**
 * Refuses to delete a person, location or asset that an asset's typed attribute still names (a "reference to person"
 * field, say): the foreign keys cannot see inside the attributes, and the value would point at nothing. Only the types
 * whose schema has such a field are searched; the value is the record's id in the attributes' JSON.
 */
export async function assertNotReferencedByAttributes(tx: Tx, type: RefType, id: string): Promise<void> {
  const types = await tx.selectFrom('asset_types').select(['id', 'attribute_schema']).execute();
  const fields = new Map<string, string[]>();
  for (const t of types) {
    const keys = readJson<FieldDefinition[]>(t.attribute_schema, []).filter((f) => f.type === type).map((f) => f.label || f.key);
    if (keys.length) fields.set(t.id, keys);
  }
  if (!fields.size) return;
  const holders = await tx.selectFrom('assets').select(['tag', 'asset_type_id'])
    .where('asset_type_id', 'in', [...fields.keys()]).where('id', '!=', id)
    .where(sql<string>`cast(attributes as text)`, 'like', `%"${id}"%`)
    .orderBy('tag').limit(6).execute();
  if (!holders.length) return;
  const named = holders.slice(0, 5).map((h) => `${h.tag} (${fields.get(h.asset_type_id)!.join(', ')})`).join(', ');
  throw new AppError('IN_USE', `Assets still name this ${NOUN[type]} in their attributes: ${named}${holders.length > 5 ? ', …' : ''}. Change those attributes first.`);
}
