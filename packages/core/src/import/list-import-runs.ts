import { AppError } from '@custodia/contracts';
import { type Row, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';

const present = (r: Row<'import_runs'>) => ({
  id: r.id, kind: r.kind, fileName: r.file_name, fileSha256: r.file_sha256, mode: r.mode, status: r.status, rows: Number(r.row_count),
  created: Number(r.created_count), updated: Number(r.updated_count), skipped: Number(r.skipped_count), actor: r.actor,
  startedAt: r.started_at, finishedAt: r.finished_at, report: readJson<Record<string, unknown>>(r.report, {}),
});

/** Applied imports, newest first (refused and dry-run imports leave no trace in the register: they wrote nothing). */
export async function listImportRuns(ctx: Context, query: { limit: number; cursor?: string | undefined }) {
  let q = ctx.database.db.selectFrom('import_runs').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  // With a grant on some org units only, a caller sees their own imports; others' are invisible.
  if (ctx.access.scope.kind !== 'all') q = q.where('actor', '=', ctx.actor);
  if (query.cursor) q = q.where('id', '<', decodeCursor(query.cursor).id);
  const rows = await q.execute();
  const items = rows.slice(0, query.limit).map(present);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.id, id: last.id }) : null };
}

export async function getImportRun(ctx: Context, id: string) {
  const row = await ctx.database.db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (row && ctx.access.scope.kind !== 'all' && row.actor !== ctx.actor) throw new AppError('NOT_FOUND', `No import with id ${id}`, { securityNote: 'another account\'s import' });
  if (!row) throw new AppError('NOT_FOUND', `No import with id ${id}`);
  return present(row);
}
