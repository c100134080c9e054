import type { FastifyInstance } from 'fastify';
import { buildApp } from '@custodia/server';
import { bootstrapRegister, systemContext } from '@custodia/core';
import type { TestEngine, TestDatabase } from './databases.js';

export interface TestApi {
  app: FastifyInstance;
  db: TestDatabase;
  /** Calls the API in-process; JSON in, parsed JSON out. */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startApi(engine: TestEngine, options: { clock?: () => Date } = {}): Promise<TestApi> {
  const db = await engine.open();
  await bootstrapRegister(systemContext(db, 'system'));
  const app = await buildApp({ database: db, logger: process.env['CUSTODIA_TEST_LOG'] ? { level: 'error' } : false, ...(options.clock ? { clock: options.clock } : {}) });
  await app.ready();
  return {
    app,
    db,
    async call(method, url, body, headers = {}) {
      const res = await app.inject({ method: method as never, url, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
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

/** Row counts of every register table: "nothing written" means this is unchanged. */
export async function snapshotCounts(db: TestDatabase): Promise<Record<string, number>> {
  const tables = ['org_units', 'locations', 'people', 'manufacturers', 'suppliers', 'lifecycle_models', 'asset_types', 'catalogue_models', 'assets', 'assignments', 'imac_records', 'lifecycle_transitions', 'events', 'asset_unique_values', 'import_runs'] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await db.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  const asset = await db.db.selectFrom('assets').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  out['max_asset_version'] = Number(asset?.v ?? 0);
  return out;
}
