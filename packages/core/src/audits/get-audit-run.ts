import type { AuditItemListQuery, AuditRunDetail } from '@custodia/contracts';
import type { Context } from '../shared/context.js';
import { decodeCursorFor, encodeCursor } from '../shared/pagination.js';
import { loadRunRow, presentItems, presentRun, runCounts, shownItem } from './audit-records.js';

/**
 * A run with its counts and one page of its items: every item by tag, or (`sort=-recordedAt`) the recorded ones,
 * latest first — what a scanning phone shows under its input.
 */
export async function getAuditRun(ctx: Context, id: string, query: AuditItemListQuery): Promise<AuditRunDetail> {
  const db = ctx.database.db;
  const run = await loadRunRow(db, ctx, id);
  const counts = (await runCounts(db, [id])).get(id)!;
  let q = db.selectFrom('audit_items').selectAll().where('run_id', '=', id).where(shownItem);
  if (query.result) q = q.where('result', '=', query.result);
  const byRecorded = query.sort === '-recordedAt';
  if (byRecorded) q = q.where('recorded_at', 'is not', null);
  if (query.cursor) {
    const c = byRecorded ? decodeCursorFor(query.cursor, 'recordedAt', true) : decodeCursorFor(query.cursor, 'tag');
    const v = String(c.v);
    q = byRecorded
      ? q.where((eb) => eb.or([eb('recorded_at', '<', v), eb.and([eb('recorded_at', '=', v), eb('id', '<', c.id)])]))
      : q.where((eb) => eb.or([eb('tag', '>', v), eb.and([eb('tag', '=', v), eb('id', '>', c.id)])]));
  }
  q = byRecorded ? q.orderBy('recorded_at', 'desc').orderBy('id', 'desc') : q.orderBy('tag').orderBy('id');
  const rows = await q.limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    ...presentRun(run, run.plan_name, counts),
    items: await presentItems(db, ctx, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ v: byRecorded ? last.recorded_at! : last.tag, id: last.id, k: byRecorded ? 'recordedAt' : 'tag' }) : null,
  };
}
