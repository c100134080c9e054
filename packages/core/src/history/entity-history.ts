import type { Context } from '../shared/context.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';

/** An entity's history, newest first, paginated by sequence number. */
export async function entityHistory(ctx: Context, entityType: string, entityId: string, query: { limit: number; cursor?: string | undefined }) {
  let q = ctx.database.db.selectFrom('events').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('seq', 'desc').limit(query.limit + 1);
  if (query.cursor) q = q.where('seq', '<', Number(decodeCursor(query.cursor).v));
  const rows = await q.execute();
  const items = rows.slice(0, query.limit).map((r) => ({
    seq: Number(r.seq), entityType: r.entity_type, entityId: r.entity_id, action: r.action, actor: r.actor, source: r.source, reason: r.reason,
    requestId: r.request_id, occurredAt: r.occurred_at, changes: JSON.parse(r.changes) as Record<string, { before: unknown; after: unknown }>, hash: r.hash,
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.seq, id: String(last.seq) }) : null };
}
