import { type DatabaseConnection, type Driver, SqliteAdapter, SqliteDialect, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite adapter declares no transactional DDL, so its migrator would run migrations outside any transaction:
 * a failure or a crash in the middle of one would leave half a schema. SQLite has transactional DDL (and none of our
 * migrations changes a pragma), so this adapter says so, and pending migrations run in one transaction as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean { return true; }
}

/**
 * Kysely's SQLite dialect with `TransactionalDdlSqliteAdapter`, and a rollback that knows when SQLite already rolled
 * back. When a COMMIT fails on an I/O error or a full disk (SQLITE_IOERR, SQLITE_FULL), SQLite rolls the transaction
 * back itself; Kysely's ROLLBACK then failed with "no transaction is active" and that error replaced the real one, so
 * a failing disk answered 500 instead of 503 (security test plan FT-04). `inTransaction` is better-sqlite3's flag.
 */
export class CustodiaSqliteDialect extends SqliteDialect {
  readonly #inTransaction: () => boolean;
  constructor(config: SqliteDialectConfig & { inTransaction: () => boolean }) {
    super(config);
    this.#inTransaction = config.inTransaction;
  }
  override createAdapter(): SqliteAdapter { return new TransactionalDdlSqliteAdapter(); }
  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    const inTransaction = this.#inTransaction;
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (inTransaction()) await rollback(connection);
    };
    return driver;
  }
}
