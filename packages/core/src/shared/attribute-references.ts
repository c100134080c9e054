import { sql } from 'kysely';
import { AppError } from '@custodia/contracts';
import type { FieldDefinition } from '@custodia/domain';
import { readJson } from '@custodia/data';
import type { Tx } from './change.js';
import { SCOPE_ALL, type Scope } from '@custodia/domain';
import { unitInScope } from './scope-sql.js';

type RefType = 'person_ref' | 'location_ref' | 'asset_ref';
const NOUN: Record<RefType, string> = { person_ref: 'person', location_ref: 'location', asset_ref: 'asset' };

/**
 * Refuses to delete a person, location or asset that an asset's typed attribute still names (a "reference to person"
 * field, say): the foreign keys cannot see inside the attributes, and the value would point at nothing. Only the types
 * whose schema has such a field are searched; the value is the record's id in the attributes' JSON.
 */
export async function assertNotReferencedByAttributes(tx: Tx, type: RefType, id: string, scope: Scope = SCOPE_ALL): Promise<void> {
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
  // Assets outside the caller's scope still block the delete, but are not named (they answer 404 elsewhere).
  const visible = scope.kind === 'all' ? new Set(holders.map((h) => h.tag)) : new Set((await tx.selectFrom('assets').select('tag')
    .where('tag', 'in', holders.map((h) => h.tag)).where((eb) => unitInScope(eb, 'owner_org_unit_id', scope)).execute()).map((r) => r.tag));
  const shown = holders.slice(0, 5).filter((h) => visible.has(h.tag));
  const others = holders.slice(0, 5).length - shown.length;
  const named = [...shown.map((h) => `${h.tag} (${fields.get(h.asset_type_id)!.join(', ')})`), ...(others ? [`${others} asset${others === 1 ? '' : 's'} outside your scope`] : [])].join(', ');
  throw new AppError('IN_USE', `Assets still name this ${NOUN[type]} in their attributes: ${named}${holders.length > 5 ? ', …' : ''}. Change those attributes first.`);
}
