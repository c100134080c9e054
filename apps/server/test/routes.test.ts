import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, SqliteDialect } from 'kysely';
import { buildApp, PERMISSIONS, type RouteRecord } from '@custodia/server';
import { ENGINES } from '../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../test/support/api.js';

const COMMITTED_OPENAPI = new URL('../../../docs/openapi.json', import.meta.url);

describe.each(ENGINES)('routes, operations and the API description ($name)', (engine) => {
  let api: TestApi;
  let routes: RouteRecord[];
  beforeAll(async () => {
    api = await startApi(engine);
    routes = api.app.routeTable;
  });
  afterAll(async () => { await api.close(); });

  it('every registered route declares a permission', () => {
    expect(routes.length).toBeGreaterThan(40);
    const offenders = routes.filter((r) => r.permission === undefined).map((r) => `${r.method} ${r.url}`);
    expect(offenders, `routes without config.permission:\n${offenders.join('\n')}`).toEqual([]);
  });

  it('every permission a route uses is defined in PERMISSIONS', () => {
    const unknown = routes.filter((r) => r.permission !== undefined && !Object.hasOwn(PERMISSIONS, r.permission)).map((r) => `${r.method} ${r.url}: ${r.permission}`);
    expect(unknown, unknown.join('\n')).toEqual([]);
  });

  it('protects writes with write permissions and keeps public routes to probes and documentation', () => {
    const permissionOf = (method: string, url: string) => routes.find((r) => r.method === method && r.url === url)?.permission;
    expect(permissionOf('GET', '/api/v1/assets')).toBe('assets.read');
    expect(permissionOf('POST', '/api/v1/assets')).toBe('assets.write');
    expect(permissionOf('POST', '/api/v1/assets/bulk')).toBe('assets.bulk');
    expect(permissionOf('DELETE', '/api/v1/assets/:id')).toBe('assets.delete');
    expect(permissionOf('POST', '/api/v1/assets/:id/transitions')).toBe('assets.transition');
    expect(permissionOf('POST', '/api/v1/lifecycle-models')).toBe('lifecycle.manage');
    expect(permissionOf('GET', '/metrics')).toBe('system.metrics');
    const writes = routes.filter((r) => !['GET', 'OPTIONS'].includes(r.method));
    const signIn = /^\/api\/v1\/auth\/(setup|login|login\/two-factor)$/;
    expect(writes.filter((r) => (r.permission === 'public' && !signIn.test(r.url)) || r.permission?.endsWith('.read')).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const publicRoutes = routes.filter((r) => r.permission === 'public').map((r) => r.url);
    for (const url of publicRoutes) expect(url, 'only probes, documentation, signing in and the web app\'s own files are public').toMatch(/^(\/|\/healthz|\/readyz|\/api\/v1\/openapi\.json|\/api\/v1\/docs(\/.*)?|\/api\/v1\/auth\/(setup|methods|login|login\/two-factor|oidc\/(login|callback))|\/index\.html|\/favicon\.svg|\/assets\/[\w.-]+)$/);
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    expect(new Set(keys).size, 'each method and path is registered once').toBe(keys.length);
  });

  it('sends the security headers on API answers and web pages: CSP with frame-ancestors, nosniff, referrer policy', async () => {
    const apiAnswer = await api.call('GET', '/api/v1/assets?limit=1');
    expect(apiAnswer.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const page = await api.app.inject({ method: 'GET', url: '/assets/some/page' });
    expect(page.headers['cache-control']).toBe('no-cache');
    // Built files have hashed names: cached for good. (The web app is built by `npm test` before the tests run.)
    const script = readdirSync(new URL('../../web/dist/assets/', import.meta.url)).find((f) => f.endsWith('.js'))!;
    const file = await api.app.inject({ method: 'GET', url: `/assets/${script}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    for (const res of [apiAnswer, { headers: page.headers }]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    // The interactive API docs run scripts: the API's "nothing at all" policy would blank them; the other headers stay.
    const docs = await api.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(String(docs.headers['content-security-policy'] ?? '')).not.toContain("default-src 'none'");
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    expect(apiAnswer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('decides headers and the web app\'s page on the path as routed, not its spelling: an API-looking path never gets index.html', async () => {
    const API_CSP = "default-src 'none'; frame-ancestors 'none'";
    for (const url of ['//api/v1/assets?limit=1', '/%61pi/v1/assets?limit=1']) {
      const res = await api.call('GET', url);
      expect(res.status, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.headers['content-security-policy'], url).toBe(API_CSP);
    }
    for (const url of ['//api/v1/nope', '/%61pi/v1/nope', '/API/v1/nope', '/x/../api/v1/nope', '/%2e%2e/api/v1/nope', '//metrics/x', '/api']) {
      const res = await api.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.json().code, url).toBe('ROUTE_NOT_FOUND');
      expect(res.headers['content-security-policy'], url).toBe(API_CSP);
    }
    // Page paths still get the web app, with its policy.
    const page = await api.app.inject({ method: 'GET', url: '/people/J%C3%B6rg' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('the API docs page has a script-src \'self\' policy and still loads every script and style it names', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy'] ?? '');
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // No inline script: the policy would block it.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    const refs = [...page.body.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/gi)].map((m) => new URL(m[1]!, 'http://x/api/v1/docs/').pathname);
    expect(refs.filter((r) => r.endsWith('.js')).length).toBeGreaterThan(1);
    for (const ref of refs) {
      const res = await api.app.inject({ method: 'GET', url: ref });
      expect(res.statusCode, ref).toBe(200);
      expect(String(res.headers['content-security-policy'] ?? '')).toBe(csp);
    }
  });

  it('serves a built file that appeared after start-up (the web app rebuilt under a running server), and nothing outside the build', async () => {
    const name = `late-${process.pid}-${Date.now()}.js`;
    const path = new URL(`../../web/dist/assets/${name}`, import.meta.url);
    writeFileSync(path, 'export const late = 1;\n');
    try {
      const file = await api.app.inject({ method: 'GET', url: `/assets/${name}` });
      expect(file.statusCode).toBe(200);
      expect(file.body).toBe('export const late = 1;\n');
      expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    } finally { rmSync(path); }
    expect((await api.app.inject({ method: 'GET', url: `/assets/${name}` })).statusCode).toBe(404);
    for (const url of ['/assets/..%2f..%2fpackage.json', '/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const res = await api.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('"workspaces"');
    }
  });

  it('answers /healthz and /readyz (with the engine)', async () => {
    const health = await api.call('GET', '/healthz');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await api.call('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', engine: engine.name } });
    expect(String(ready.headers['content-type'])).toMatch(/^application\/json/);
  });

  it('serves Prometheus metrics including request durations by route pattern', async () => {
    await api.call('GET', '/api/v1/assets?limit=1');
    const res = await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${api.adminToken}` } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain/);
    expect(res.body).toContain('# TYPE custodia_http_request_duration_seconds histogram');
    expect(res.body).toMatch(/custodia_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/assets",status="200"\} \d+/);
    expect(res.body).not.toMatch(/route="\/api\/v1\/assets\/[0-9a-f]{8}-/);
    expect(res.body).toMatch(/^custodia_database_up 1$/m);
  });

  it('serves the same OpenAPI document as the committed docs/openapi.json', async () => {
    const res = await api.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/assets', '/api/v1/assets/{id}', '/api/v1/assets/{id}/transitions', '/api/v1/locations']));
    expect(res.body.paths['/api/v1/assets'].get).toBeDefined();
    let committed: unknown;
    try {
      committed = JSON.parse(readFileSync(COMMITTED_OPENAPI, 'utf8'));
    } catch {
      committed = undefined;
    }
    expect(res.body, 'docs/openapi.json is missing or out of date with the routes: run `npm run openapi` and commit the result').toEqual(committed);
  });

  it('every $ref of the OpenAPI document points at a schema it defines', async () => {
    const doc = (await api.call('GET', '/api/v1/openapi.json')).body;
    const refs = new Set([...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!));
    const defined = new Set(Object.keys(doc.components?.schemas ?? {}).map((k) => `#/components/schemas/${k}`));
    expect([...refs].filter((r) => !defined.has(r))).toEqual([]);
  });
});

describe('readiness without a database', () => {
  it('answers 503 when the database does not answer', async () => {
    const broken = new Kysely<any>({ dialect: new SqliteDialect({ database: async () => { throw new Error('database is down'); } }) });
    const app = await buildApp({ database: { db: broken, engine: 'sqlite', target: { engine: 'sqlite', path: ':memory:' }, close: async () => {} } as never });
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable' });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
