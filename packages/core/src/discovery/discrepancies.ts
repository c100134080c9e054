import { AppError } from '@custodia/contracts';
import type { Discrepancy } from '@custodia/contracts';
import type { z } from 'zod';
import type { DiscrepancyListQuery } from '@custodia/contracts';
import { resolutionsFor } from '@custodia/domain';
import type { DiscrepancyKind } from '@custodia/domain';
import { readJson } from '@custodia/data';
import type { Row } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { unitInScope } from '../shared/scope-sql.js';
import type { Tx } from '../shared/change.js';
import { readValue } from './discrepancy-store.js';

type DiscrepancyView = z.infer<typeof Discrepancy>;

export function presentDiscrepancy(r: Row<'discrepancies'>): DiscrepancyView {
  return {
    id: r.id, kind: r.kind as DiscrepancyView['kind'], status: r.status as DiscrepancyView['status'], summary: r.summary,
    assetId: r.asset_id, deviceId: r.device_id, auditRunId: r.audit_run_id, field: r.field,
    registerValue: readValue(r.register_value), discoveredValue: readValue(r.discovered_value), evidence: readJson<Record<string, unknown>>(r.evidence, {}),
    owner: r.owner, dueOn: r.due_on, ignoreUntil: r.ignore_until, resolution: r.resolution as DiscrepancyView['resolution'], resolutionNote: r.resolution_note,
    resolvedBy: r.resolved_by, resolvedAt: r.resolved_at,
    allowedResolutions: r.status === 'open' ? [...resolutionsFor(r.kind as DiscrepancyKind)] as DiscrepancyView['allowedResolutions'] : [],
    detectedAt: r.detected_at, version: Number(r.version),
  };
}

/** The queue, newest first, within the caller's scope (a discrepancy belongs to its asset's or its device's org unit). */
export async function listDiscrepancies(ctx: Context, query: z.infer<typeof DiscrepancyListQuery>) {
  let q = ctx.database.db.selectFrom('discrepancies').selectAll().where((eb) => unitInScope(eb, 'discrepancies.org_unit_id', ctx.access.scope));
  if (query.status) q = q.where('status', '=', query.status);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.assetId) q = q.where('asset_id', '=', query.assetId);
  if (query.deviceId) q = q.where('device_id', '=', query.deviceId);
  if (query.auditRunId) q = q.where('audit_run_id', '=', query.auditRunId);
  const total = query.includeTotal === 'true' ? Number((await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0) : undefined;
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    q = q.where((eb) => eb.or([eb('detected_at', '<', String(c.v)), eb.and([eb('detected_at', '=', String(c.v)), eb('id', '<', c.id)])]));
  }
  const rows = await q.orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(presentDiscrepancy), nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.detected_at, id: last.id }) : null, ...(total === undefined ? {} : { total }) };
}

export async function loadDiscrepancyRow(db: Context['database']['db'] | Tx, ctx: Context, id: string): Promise<Row<'discrepancies'>> {
  const row = await db.selectFrom('discrepancies').selectAll().where('id', '=', id).where((eb) => unitInScope(eb, 'discrepancies.org_unit_id', ctx.access.scope)).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No discrepancy ${id}`, { securityNote: 'discrepancy missing or outside scope' });
  return row;
}

export async function getDiscrepancy(ctx: Context, id: string): Promise<DiscrepancyView> {
  return presentDiscrepancy(await loadDiscrepancyRow(ctx.database.db, ctx, id));
}
