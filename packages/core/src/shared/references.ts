import { type Transaction, sql } from 'kysely';
import { AppError } from '@custodia/contracts';
import type { Tables } from '@custodia/data';
import { SCOPE_ALL, type Scope } from '@custodia/domain';
import { isPostgres } from './locks.js';
import { unitInScope } from './scope-sql.js';

type RefTable = 'org_units' | 'locations' | 'people' | 'manufacturers' | 'suppliers' | 'catalogue_models' | 'asset_types' | 'lifecycle_models' | 'assets';

const NOUN: Record<RefTable, string> = {
  org_units: 'org unit', locations: 'location', people: 'person', manufacturers: 'manufacturer', suppliers: 'supplier', catalogue_models: 'catalogue model',
  asset_types: 'asset type', lifecycle_models: 'lifecycle model', assets: 'asset',
};

/** Tables whose records belong to an org unit: a scoped caller may only name the ones inside the scope. */
const SCOPE_COLUMN: Partial<Record<RefTable, string>> = { people: 'org_unit_id', assets: 'owner_org_unit_id' };

export interface Reference {
  field: string; table: RefTable; id: string | null | undefined;
  /** Checked against the caller's scope too (default): false for a value the record already held. */
  scoped?: boolean;
}

/**
 * Confirms referenced records exist; one query per table. Answers 422 naming every missing reference. With a scope,
 * people and assets outside it answer as unknown ones (REFERENCE_NOT_FOUND), so a reference never tells a caller
 * which ids exist beyond the records it may see. On PostgreSQL the records found are held (`FOR KEY SHARE`) until
 * commit: a delete that checks who still names them (attribute references have no foreign key) waits for this write.
 */
export async function assertReferences(tx: Transaction<Tables>, refs: Reference[], scope: Scope = SCOPE_ALL): Promise<void> {
  const missing: { field: string; code: string; message: string }[] = [];
  const byTable = new Map<RefTable, { field: string; id: string; scoped: boolean }[]>();
  for (const r of refs) {
    if (!r.id) continue;
    byTable.set(r.table, [...(byTable.get(r.table) ?? []), { field: r.field, id: r.id, scoped: r.scoped !== false }]);
  }
  const pg = isPostgres(tx);
  for (const [table, items] of byTable) {
    const ids = [...new Set(items.map((i) => i.id))];
    const column = SCOPE_COLUMN[table];
    let query = (tx as Transaction<any>).selectFrom(table).where('id', 'in', ids).select((eb) => [
      'id', (column && scope.kind !== 'all' ? sql<number>`case when ${unitInScope(eb, `${table}.${column}`, scope)} then 1 else 0 end` : sql<number>`1`).as('in_scope'),
    ]);
    if (pg) query = query.forKeyShare();
    const found = (await query.execute()) as { id: string; in_scope: unknown }[];
    const all = new Set(found.map((f) => f.id));
    const visible = new Set(found.filter((f) => Number(f.in_scope) === 1).map((f) => f.id));
    for (const i of items) {
      if (!(i.scoped ? visible : all).has(i.id)) missing.push({ field: i.field, code: 'REFERENCE_NOT_FOUND', message: `No ${NOUN[table]} with id ${i.id}` });
    }
  }
  if (missing.length) throw new AppError('REFERENCE_NOT_FOUND', missing[0]!.message, { errors: missing });
}
