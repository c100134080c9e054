import { createHmac } from 'node:crypto';
import { AppError, type WebhookDelivery } from '@custodia/contracts';
import { type Row, WEBHOOK_TIMEOUT_MS, newId, postWebhook } from '@custodia/data';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, WEBHOOK_MAX_ATTEMPTS, signatureHeader, webhookRetryDelaySeconds } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { webhookBody } from './webhook-body.js';
import { type WebhookPolicy, loadWebhook, presentDelivery } from './webhook-records.js';

export interface DeliveryOptions extends WebhookPolicy {
  timeoutMs?: number;
  maxAttempts?: number;
  /** Pending deliveries read per webhook and run. */
  batch?: number;
  /** Stops the run before its next attempt (the server is shutting down). */
  signal?: AbortSignal;
}

export interface DeliveryRunResult { delivered: number; retried: number; failed: number }

const hmacHex = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

/**
 * Posts the deliveries that are due, each webhook's in the order of its events: a delivery waits while an earlier one of
 * its webhook is waiting for a retry, so a receiver sees a record's events in the order they happened. Each attempt is
 * claimed first (a conditional update moving `next_attempt_at` past the timeout and counting the attempt), so two
 * server processes never post the same delivery at once, and a process that dies mid-post leaves it to be retried
 * once the claim lapses: at least once, never lost. A failed attempt is retried after 30 s, doubling, until the last
 * attempt (`WEBHOOK_MAX_ATTEMPTS`) marks it failed. Deliveries of a disabled webhook wait until it is enabled again.
 */
export async function deliverPendingWebhooks(ctx: Context, options: DeliveryOptions): Promise<DeliveryRunResult> {
  const result: DeliveryRunResult = { delivered: 0, retried: 0, failed: 0 };
  const db = ctx.database.db;
  const nowIso = ctx.now().toISOString();
  // Webhook by webhook, so that one with a long backlog (disabled, or its receiver down) never holds the others back.
  const hooks = await db.selectFrom('webhooks').selectAll().where('active', '=', 1).execute();
  await Promise.all(hooks.map(async (hook) => {
    const pending = await db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', hook.id).where('status', '=', 'pending')
      .orderBy('event_seq').orderBy('id').limit(options.batch ?? 200).execute();
    for (const row of pending) {
      // The oldest not due yet (waiting for its retry) holds the later ones back: events arrive in order.
      if (options.signal?.aborted || row.next_attempt_at > nowIso) break;
      const outcome = await attempt(ctx, options, hook, row);
      if (outcome === null) break;
      result[outcome]++;
      if (outcome !== 'delivered') break;
    }
  }));
  return result;
}

/** One claimed attempt of one delivery; its row records the outcome. */
async function attempt(ctx: Context, options: DeliveryOptions, hook: Row<'webhooks'>, row: Row<'webhook_deliveries'>): Promise<'delivered' | 'retried' | 'failed' | null> {
  const db = ctx.database.db;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const started = ctx.now();
  const attempts = Number(row.attempts) + 1;
  const claim = await db.updateTable('webhook_deliveries')
    .set({ attempts, last_attempt_at: started.toISOString(), next_attempt_at: new Date(started.getTime() + timeoutMs + 30_000).toISOString() })
    .where('id', '=', row.id).where('status', '=', 'pending').where('attempts', '=', Number(row.attempts)).executeTakeFirst();
  // Another process claimed it first.
  if (Number(claim.numUpdatedRows) !== 1) return null;
  const event = row.event_seq === null ? undefined
    : await db.selectFrom('events').select(['entity_type', 'entity_id', 'occurred_at', 'actor', 'changes']).where('seq', '=', Number(row.event_seq)).executeTakeFirst();
  const body = webhookBody({
    id: row.id, event: row.event_kind, occurredAt: event?.occurred_at ?? row.created_at, entityType: event?.entity_type ?? 'webhook', entityId: event?.entity_id ?? hook.id,
    seq: row.event_seq === null ? null : Number(row.event_seq), actor: event?.actor ?? 'system', changesText: event?.changes ?? null,
  });
  const sent = await post(ctx, options, hook, row.id, body);
  const now = ctx.now().toISOString();
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const outcome = sent.ok ? 'delivered' : attempts >= maxAttempts ? 'failed' : 'retried';
  await db.updateTable('webhook_deliveries').set({
    status: outcome === 'retried' ? 'pending' : outcome, last_status_code: sent.statusCode, last_error: sent.ok ? null : sent.error,
    delivered_at: sent.ok ? now : null,
    next_attempt_at: outcome === 'retried' ? new Date(ctx.now().getTime() + webhookRetryDelaySeconds(attempts) * 1000).toISOString() : now,
  }).where('id', '=', row.id).where('attempts', '=', attempts).execute();
  return outcome;
}

/** Signs and posts one body: `Custodia-Signature` over `<unix seconds>.<body>`, `Custodia-Event-Id` the delivery's id. */
async function post(ctx: Context, options: DeliveryOptions, hook: Row<'webhooks'>, deliveryId: string, body: string) {
  let secret: string;
  try {
    secret = ctx.database.cipher.decrypt(hook.secret);
  } catch {
    return { ok: false as const, statusCode: null, error: 'the signing secret cannot be decrypted with the keys held' };
  }
  const timestamp = Math.floor(ctx.now().getTime() / 1000);
  const headers = { [SIGNATURE_HEADER]: signatureHeader(hmacHex, secret, timestamp, body), [EVENT_ID_HEADER]: deliveryId };
  return postWebhook(hook.url, body, headers, { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS });
}

/**
 * Sends a ping to a webhook now, active or not (to try a receiver before enabling it), once, and records it in the
 * delivery log with its outcome.
 */
export async function pingWebhook(ctx: Context, options: DeliveryOptions, id: string): Promise<WebhookDelivery> {
  const hook = await loadWebhook(ctx.database.db, id);
  const deliveryId = newId();
  const created = ctx.now().toISOString();
  const body = webhookBody({ id: deliveryId, event: 'ping', occurredAt: created, entityType: 'webhook', entityId: hook.id, seq: null, actor: ctx.actor, changesText: null });
  const sent = await post(ctx, options, hook, deliveryId, body);
  const now = ctx.now().toISOString();
  const row = {
    id: deliveryId, webhook_id: hook.id, event_seq: null, event_kind: 'ping', status: sent.ok ? 'delivered' : 'failed', attempts: 1, next_attempt_at: now,
    last_attempt_at: created, last_status_code: sent.statusCode, last_error: sent.ok ? null : sent.error, delivered_at: sent.ok ? now : null, created_at: created,
  };
  try {
    await ctx.database.db.insertInto('webhook_deliveries').values(row).execute();
  } catch (error) {
    // Deleted while the ping was under way.
    if (!(await ctx.database.db.selectFrom('webhooks').select('id').where('id', '=', id).executeTakeFirst())) throw new AppError('NOT_FOUND', `No webhook with id ${id}`);
    throw error;
  }
  return presentDelivery(row);
}

/** Deliveries settled (delivered or failed) longer ago than `days` are removed: the log is operational, not history. */
export async function pruneWebhookDeliveries(ctx: Context, days = 30): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - days * 86_400_000).toISOString();
  const r = await ctx.database.db.deleteFrom('webhook_deliveries').where('status', '<>', 'pending').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
