import { AppError } from '@custodia/contracts';
import type { Kysely } from 'kysely';
import type { Scope } from '@custodia/domain';
import { type Row, type Tables, fixedQuery } from '@custodia/data';
import { unitInScope } from '../shared/scope-sql.js';

// Read on every GET of an asset, by whoever holds the permission organisation-wide.
const assetById = fixedQuery((db: Kysely<Tables>, id: string) => db.selectFrom('assets').selectAll().where('id', '=', id));

/**
 * An asset inside `scope`. One outside it answers exactly as a missing one (404), so ids cannot be probed; the
 * security log still learns of the attempt.
 */
export async function loadAssetRow(db: Kysely<Tables>, id: string, scope: Scope): Promise<Row<'assets'>> {
  const row = scope.kind === 'all'
    ? (await assetById(db, id))[0]
    : await db.selectFrom('assets').selectAll().where('id', '=', id).where((eb) => unitInScope(eb, 'owner_org_unit_id', scope)).executeTakeFirst();
  if (row) return row;
  const exists = scope.kind !== 'all' && (await db.selectFrom('assets').select('id').where('id', '=', id).executeTakeFirst());
  throw new AppError('NOT_FOUND', `No asset with id ${id}`, exists ? { securityNote: 'asset outside the caller\'s scope' } : {});
}
