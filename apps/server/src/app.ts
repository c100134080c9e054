import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { type Database, type HistorySigner, loadHistorySigner, organisationTimeZone } from '@custodia/data';
import { errorHandler, sendProblem } from './http/problem.js';
import { idempotencyHooks } from './http/idempotency.js';
import { instrument } from './http/metrics.js';
import { healthRoutes } from './routes/health.routes.js';
import { referenceRoutes } from './routes/reference.routes.js';
import { assetRoutes } from './routes/assets.routes.js';
import { coverageRoutes } from './routes/coverage.routes.js';
import { procurementRoutes } from './routes/procurement.routes.js';
import { reportRoutes } from './routes/reports.routes.js';
import { auditRoutes } from './routes/audits.routes.js';
import { lifecycleRoutes } from './routes/lifecycle.routes.js';
import { importRoutes } from './routes/imports.routes.js';
import { attachmentRoutes } from './routes/attachments.routes.js';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from '@custodia/core';
import { authRoutes } from './routes/auth.routes.js';
import { accountRoutes } from './routes/accounts.routes.js';
import { selfServiceRoutes } from './routes/self-service.routes.js';
import { viewRoutes } from './routes/views.routes.js';
import { notificationRoutes } from './routes/notifications.routes.js';
import { webhookRoutes } from './routes/webhooks.routes.js';
import { agentRoutes } from './routes/agent.routes.js';
import { discoveryRoutes } from './routes/discovery.routes.js';
import { readDiscoverySettings } from '@custodia/core';
import { type InventoryLimits, inventoryLimits } from '@custodia/data';
import { type OidcOptions, oidcRoutes } from './routes/oidc.routes.js';
import { AgentNetworks, CredentialCache, authenticate } from './http/auth.js';
import { WEB_CSP, isPagePath, lateBuiltAsset, normalisedPath, serveWebApp } from './http/web-app.js';
import { PERMISSIONS } from './http/permissions.js';
import { DEFAULT_DIGEST_HOUR, DEFAULT_SESSION_POLICY } from '@custodia/domain';
import './http/context.js';

export interface AppOptions {
  database: Database;
  logger?: FastifyServerOptions['logger'];
  clock?: () => Date;
  /**
   * The organisation's time zone (CUSTODIA_TIME_ZONE, an IANA name; default UTC): every date the server decides itself
   * is of this zone. A name the zone database does not know stops the start.
   */
  timeZone?: string;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit?: number;
  /** The URL browsers use to reach this server (CUSTODIA_PUBLIC_URL): origin check, Secure cookies, OIDC redirects. */
  publicUrl?: string | null;
  /** Requests per minute per client address before 429 (CUSTODIA_RATE_LIMIT, default 1200). */
  rateLimit?: number;
  /** Serve the built web app (apps/web/dist) on the same port; default true. */
  webApp?: boolean;
  /** Trust X-Forwarded-* from these proxies (CUSTODIA_TRUST_PROXY: addresses or CIDRs); by default nothing is trusted. */
  trustProxy?: string | string[] | false;
  /** OpenID Connect single sign-on (CUSTODIA_OIDC_*); its routes exist only when this is set, and it needs `publicUrl`. */
  oidc?: OidcOptions | null;
  /** Caps for inventories (compressed and decompressed size, elements, depth). */
  inventoryLimits?: Partial<InventoryLimits>;
  /** Inventories worked on at once before agents get 429 (CUSTODIA_INVENTORY_CONCURRENCY, default 16). */
  inventoryConcurrency?: number;
  /** Worker threads parsing inventories (CUSTODIA_INVENTORY_PARSERS, default one less than the cores, at least one). */
  inventoryParsers?: number;
  /** Signs history checkpoints; by default the key next to the database (`loadHistorySigner`), read on first use. */
  historySigner?: HistorySigner;
  /** Exports one account may stream at once before 429 (CUSTODIA_EXPORT_CONCURRENCY, default 2). */
  exportConcurrency?: number;
  /** Largest attachment accepted, in bytes (CUSTODIA_ATTACHMENT_MAX_BYTES, default 25 MiB). */
  attachmentMaxBytes?: number;
  /** Where uploads are received before they are checked (the system's temporary directory by default). */
  uploadDir?: string;
  /**
   * Milliseconds a client has to send a whole request (CUSTODIA_REQUEST_TIMEOUT, in seconds, default 120); a connection
   * silent that long is closed too. Slow clients (one byte at a time) can hold neither a connection nor a slot for good.
   */
  requestTimeout?: number;
  /**
   * The daily digest: whether this server sends mail (CUSTODIA_SMTP_URL) and the hour of the organisation's day from
   * which digests go out (CUSTODIA_DIGEST_HOUR, default 7). The settings page says when mail is not configured.
   */
  digest?: { mailConfigured: boolean; hour: number };
  /** Whether webhooks may post to loopback and private addresses (CUSTODIA_WEBHOOKS_ALLOW_PRIVATE; off by default). */
  webhooks?: { allowPrivate: boolean };
}

