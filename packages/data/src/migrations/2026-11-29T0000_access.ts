import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Access control: accounts (optionally a person's login), roles as permission sets, grants of a role on an org-unit
 * subtree, server-side sessions, personal API tokens, agent tokens, OpenID Connect identities, sign-in throttling,
 * one-off settings (first-run set-up) and the append-only security log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema.createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('login_key', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('person_id', 'text', (c) => c.references('people.id').unique())
    .addColumn('password_hash', 'text')
    .addColumn('password_changed_at', t.timestamp)
    .addColumn('active', t.bool, (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled_at', t.timestamp)
    .addColumn('recovery_codes', t.json)
    .addColumn('last_login_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema.createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('built_in', t.bool, (c) => c.notNull())
    .addColumn('permissions', t.json, (c) => c.notNull())
    .addColumn('requires_two_factor', t.bool, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema.createTable('role_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addColumn('org_unit_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('role_grants_account').on('role_grants').column('account_id').execute();
  await db.schema.createIndex('role_grants_role').on('role_grants').column('role_id').execute();
  await db.schema.createIndex('role_grants_org_unit').on('role_grants').column('org_unit_id').execute();

  // The id is the SHA-256 of the cookie value: a leaked table does not yield usable sessions.
  await db.schema.createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('reauthenticated_at', t.timestamp, (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

  // A sign-in that passed the password but still owes a second factor.
  await db.schema.createTable('pending_logins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute();

  await db.schema.createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_tokens_account').on('api_tokens').column('account_id').execute();

  await db.schema.createTable('agent_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('org_unit_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('expires_at', t.timestamp)
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema.createTable('oidc_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_login_at', t.timestamp)
    .addUniqueConstraint('oidc_identities_issuer_subject', ['issuer', 'subject'])
    .execute();

  await db.schema.createTable('auth_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', t.timestamp, (c) => c.notNull())
    .addColumn('blocked_until', t.timestamp)
    .execute();

  await db.schema.createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', t.json, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  // Every authentication and authorisation outcome worth keeping (ASVS 16.3). Append-only like `events`.
  await db.schema.createTable('security_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('login', 'text')
    .addColumn('ip', 'text')
    .addColumn('method', 'text')
    .addColumn('route', 'text')
    .addColumn('status', 'integer')
    .addColumn('request_id', 'text')
    .addColumn('detail', t.json)
    .execute();
  await db.schema.createIndex('security_log_account').on('security_log').columns(['account_id', 'id']).execute();

  // Self-service: the person acknowledges receiving an assigned asset.
  await db.schema.alterTable('assignments').addColumn('acknowledged_at', t.timestamp).execute();

  if (t.pg) {
    await sql`CREATE FUNCTION custodia_security_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the security log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER security_log_append_only BEFORE UPDATE OR DELETE ON security_log FOR EACH ROW EXECUTE FUNCTION custodia_security_log_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER security_log_no_update BEFORE UPDATE ON security_log BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER security_log_no_delete BEFORE DELETE ON security_log BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END`.execute(db);
  }
}
