import { SqliteAdapter, SqliteDialect } from 'kysely';

/**
 * Kysely's SQLite adapter declares no transactional DDL, so its migrator would run migrations outside any transaction:
 * a failure or a crash in the middle of one would leave half a schema. SQLite has transactional DDL (and none of our
 * migrations changes a pragma), so this adapter says so, and pending migrations run in one transaction as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean { return true; }
}

/** Kysely's SQLite dialect with `TransactionalDdlSqliteAdapter`. */
export class CustodiaSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter { return new TransactionalDdlSqliteAdapter(); }
}
