import type { WebhookDelivery } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { decodeInstantCursor, encodeCursor } from '../shared/pagination.js';
import { loadWebhook, presentDelivery } from './webhook-records.js';

/** A webhook's delivery log, newest first: status, attempts, the last answer or error (never the secret, nor the body). */
export async function listWebhookDeliveries(ctx: Context, id: string, query: { limit: number; cursor?: string | undefined; status?: string | undefined }): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  await loadWebhook(ctx.database.db, id);
  let q = ctx.database.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', id);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.cursor) {
    const c = decodeInstantCursor(query.cursor);
    q = q.where((eb) => eb.or([eb('created_at', '<', c.v), eb.and([eb('created_at', '=', c.v), eb('id', '<', c.id)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const items = rows.slice(0, query.limit).map(presentDelivery);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.createdAt, id: last.id }) : null };
}
