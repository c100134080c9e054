import { AppError } from '@custodia/contracts';
import { type EventInput, appendEvents, newId, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, runChange } from '../shared/change.js';
import { constraintKind } from '../shared/db-errors.js';
import { recordFieldSources } from '../discovery/field-sources.js';
import type { ImportKind, ImportOptions, ImportProblem, ImportReport, SourceRow } from './source-row.js';

/** History events are appended in chunks of about this size, so memory stays flat on large files. */
const EVENT_CHUNK = 1000;
const PROGRESS_EVERY = 5000;

/** Ends an import without writing: the report says why (or, without a problem, it was a dry run). */
export class Rollback extends Error {
  constructor() {
    super('rolled back');
  }
}

/** The same file was applied in create mode by another import that committed first. */
class AppliedMeanwhile extends Error {
  constructor() {
    super('applied meanwhile');
  }
}

/** What an importer's work sees: the transaction, the time of the change, and the report it fills. */
export interface ImportRun<R extends ImportReport = ImportReport> {
  tx: Tx;
  now: string;
  report: R;
  options: ImportOptions;
  /** Records a problem (up to `maxProblems`); any problem makes the whole import refused. */
  problem(p: ImportProblem): void;
  /** Queues history events; they are appended in the import's transaction, in order. */
  emit(events: EventInput[]): Promise<void>;
  /** The file's rows, counted into the report with progress calls. */
  read(rows: AsyncIterable<SourceRow>): AsyncIterable<SourceRow>;
}

export function emptyReport(): ImportReport {
  return { importId: null, applied: false, rows: 0, created: 0, updated: 0, skipped: 0, problems: [] };
}

/**
 * In create mode a file whose content was already applied is refused before any row is read; in a dry run too, which
 * must answer what the real run would.
 */
async function assertNotApplied(ctx: Context, kind: ImportKind, options: ImportOptions): Promise<void> {
  if (options.mode !== 'create') return;
  const previous = await ctx.database.db.selectFrom('import_runs').select(['id', 'finished_at']).where('file_sha256', '=', options.fileSha256).where('kind', '=', kind).where('status', '=', 'applied').executeTakeFirst();
  if (previous) throw new AppError('IMPORT_ALREADY_APPLIED', `This file was already imported (import ${previous.id}, ${previous.finished_at}); re-run with mode upsert to apply changes`, { extra: { importId: previous.id } });
}

/**
 * Runs an import in one transaction: `work` reads the rows, records problems and writes. With no problem and no dry
 * run, the changes, their history and an `import_runs` row commit together; otherwise everything is rolled back. A
 * dry run without problems returns the report; any problem raises IMPORT_INVALID carrying the full report.
 */
export async function runImport<R extends ImportReport>(ctx: Context, kind: ImportKind, options: ImportOptions, report: R, work: (run: ImportRun<R>) => Promise<void>): Promise<R> {
  const maxProblems = options.maxProblems ?? 1000;
  await assertNotApplied(ctx, kind, options);
  const reason = `Import of ${options.fileName}`;
  try {
    return await runChange(ctx, reason, async (tx, now) => {
      const meta = { actor: ctx.actor, source: ctx.source, reason, requestId: ctx.requestId, occurredAt: now };
      // The run's row first, in the import's transaction: the same file applied twice at once in create mode meets the
      // unique index on (kind, file_sha256) here (PostgreSQL makes the second wait for the first to commit).
      const importId = newId();
      if (!options.dryRun) {
        try {
          await tx.insertInto('import_runs').values({
            id: importId, kind, file_name: options.fileName, file_sha256: options.fileSha256, mode: options.mode, status: 'applied', row_count: 0,
            created_count: 0, updated_count: 0, skipped_count: 0, actor: ctx.actor, started_at: now, finished_at: null, report: writeJson({}),
          }).execute();
        } catch (error) {
          if (constraintKind(error) === 'unique') throw new AppliedMeanwhile();
          throw error;
        }
      }
      let pending: EventInput[] = [];
      const flush = async () => {
        // Who set each changed asset field (the import), in the same transaction: discovery reads it (field authority).
        if (pending.length) {
          await appendEvents(tx, pending, meta);
          await recordFieldSources(tx, pending, 'import', ctx.actor, now);
        }
        pending = [];
      };
      const run: ImportRun<R> = {
        tx, now, report, options,
        problem: (p) => { if (report.problems.length < maxProblems) report.problems.push(p); },
        emit: async (events) => {
          pending.push(...events);
          if (pending.length >= EVENT_CHUNK) await flush();
        },
        read: async function* (rows) {
          for await (const row of rows) {
            report.rows++;
            if (report.rows % PROGRESS_EVERY === 0) options.onProgress?.(report.rows);
            yield row;
          }
        },
      };
      await work(run);
      options.onProgress?.(report.rows);
      if (report.problems.length || options.dryRun) throw new Rollback();
      await flush();
      const { importId: _i, applied: _a, rows: _r, created: _c, updated: _u, skipped: _s, problems: _p, ...extra } = report;
      await tx.updateTable('import_runs').set({
        row_count: report.rows, created_count: report.created, updated_count: report.updated, skipped_count: report.skipped, finished_at: ctx.now().toISOString(),
        report: writeJson({ problems: [], ...extra }),
      }).where('id', '=', importId).execute();
      return { result: { ...report, importId, applied: true }, events: [] };
    });
  } catch (error) {
    if (error instanceof AppliedMeanwhile) {
      await assertNotApplied(ctx, kind, options);
      throw new AppError('IMPORT_ALREADY_APPLIED', 'This file was already imported; re-run with mode upsert to apply changes');
    }
    if (!(error instanceof Rollback)) throw error;
    if (report.problems.length === 0) return report;
    throw new AppError('IMPORT_INVALID', `${report.problems.length}${report.problems.length >= maxProblems ? '+' : ''} problem(s) in ${options.fileName}; nothing was written`, { extra: { report }, errors: report.problems.slice(0, 50).map((p) => ({ ...p, field: p.column ?? '' })) });
  }
}
