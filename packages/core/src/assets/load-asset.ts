import { AppError } from '@custodia/contracts';
import type { Kysely } from 'kysely';
import type { Row, Tables } from '@custodia/data';

export async function loadAssetRow(db: Kysely<Tables>, id: string): Promise<Row<'assets'>> {
  const row = await db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No asset with id ${id}`);
  return row;
}
