import { AppError } from '@custodia/contracts';
import type { Kysely } from 'kysely';
import type { Scope } from '@custodia/domain';
import type { Row, Tables } from '@custodia/data';
import { unitInScope } from '../shared/scope-sql.js';

/**
 * An asset inside `scope`. One outside it answers exactly as a missing one (404), so ids cannot be probed; the
 * security log still learns of the attempt.
 */
export async function loadAssetRow(db: Kysely<Tables>, id: string, scope: Scope): Promise<Row<'assets'>> {
  const row = await db.selectFrom('assets').selectAll().where('id', '=', id).where((eb) => unitInScope(eb, 'owner_org_unit_id', scope)).executeTakeFirst();
  if (row) return row;
  const exists = scope.kind !== 'all' && (await db.selectFrom('assets').select('id').where('id', '=', id).executeTakeFirst());
  throw new AppError('NOT_FOUND', `No asset with id ${id}`, exists ? { securityNote: 'asset outside the caller\'s scope' } : {});
}
