import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '@custodia/server';
import { type Context, bootstrapRegister, createAccount, createApiToken, ensureBuiltInRoles, grantRole, systemContext } from '@custodia/core';
import type { TestEngine, TestDatabase } from './databases.js';
import { type Database, HistorySigner } from '@custodia/data';
import { generateKeyPairSync } from 'node:crypto';

export interface CallResult { status: number; body: any; headers: Record<string, unknown> }

export interface TestApi {
  app: FastifyInstance;
  db: TestDatabase;
  /** The API token of the administrator every `call` acts as (system administrator and IT asset manager, organisation-wide). */
  adminToken: string;
  /**
   * Calls the API in-process as the administrator; JSON in, parsed JSON out. Pass `authorization: ''` in `headers`
   * to call without credentials, or another `authorization` to act as someone else.
   */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<CallResult>;
  /** A new account holding `grants`, and a write token for it. */
  user(login: string, grants: { role: string; orgUnitId?: string | null }[], options?: { personId?: string | null; access?: 'read' | 'write' }): Promise<{ accountId: string; token: string; auth: Record<string, string> }>;
  close(): Promise<void>;
}

/**
 * A server on a fresh database of `engine`, with a register and an administrator. `clock` fixes the time it reads, and
 * `timeZone` the organisation's zone (CUSTODIA_TIME_ZONE; UTC by default).
 */
export async function startApi(engine: TestEngine, options: { clock?: () => Date; timeZone?: string; rateLimit?: number; app?: Partial<AppOptions> } = {}): Promise<TestApi> {
  const db = await engine.open();
  const system: Context = systemContext(db, 'system', 'system', options.clock, options.timeZone);
  await bootstrapRegister(system);
  await ensureBuiltInRoles(system);
  const app = await buildApp({
    database: db, logger: process.env['CUSTODIA_TEST_LOG'] ? { level: 'error' } : false, rateLimit: options.rateLimit ?? 1_000_000,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    // A throw-away history signing key: a PostgreSQL test database has no directory to create one in.
    historySigner: new HistorySigner(generateKeyPairSync('ed25519').privateKey),
    ...options.app,
  });
  await app.ready();
  const user: TestApi['user'] = async (login, grants, opts = {}) => {
    const account = await createAccount(system, { login, displayName: login, personId: opts.personId ?? null });
    for (const g of grants) await grantRole(system, account.id, { roleKey: g.role, orgUnitId: g.orgUnitId ?? null });
    const { token } = await createApiToken(system, account.id, { name: 'test', access: opts.access ?? 'write', expiresInDays: 30 });
    return { accountId: account.id, token, auth: { authorization: `Bearer ${token}` } };
  };
  const admin = await user('admin', [{ role: 'system_administrator' }, { role: 'it_asset_manager' }]);
  return {
    app,
    db,
    adminToken: admin.token,
    user,
    async call(method, url, body, headers = {}) {
      const { authorization, ...rest } = headers;
      const auth = authorization === undefined ? { authorization: `Bearer ${admin.token}` } : authorization === '' ? {} : { authorization };
      const res = await app.inject({ method: method as never, url, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...auth, ...rest }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
      let parsed: unknown = res.body;
      try { parsed = res.body ? JSON.parse(res.body) : null; } catch { /* not JSON */ }
      return { status: res.statusCode, body: parsed, headers: res.headers };
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

/** The tables whose row counts `snapshotCounts` takes, and those whose highest version it takes too. */
const COUNTED_TABLES = [
  'org_units', 'locations', 'people', 'manufacturers', 'suppliers', 'lifecycle_models', 'asset_types', 'catalogue_models', 'assets', 'assignments', 'imac_records',
  'lifecycle_transitions', 'events', 'asset_unique_values', 'import_runs', 'accounts', 'roles', 'role_grants', 'api_tokens', 'agent_tokens', 'sessions',
  'attachments', 'attachment_chunks', 'data_quality_snapshots', 'asset_coverage', 'purchase_requests', 'purchase_request_assets', 'webhooks', 'webhook_deliveries',
] as const;
const VERSIONED_TABLES = ['assets', 'accounts', 'people', 'org_units', 'locations', 'attachments', 'purchase_requests'] as const;
export type CountSnapshot = Record<(typeof COUNTED_TABLES)[number] | `max_${(typeof VERSIONED_TABLES)[number]}_version`, number>;

/** Row counts of every register and access table: "nothing written" means this is unchanged. The security log is left out: refusals are meant to write to it. */
export async function snapshotCounts(db: Database): Promise<CountSnapshot> {
  const out: Partial<CountSnapshot> = {};
  for (const t of COUNTED_TABLES) {
    const r = await db.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  for (const t of VERSIONED_TABLES) {
    const v = await db.db.selectFrom(t).select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    out[`max_${t}_version`] = Number(v?.v ?? 0);
  }
  return out as CountSnapshot;
}

/** A server on `database` with a register, and the API token of an IT asset manager who imports. */
export async function importerApp(database: Database): Promise<{ app: FastifyInstance; auth: Record<string, string> }> {
  const system = systemContext(database, 'system');
  await bootstrapRegister(system);
  await ensureBuiltInRoles(system);
  const app = await buildApp({ database, logger: false, rateLimit: 1_000_000, historySigner: new HistorySigner(generateKeyPairSync('ed25519').privateKey) });
  await app.ready();
  const account = await createAccount(system, { login: 'importer', displayName: 'Importer' });
  await grantRole(system, account.id, { roleKey: 'it_asset_manager', orgUnitId: null });
  return { app, auth: { authorization: `Bearer ${(await createApiToken(system, account.id, { name: 'test', access: 'write', expiresInDays: 1 })).token}` } };
}
