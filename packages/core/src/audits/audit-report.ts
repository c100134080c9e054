import { AppError, type AuditItem, type AuditReport, type AuditReportQuery } from '@custodia/contracts';
import { type ExportColumn, type Row, writeCsv } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { PlaceNames } from '../shared/place-names.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { latestRuns, loadPlanRow, loadRunRow, presentItems, presentPlan, presentRun, runCounts, shownItem } from './audit-records.js';
import { localDateOf, todayOf } from '../shared/today.js';

const PAGE = 1000;

const RESULT_LABEL: Record<string, string> = {
  found: 'Found', wrong_location: 'Found at another location', unexpected: 'Not expected', missing: 'Missing', pending: 'Not found yet',
};

/** Columns of the CSV report of a run. */
export const AUDIT_REPORT_COLUMNS: ExportColumn[] = [
  { key: 'tag', header: 'Asset tag' }, { key: 'asset', header: 'Asset' }, { key: 'result', header: 'Result' }, { key: 'expected', header: 'Expected' },
  { key: 'expected_location', header: 'Expected location' }, { key: 'found_location', header: 'Found location' },
  { key: 'registered_location', header: 'Registered location' }, { key: 'method', header: 'Method' },
  { key: 'recorded_by', header: 'Recorded by' }, { key: 'recorded_at', header: 'Recorded at' }, { key: 'note', header: 'Note' },
  { key: 'sampled', header: 'In the sample' }, { key: 'registered_as', header: 'Registered as' },
];

/**
 * The report of a run (Table 3.6 "Compose and communicate verification and audit reports"): the plan, the run with its
 * counts (the totals of each result) and, for a sample, how it was drawn, and one page of the items it checked — by
 * result (findings first), then tag — with their places named with their sites ("Stockroom · Berlin Mitte"): where it
 * was expected, where it was found, and where the register places the asset now (for an asset within the reader's
 * scope), so an asset the run did not expect says where it belongs; the assets of the scope a sample left out are not
 * listed (their number is `counts.notSampled`). A run over a large site holds thousands of items: the JSON pages them,
 * the CSV streams them all.
 */
export async function auditReport(ctx: Context, runId: string, query: AuditReportQuery): Promise<AuditReport> {
  const db = ctx.database.db;
  // The run first: one outside the reader's scope answers 404 whatever the cursor, as every record does.
  const run = await loadRunRow(db, ctx, runId);
  const after = query.cursor ? reportCursor(query.cursor) : null;
  const plan = await loadPlanRow(db, ctx, run.plan_id);
  const counts = (await runCounts(db, [run.id])).get(run.id)!;
  const rows: AuditReport['items'] = [];
  for await (const page of reportPages(ctx, runId, after, query.limit + 1)) rows.push(...page);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const latest = (await latestRuns(db, [plan.id])).get(plan.id) ?? null;
  return {
    plan: presentPlan(plan, latest, todayOf(ctx)), run: presentRun(run, run.plan_name, counts),
    // Every item shown is expected (found, elsewhere, missing, pending) or not expected.
    total: counts.expected + counts.unexpected,
    items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.tag, id: last.id, k: last.result }) : null,
  };
}

/** Results in the report's order: findings first. */
const ORDER: readonly AuditItem['result'][] = ['missing', 'wrong_location', 'unexpected', 'pending', 'found'];

type After = { result: AuditItem['result']; tag: string; id: string };

/** A report cursor: the last item's tag and id, and its result (`k`) — the group the next page continues in. */
function reportCursor(cursor: string): After {
  const c = decodeCursor(cursor);
  const result = ORDER.find((r) => r === c.k);
  if (!result || typeof c.v !== 'string') throw new AppError('INVALID_CURSOR');
  return { result, tag: c.v, id: c.id };
}

/**
 * Items of the run page by page after `after` (from the start without it), findings first, each page with its places
 * named (two or three queries a page); at most `max` items in all.
 */
async function* reportPages(ctx: Context, runId: string, after: After | null = null, max = Infinity): AsyncGenerator<AuditReport['items']> {
  const db = ctx.database.db;
  const places = new PlaceNames(db);
  let left = max;
  for (const result of ORDER.slice(after ? ORDER.indexOf(after.result) : 0)) {
    let from = after?.result === result ? { tag: after.tag, id: after.id } : null;
    while (left > 0) {
      let q = db.selectFrom('audit_items').selectAll().where('run_id', '=', runId).where('result', '=', result).where(shownItem);
      if (from) { const a = from; q = q.where((eb) => eb.or([eb('tag', '>', a.tag), eb.and([eb('tag', '=', a.tag), eb('id', '>', a.id)])])); }
      const size = Math.min(PAGE, left);
      const rows: Row<'audit_items'>[] = await q.orderBy('tag').orderBy('id').limit(size).execute();
      if (!rows.length) break;
      left -= rows.length;
      const presented = await presentItems(db, ctx, rows);
      const registered = await registeredLocations(ctx, presented.map((i) => i.assetId));
      await places.load([...rows.flatMap((r) => [r.expected_location_id, r.found_location_id]), ...registered.values()]);
      yield presented.map((i) => {
        const registeredLocationId = i.assetId ? (registered.get(i.assetId) ?? null) : null;
        return {
          ...i, expectedLocation: places.name(i.expectedLocationId) ?? null, foundLocation: places.name(i.foundLocationId) ?? null,
          registeredLocationId, registeredLocation: places.name(registeredLocationId) ?? null,
        };
      });
      const last = rows[rows.length - 1]!;
      from = { tag: last.tag, id: last.id };
      if (rows.length < size) break;
    }
    if (left <= 0) return;
  }
}

/** Where the register places each asset now (the ids given are those the reader may see); absent: no location. */
async function registeredLocations(ctx: Context, assetIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(assetIds.filter((i): i is string => Boolean(i)))];
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.database.db.selectFrom('assets').select(['id', 'location_id']).where('id', 'in', ids.slice(i, i + 500)).where('location_id', 'is not', null).execute();
    for (const r of rows) out.set(r.id, r.location_id!);
  }
  return out;
}

/** The rows of the CSV report, streamed page by page. */
export async function* auditReportRows(ctx: Context, runId: string): AsyncGenerator<Record<string, unknown>> {
  for await (const page of reportPages(ctx, runId)) {
    for (const i of page) {
      yield {
        tag: i.tag, asset: i.assetName, result: RESULT_LABEL[i.result] ?? i.result, expected: i.expected ? 'yes' : 'no', expected_location: i.expectedLocation,
        found_location: i.foundLocation, registered_location: i.registeredLocation, method: i.method, recorded_by: i.recordedBy, recorded_at: i.recordedAt, note: i.note,
        sampled: i.sampled ? 'yes' : 'no (recorded anyway)', registered_as: i.registeredAs?.stageName ?? null,
      };
    }
  }
}

/**
 * Checks the caller may read the run (404 otherwise, before any byte is sent), then returns a writer streaming the
 * CSV report (RFC 4180, UTF-8 with a BOM, cells that a spreadsheet would run as formulas escaped) to `out`.
 */
export async function auditReportCsv(ctx: Context, runId: string): Promise<{ fileName: string; write: (out: NodeJS.WritableStream) => Promise<number> }> {
  const run = await loadRunRow(ctx.database.db, ctx, runId);
  const slug = run.plan_name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'audit';
  return {
    fileName: `custodia-audit-${slug}-${localDateOf(ctx, run.started_at)}.csv`,
    write: (out) => writeCsv(auditReportRows(ctx, runId), AUDIT_REPORT_COLUMNS, out),
  };
}
