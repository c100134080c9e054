import type { FastifyBaseLogger } from 'fastify';
import { type Context, type DeliveryOptions, deliverPendingWebhooks, pruneWebhookDeliveries } from '@custodia/core';

export interface WebhookWorker { stop(): Promise<void> }

/** How often the outbox is looked at when it had nothing due, and how often settled deliveries older than 30 days go. */
const IDLE_MS = 2_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * The server's webhook worker: posts what is due in the outbox (`deliverPendingWebhooks`), again at once while it finds
 * work, else every two seconds; prunes the delivery log hourly. `stop` ends the loop after the attempts under way (a
 * delivery cut off by the stop is retried once its claim lapses, by this server after a restart or by another one).
 */
export function startWebhookWorker(ctx: Context, options: Omit<DeliveryOptions, 'signal'>, log: FastifyBaseLogger, idleMs = IDLE_MS): WebhookWorker {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let lastPrune = 0;
  const tick = async () => {
    let busy = false;
    try {
      const r = await deliverPendingWebhooks(ctx, { ...options, signal: abort.signal });
      busy = r.delivered + r.retried + r.failed > 0;
      for (const [outcome, n] of Object.entries(r)) if (n && outcome !== 'delivered') log.warn({ [outcome]: n }, `webhook deliveries ${outcome}`);
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        const pruned = await pruneWebhookDeliveries(ctx);
        if (pruned) log.info({ pruned }, 'removed webhook deliveries settled more than 30 days ago');
      }
    } catch (error) {
      log.error({ err: error }, 'webhook delivery failed');
    }
    if (!abort.signal.aborted) timer = setTimeout(() => { running = tick(); }, busy ? 0 : idleMs);
  };
  running = tick();
  return {
    async stop() {
      abort.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
