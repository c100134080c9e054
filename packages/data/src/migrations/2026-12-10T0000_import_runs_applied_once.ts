import { type Kysely, sql } from 'kysely';

/**
 * A file is applied once in create mode: the same file sent twice at once both passed the "already applied" check (made
 * before the import's transaction) and both imported, on PostgreSQL. The run row is now inserted inside the import's
 * transaction, and this index refuses the second. Upsert runs may apply a file again (they change what differs), so
 * only create runs count. Runs already applied twice keep their rows (they are the register's history): all but the
 * first are marked `applied_twice`, which the index does not cover.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update import_runs set status = 'applied_twice' where status = 'applied' and mode = 'create' and id not in (
    select min(id) from import_runs where status = 'applied' and mode = 'create' group by kind, file_sha256)`.execute(db);
  await sql`create unique index import_runs_applied_once on import_runs (kind, file_sha256) where status = 'applied' and mode = 'create'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
