import { type Kysely, sql } from 'kysely';

/**
 * One grant per account, role and scope: two identical grants sent at once both passed the "already held" check and
 * both inserted. Existing duplicates (same account, role and org unit, or both organisation-wide) keep their oldest
 * row. The scope is compared through coalesce so that two organisation-wide grants (null org unit) collide too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from role_grants where id not in (select min(id) from role_grants group by account_id, role_id, coalesce(org_unit_id, ''))`.execute(db);
  await sql`create unique index role_grants_one_per_scope on role_grants (account_id, role_id, coalesce(org_unit_id, ''))`.execute(db);
}
