import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { IMPORTERS, type ImportKind, type ImportReport } from '@custodia/core';
import { readImportFile } from '@custodia/data';
import { openCliContext } from '../cli-context.js';
import { cliError } from '../cli-error.js';
import { writeThroughTemporary } from '../output-file.js';
import { plural } from '../plural.js';

export interface ImportCommandOptions { mode: 'create' | 'upsert'; dryRun: boolean; currency?: string; report?: string; progress: boolean; progressLines?: boolean }

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Refuses a --report path that cannot be written (no such directory, a directory, no permission) before anything is
 * imported: the report is written once the import has committed, too late to take it back. The check opens the file
 * for appending, which changes nothing in a file that exists, and removes a file it had to create.
 */
function assertWritable(path: string): void {
  const existed = existsSync(path);
  try {
    closeSync(openSync(path, 'a'));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw cliError('REPORT_NOT_WRITABLE', `The report cannot be written to ${path} (${e.code ?? e.message}); nothing was imported`);
  }
  if (!existed) rmSync(path, { force: true });
}

/** Writes the JSON report whole or not at all: a previous report of that name stays until the new one is complete. */
const writeReport = (path: string, report: unknown): Promise<void> =>
  writeThroughTemporary(path, async (temporary) => { writeFileSync(temporary, `${JSON.stringify(report, null, 2)}\n`, { flag: 'wx' }); });

/** `custodia import KIND FILE`: streams the file through the atomic importer of that kind and prints the outcome. */
export async function importCommand(kind: ImportKind, file: string, options: ImportCommandOptions): Promise<ImportReport> {
  const importer = IMPORTERS[kind];
  // A missing file names itself (ENOENT carries the path); a directory would only fail later, on its first read.
  if (!statSync(file).isFile()) throw new Error(`${file} is not a file`);
  if (options.report) assertWritable(options.report);
  const { ctx, database } = await openCliContext('import');
  try {
    const aliases = await importer.aliases(ctx);
    // A progress bar on a terminal only: piped or logged, standard error carries the outcome and the problems alone,
    // unless lines are asked for (a log, or a script watching a long import).
    const lines = options.progressLines === true;
    const bar = options.progress && !lines && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'importing {value} rows | {duration}s', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
    bar?.start(0, 0);
    const report = await importer.run(ctx, readImportFile(file, { aliases }), {
      mode: options.mode, dryRun: options.dryRun, fileName: basename(file), fileSha256: await sha256(file),
      defaultCurrency: options.currency ?? null,
      onProgress: (n) => { bar?.setTotal(n); bar?.update(n); if (lines) process.stderr.write(`  ${plural(n, 'row')} read\n`); },
    }).finally(() => bar?.stop());
    const verb = options.dryRun ? 'Dry run: would import' : 'Imported';
    process.stdout.write(`${verb} ${plural(report.rows, 'row')} from ${basename(file)}: ${report.created} created, ${report.updated} updated, ${report.skipped} unchanged or already present.\n`);
    const makers = (report as { manufacturersCreated?: string[] }).manufacturersCreated;
    if (makers?.length) process.stdout.write(`${options.dryRun ? 'Would create' : 'Created'} ${makers.length} manufacturer(s): ${makers.join(', ')}.\n`);
    // After the outcome, so that a report that fails to write cannot hide what was imported.
    if (options.report) await writeReport(options.report, report);
    return report;
  } catch (error) {
    const e = error as { extra?: { report?: unknown } };
    if (options.report && e.extra?.report) await writeReport(options.report, e.extra.report);
    throw error;
  } finally {
    await database.close();
  }
}

/** `custodia import assets FILE`. */
export function importAssetsCommand(file: string, options: ImportCommandOptions): Promise<ImportReport> {
  return importCommand('assets', file, options);
}