/** Default of `requestTimeout`: two minutes, enough for the largest attachment on a slow line. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/**
 * Stops the server: no new connections, idle ones closed at once, requests under way given `graceMs` to finish before
 * their connections are closed too; then the app's own resources (onClose hooks).
 */
export async function closeGracefully(app: FastifyInstance, graceMs: number): Promise<void> {
  const force = setTimeout(() => {
    app.log.warn('Requests still running after the shutdown grace period: their connections are closed');
    app.server.closeAllConnections();
  }, graceMs);
  force.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}

export type { RouteRecord } from './http/context.js';

const DOCS_PREFIX = '/api/v1/docs';

const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };
/** The API's responses: JSON, never a page, never framed. The docs page sets its own policy (it runs scripts). */
const API_HEADERS = { ...BASE_HEADERS, 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'" };
const WEB_HEADERS = { ...BASE_HEADERS, 'Content-Security-Policy': WEB_CSP };

/** The API docs page's policy: Swagger UI's scripts and styles from this server, nothing else. */
const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The headers of an answer, by what answers it: the route matched (its pattern, whatever the URL's spelling), or for a
 * URL no route matched, its normalised path (the web app's page, or the API's 404).
 */
function securityHeaders(webApp: boolean, route: string | undefined, url: string): Record<string, string> {
  const path = route ?? normalisedPath(url) ?? '/api/';
  if (route !== undefined && (route === DOCS_PREFIX || route.startsWith(`${DOCS_PREFIX}/`))) return BASE_HEADERS;
  if (/^\/api(\/|$)/i.test(path)) return API_HEADERS;
  return webApp && (isPagePath(path) || path.startsWith('/assets/')) ? WEB_HEADERS : API_HEADERS;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  let registeringWebApp = false;
  const requestTimeout = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // `//api/v1/assets` is `/api/v1/assets`, as a browser or proxy may well send it.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    requestTimeout,
    connectionTimeout: requestTimeout,
    // Given to the HTTP server when it is created too: Node (20) does not enforce a request timeout set afterwards
    // (Fastify sets it afterwards). Node checks it at this interval (30 s by default): a short one keeps to its word.
    http: { requestTimeout, connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(requestTimeout / 4))) },
    trustProxy: options.trustProxy ?? false,
    // A URL the router cannot read (a broken percent-encoding, a parameter over 100 characters) is refused before any
    // hook runs: answered here as problem+json, with the headers every answer has.
    frameworkErrors: (error, request, reply) => {
      reply.headers(API_HEADERS);
      reply.header('X-Request-Id', request.id);
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, request, 'URI_TOO_LONG', 'A part of the URL is too long');
      return sendProblem(reply, request, 'BAD_REQUEST', 'The URL could not be read (a broken percent-encoding?)');
    },
    ajv: undefined,
  });
  app.decorate('database', options.database);
  app.decorate('clock', options.clock ?? (() => new Date()));
  app.decorate('timeZone', organisationTimeZone({ CUSTODIA_TIME_ZONE: options.timeZone }));
  let signer = options.historySigner;
  app.decorate('historySigner', () => (signer ??= loadHistorySigner(options.database.target)));
  app.decorate('routeTable', [] as FastifyInstance['routeTable']);
  app.decorate('publicUrl', options.publicUrl ?? null);
  app.decorate('webApp', false);
  app.decorate('credentials', new CredentialCache());
  app.decorate('oidcEnabled', Boolean(options.oidc));
  app.decorate('digest', options.digest ?? { mailConfigured: false, hour: DEFAULT_DIGEST_HOUR });
  app.decorate('webhooks', options.webhooks ?? { allowPrivate: false });
  app.decorate('agentNetworks', new AgentNetworks(async () => (await readDiscoverySettings(options.database.db)).unauthenticatedRanges));
  app.decorateRequest('auth', null);
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the contract (OpenAPI); use cases already return exactly those shapes, so responses
  // are serialised directly rather than re-validated on every request.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  // The API speaks JSON only. Fastify also parses text/plain by default, which a cross-site form can send without a preflight.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      // @fastify/swagger-ui registers its own routes and cannot declare one: the API documentation is public.
      const isDocs = route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`);
      // The static files of the web app (registered by @fastify/static, one route per file) are public too.
      if ((isDocs || registeringWebApp) && route.config?.permission === undefined) route.config = { ...route.config, permission: 'public' };
      const permission = route.config?.permission;
      if (permission !== undefined && !(permission in PERMISSIONS)) throw new Error(`Route ${method} ${route.url} declares unknown permission ${permission}`);
      app.routeTable.push({ method, url: route.url, permission });
    }
    // The contract says which changes need a recent password confirmation (the check itself is in authenticate).
    const confirm = route.config?.confirmPassword;
    if (confirm && route.schema) {
      const rule = confirm === 'always'
        ? `Needs a session whose password was confirmed (POST /api/v1/auth/reauthenticate) within the last ${DEFAULT_SESSION_POLICY.reauthMinutes} minutes; API tokens are refused. Otherwise 401 REAUTHENTICATION_REQUIRED.`
        : `A session needs its password confirmed (POST /api/v1/auth/reauthenticate) within the last ${DEFAULT_SESSION_POLICY.reauthMinutes} minutes, otherwise 401 REAUTHENTICATION_REQUIRED; API tokens need no confirmation.`;
      route.schema = { ...route.schema, description: [route.schema.description, rule].filter(Boolean).join('\n\n') };
    }
  });

  // Callback style, not async: this runs on every request, and an async hook costs a promise and a microtask turn.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders(app.webApp, request.routeOptions.url, request.url));
    reply.header('X-Request-Id', request.id);
    // A parameter given twice is refused rather than guessed at (first wins? union?).
    const query = request.query as Record<string, unknown> | undefined;
    let repeated: string | undefined;
    if (query) for (const key in query) if (Array.isArray(query[key])) { repeated = key; break; }
    if (repeated === undefined) return done();
    sendProblem(reply, request, 'DUPLICATE_PARAMETER', `"${repeated}" was given more than once`, [{ field: repeated, code: 'DUPLICATE_PARAMETER', message: 'Give each parameter once' }]);
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true, max: options.rateLimit ?? 1200, timeWindow: 60_000, keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => Object.assign(new Error(`Rate limit: at most ${context.max} requests per minute; retry in ${Math.ceil(context.ttl / 1000)} s`), { statusCode: 429 }),
  });
  // Authentication and the permission check run before the body is read: an unauthorised upload is never parsed.
  app.addHook('onRequest', authenticate);
  instrument(app);
  idempotencyHooks(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Custodia API', version: '1.0.0', description: 'IT asset register: assets, lifecycle, assignment, history. Errors are RFC 9457 problem+json with a stable `code`. Writes by a signed-in account accept an `Idempotency-Key` header (JSON requests): the same request sent again with it within 24 hours is applied once and answered with the first answer.' },
      servers: [],
    },
    transform: jsonSchemaTransform,
  });
  // The docs page runs Swagger UI's own scripts, from this server only (no inline script): a policy that allows just
  // those (its inline style attributes too), nothing from elsewhere; the spec validator badge (an outside image) is off.
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: DOCS_CSP, uiConfig: { validatorUrl: null } });
  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes);
  await app.register(authRoutes);
  if (options.oidc) {
    const oidc = options.oidc;
    await app.register(async (scope) => oidcRoutes(scope, oidc));
  }
  await app.register(accountRoutes);
  await app.register(selfServiceRoutes);
  await app.register(viewRoutes);
  await app.register(notificationRoutes);
  await app.register(webhookRoutes);
  await app.register(referenceRoutes);
  await app.register(lifecycleRoutes);
  await app.register(importRoutes, { ...(options.exportConcurrency ? { exportConcurrency: options.exportConcurrency } : {}) });
  await app.register(assetRoutes);
  await app.register(coverageRoutes);
  await app.register(async (scope) => attachmentRoutes(scope, { maxBytes: options.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES, uploadDir: options.uploadDir }));
  await app.register(reportRoutes);
  await app.register(auditRoutes);
  await app.register(procurementRoutes);
  const limits = inventoryLimits(options.inventoryLimits ?? {});
  await app.register(async (scope) => agentRoutes(scope, { limits, maxInFlight: options.inventoryConcurrency ?? 16, ...(options.inventoryParsers ? { parsers: options.inventoryParsers } : {}) }));
  await app.register(async (scope) => discoveryRoutes(scope, { limits }));

  registeringWebApp = options.webApp ?? true;
  app.webApp = registeringWebApp && (await serveWebApp(app));
  registeringWebApp = false;
  // Page paths of the web app are answered with its index.html; the browser router shows the page.
  app.setNotFoundHandler((request, reply) => {
    if (!app.webApp || request.method !== 'GET') return sendProblem(reply, request, 'ROUTE_NOT_FOUND', `${request.method} ${request.url.split('?')[0]} is not a route`);
    if (isPagePath(request.url)) return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
    const late = lateBuiltAsset(request.url);
    return late
      ? reply.header('Cache-Control', 'public, max-age=31536000, immutable').sendFile(late)
      : sendProblem(reply, request, 'ROUTE_NOT_FOUND', `${request.method} ${request.url.split('?')[0]} is not a route`);
  });
  return app;
}
