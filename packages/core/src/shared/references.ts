import type { Transaction } from 'kysely';
import { AppError } from '@custodia/contracts';
import type { Tables } from '@custodia/data';

type RefTable = 'org_units' | 'locations' | 'people' | 'manufacturers' | 'suppliers' | 'catalogue_models' | 'asset_types' | 'lifecycle_models' | 'assets';

/** Confirms referenced records exist; one query per table. Answers 422 naming every missing reference. */
export async function assertReferences(tx: Transaction<Tables>, refs: { field: string; table: RefTable; id: string | null | undefined }[]): Promise<void> {
  const missing: { field: string; code: string; message: string }[] = [];
  const byTable = new Map<RefTable, { field: string; id: string }[]>();
  for (const r of refs) {
    if (!r.id) continue;
    byTable.set(r.table, [...(byTable.get(r.table) ?? []), { field: r.field, id: r.id }]);
  }
  for (const [table, items] of byTable) {
    const ids = [...new Set(items.map((i) => i.id))];
    const found = await (tx as Transaction<any>).selectFrom(table).select('id').where('id', 'in', ids).execute();
    const have = new Set(found.map((f: { id: string }) => f.id));
    for (const i of items) if (!have.has(i.id)) missing.push({ field: i.field, code: 'REFERENCE_NOT_FOUND', message: `No ${table.replace(/s$/, '').replace('_', ' ')} with id ${i.id}` });
  }
  if (missing.length) throw new AppError('REFERENCE_NOT_FOUND', missing[0]!.message, { errors: missing });
}
