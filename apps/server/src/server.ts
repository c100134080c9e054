import { digestSchedule, historyCheckpointsPath, mailSettings, openDatabase, organisationTimeZone, resolveDatabaseTarget, smtpMailer } from '@custodia/data';
import { DEFAULT_ATTACHMENT_RETENTION_DAYS, bootstrapRegister, detectNotSeen, ensureBuiltInRoles, issueSetupToken, pruneInventoryEvidence, purgeDeletedAttachments, sendDailyDigests, systemContext, takeDataQualitySnapshot } from '@custodia/core';
import { DEFAULT_DIGEST_HOUR, parseSsoRoleMap } from '@custodia/domain';
import { type AppOptions, buildApp, closeGracefully } from './app.js';
import { historyCheckpointJob } from './history-checkpoint-job.js';
import { startWebhookWorker } from './webhook-worker.js';
import { sweepStaleUploads } from './http/upload.js';

/** How long requests under way may run on after a stop signal before their connections are closed. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions { port?: number; host?: string; log?: boolean }

/** Configuration read from the environment (documented in the README's table). */
function serverEnv() {
  const env = process.env;
  const trust = env['CUSTODIA_TRUST_PROXY']?.trim();
  const rate = Number(env['CUSTODIA_RATE_LIMIT'] ?? '');
  return {
    host: env['CUSTODIA_HOST']?.trim() || '127.0.0.1',
    publicUrl: env['CUSTODIA_PUBLIC_URL']?.trim() || null,
    timeZone: organisationTimeZone(env),
    trustProxy: trust ? trust.split(',').map((s) => s.trim()) : false as const,
    rateLimit: Number.isInteger(rate) && rate > 0 ? rate : undefined,
    inventoryConcurrency: positiveInt(env, 'CUSTODIA_INVENTORY_CONCURRENCY'),
    inventoryMaxBytes: positiveInt(env, 'CUSTODIA_INVENTORY_MAX_BYTES'),
    inventoryParsers: positiveInt(env, 'CUSTODIA_INVENTORY_PARSERS'),
    attachmentMaxBytes: positiveInt(env, 'CUSTODIA_ATTACHMENT_MAX_BYTES'),
    exportConcurrency: positiveInt(env, 'CUSTODIA_EXPORT_CONCURRENCY'),
    requestTimeoutSeconds: positiveInt(env, 'CUSTODIA_REQUEST_TIMEOUT'),
    attachmentRetentionDays: positiveInt(env, 'CUSTODIA_ATTACHMENT_RETENTION_DAYS') ?? DEFAULT_ATTACHMENT_RETENTION_DAYS,
    oidc: oidcEnv(env),
    mail: mailSettings(env),
    digestHour: digestSchedule(env, DEFAULT_DIGEST_HOUR).hour,
    webhooksAllowPrivate: booleanEnv(env, 'CUSTODIA_WEBHOOKS_ALLOW_PRIVATE'),
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

function booleanEnv(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return false;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be true or false (got "${raw}")`);
}

/** OpenID Connect single sign-on: configured when CUSTODIA_OIDC_ISSUER is set; a mistake stops the start with its reason. */
function oidcEnv(env: NodeJS.ProcessEnv): AppOptions['oidc'] {
  const issuer = env['CUSTODIA_OIDC_ISSUER']?.trim();
  if (!issuer) return null;
  const clientId = env['CUSTODIA_OIDC_CLIENT_ID']?.trim();
  if (!clientId) throw new Error('CUSTODIA_OIDC_ISSUER is set but CUSTODIA_OIDC_CLIENT_ID is not');
  if (!env['CUSTODIA_PUBLIC_URL']?.trim()) throw new Error('Single sign-on (CUSTODIA_OIDC_ISSUER) needs CUSTODIA_PUBLIC_URL: the redirect URI is <CUSTODIA_PUBLIC_URL>/api/v1/auth/oidc/callback');
  let rawMap: unknown = {};
  const mapText = env['CUSTODIA_OIDC_ROLE_MAP']?.trim();
  if (mapText) {
    try { rawMap = JSON.parse(mapText); } catch (e) { throw new Error(`CUSTODIA_OIDC_ROLE_MAP is not valid JSON: ${(e as Error).message}`); }
  }
  const roleMap = parseSsoRoleMap(rawMap);
  if (!roleMap.ok) throw new Error(`CUSTODIA_OIDC_ROLE_MAP: ${roleMap.violations.map((v) => `${v.field ?? ''} ${v.message}`.trim()).join('; ')}`);
  const create = env['CUSTODIA_OIDC_CREATE_ACCOUNTS']?.trim().toLowerCase();
  if (create && !['true', 'false', '1', '0', 'yes', 'no'].includes(create)) throw new Error('CUSTODIA_OIDC_CREATE_ACCOUNTS must be true or false');
  return {
    issuer, clientId, clientSecret: env['CUSTODIA_OIDC_CLIENT_SECRET'] || null,
    scopes: env['CUSTODIA_OIDC_SCOPES']?.trim() || 'openid email profile',
    groupsClaim: env['CUSTODIA_OIDC_GROUPS_CLAIM']?.trim() || 'groups',
    roleMap: roleMap.value,
    createAccounts: !create || ['true', '1', 'yes'].includes(create),
  };
}

/**
 * Starts the server on the configured database. It listens on loopback unless CUSTODIA_HOST says otherwise. On an
 * empty database it prints a one-time link to create the first administrator: there is no default password.
 */
export async function serve(options: ServeOptions = {}) {
  // Read (and checked) before the database is opened: a configuration mistake stops the start with its reason.
  const env = serverEnv();
  const target = resolveDatabaseTarget();
  const database = await openDatabase(target);
  const system = systemContext(database, 'system', 'system', undefined, env.timeZone);
  await bootstrapRegister(system);
  await ensureBuiltInRoles(system);
  // Uploads a crashed process was receiving are removed before this one receives any.
  const swept = await sweepStaleUploads();
  const app = await buildApp({
    database, timeZone: env.timeZone, publicUrl: env.publicUrl, trustProxy: env.trustProxy, ...(env.rateLimit ? { rateLimit: env.rateLimit } : {}), oidc: env.oidc,
    ...(env.inventoryConcurrency ? { inventoryConcurrency: env.inventoryConcurrency } : {}),
    ...(env.inventoryParsers ? { inventoryParsers: env.inventoryParsers } : {}),
    ...(env.inventoryMaxBytes ? { inventoryLimits: { maxDecompressedBytes: env.inventoryMaxBytes } } : {}),
    ...(env.attachmentMaxBytes ? { attachmentMaxBytes: env.attachmentMaxBytes } : {}),
    ...(env.exportConcurrency ? { exportConcurrency: env.exportConcurrency } : {}),
    ...(env.requestTimeoutSeconds ? { requestTimeout: env.requestTimeoutSeconds * 1000 } : {}),
    digest: { mailConfigured: env.mail !== null, hour: env.digestHour },
    webhooks: { allowPrivate: env.webhooksAllowPrivate },
    logger: options.log === false ? false : { level: process.env['CUSTODIA_LOG_LEVEL'] ?? 'info' },
  });
  if (swept) app.log.info({ swept }, 'Removed temporary upload files left by a stopped process');
  const port = options.port ?? Number(process.env['PORT'] ?? 8080);
  const host = options.host ?? env.host;
  await app.listen({ host, port });
  // The SQLite reader threads start now, not on the first search of the day (a second or so on a busy machine).
  if (database.reads) void database.reads.selectFrom('settings').select('key').limit(1).execute().catch((error: unknown) => app.log.warn({ err: error }, 'The SQLite reader threads did not start; long reads will retry'));
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const where = target.engine === 'sqlite' ? target.path : 'PostgreSQL';
  const base = env.publicUrl?.replace(/\/$/, '') ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`;
  process.stdout.write(`Custodia is running at ${base}/  (API docs: /api/v1/docs, database: ${where})\n`);
  if (database.searchIndexes?.state === 'unavailable') {
    app.log.warn({ reason: database.searchIndexes.reason }, 'Free-text search without trigram indexes: searches read whole tables');
  } else if (database.searchIndexes?.state === 'ready' && database.searchIndexes.built.length) {
    app.log.info({ built: database.searchIndexes.built }, 'Built trigram indexes for free-text search');
  }
  const token = await issueSetupToken(system);
  if (token) {
    process.stdout.write(`\nNo administrator yet. Create the first one (this link works once, until the next restart):\n  ${base}/setup#token=${token}\n`
      + `  or: curl -X POST ${base}/api/v1/auth/setup -H 'content-type: application/json' -d '{"token":"${token}","login":"admin","displayName":"Administrator","password":"…"}'\n\n`);
  }
  // Hourly jobs, one after another; a failing one is logged and the others still run.
  const job = (name: string, work: () => Promise<void>) => async () => {
    try {
      await work();
    } catch (error) {
      app.log.error({ err: error }, `${name} failed`);
    }
  };
  // Discovery housekeeping: queue assets whose devices stopped reporting, drop evidence past its retention.
  const discoveryJobs = systemContext(database, 'job', 'job:discovery', undefined, env.timeZone);
  const housekeeping = job('discovery housekeeping', async () => {
    const seen = await detectNotSeen(discoveryJobs);
    const pruned = await pruneInventoryEvidence(discoveryJobs);
    if (seen.queued || pruned.deleted) app.log.info({ queued: seen.queued, pruned: pruned.deleted }, 'discovery housekeeping');
  });
  // Content of attachments deleted longer ago than the retention window; evidence and files on legal hold are kept.
  const attachmentJobs = systemContext(database, 'job', 'job:attachments', undefined, env.timeZone);
  // Files kept as evidence stay kept run after run: said when something was purged or the kept set changed, not hourly.
  let keptBefore = '';
  const purgeAttachments = job('attachment purge', async () => {
    const { purged, kept } = await purgeDeletedAttachments(attachmentJobs, env.attachmentRetentionDays);
    const keptNow = kept.map((k) => k.id).sort().join(',');
    const keptChanged = keptNow !== keptBefore;
    keptBefore = keptNow;
    if (purged || keptChanged) {
      app.log.info({ purged, kept: kept.length, keptAsEvidence: kept.filter((k) => k.code === 'ATTACHMENT_IS_EVIDENCE').length, retentionDays: env.attachmentRetentionDays }, 'removed the content of deleted attachments, keeping evidence and files on legal hold');
    }
  });
  // History checkpoints, when the history grew (not for an in-memory database: nothing to keep).
  const checkpoint = target.engine === 'sqlite' && target.path === ':memory:' ? null : historyCheckpointJob({
    ctx: systemContext(database, 'job', 'job:history', undefined, env.timeZone), signer: app.historySigner, log: app.log,
    file: historyCheckpointsPath(target),
  });
  const checkpointHistory = job('history checkpoint', async () => { await checkpoint?.(); });
  // Today's data-quality figures, taken again every hour (the day's last run stands), so the dashboard's figures have a history.
  const qualityJobs = systemContext(database, 'job', 'job:data-quality', undefined, env.timeZone);
  const qualitySnapshot = job('data-quality snapshot', async () => { await takeDataQualitySnapshot(qualityJobs); });
  // Daily digests by e-mail, from the digest hour of the organisation's day on, once per account and day.
  const mail = env.mail;
  const mailer = mail ? smtpMailer(mail) : null;
  if (!mail) app.log.info('Mail is not configured (CUSTODIA_SMTP_URL): daily digests are not sent');
  const digestJobs = systemContext(database, 'job', 'job:digest', undefined, env.timeZone);
  const sendDigests = job('daily digest', async () => {
    if (!mail) return;
    const r = await sendDailyDigests(digestJobs, { mailer, publicUrl: mail.publicUrl, hour: env.digestHour });
    // The SMTP server's reason only: a digest's content is never logged.
    for (const f of r.failed) app.log.error({ login: f.login, day: r.day, reason: f.error }, 'daily digest not sent: the SMTP server did not take it; tried again next hour');
    if (r.sent.length) app.log.info({ day: r.day, sent: r.sent.length, failed: r.failed.length }, 'daily digests sent');
  });
  // Webhook deliveries: the outbox is posted as it fills, by a loop of its own (not hourly).
  const webhooks = startWebhookWorker(systemContext(database, 'job', 'job:webhooks', undefined, env.timeZone), { allowPrivate: env.webhooksAllowPrivate }, app.log);
  const hourly = async () => { await housekeeping(); await purgeAttachments(); await checkpointHistory(); await qualitySnapshot(); await sendDigests(); };
  const timer = setInterval(hourly, 3_600_000);
  timer.unref();
  setTimeout(hourly, 60_000).unref();
  // A stop lets requests under way finish for a while (idle connections close at once); a second signal exits at once.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn({ signal }, 'Second stop signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    clearInterval(timer);
    mailer?.close();
    try {
      await webhooks.stop();
      await closeGracefully(app, SHUTDOWN_GRACE_MS);
      await database.close();
    } catch (error) {
      app.log.error({ err: error }, 'Shutdown did not finish cleanly');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { app, database, port: actualPort, setupToken: token };
}
