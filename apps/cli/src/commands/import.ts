import { createHash } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import {
  ASSET_IMPORT_COLUMNS, LOCATION_IMPORT_COLUMNS, MODEL_IMPORT_COLUMNS, PEOPLE_IMPORT_COLUMNS, type Context, type ImportKind, type ImportOptions,
  type ImportReport, type SourceRow, attributeAliases, importAssets, importLocations, importModels, importPeople,
} from '@custodia/core';
import { type Database, readJson } from '@custodia/data';
import { readImportFile } from '../import-files/index.js';
import { openCliContext } from '../cli-context.js';

export interface ImportCommandOptions { mode: 'create' | 'upsert'; dryRun: boolean; currency?: string; report?: string; progress: boolean }

/** How each kind of file is read and imported. */
interface Importer {
  /** Canonical column → accepted header spellings. */
  aliases(database: Database): Promise<Record<string, string[]>>;
  run(ctx: Context, rows: AsyncIterable<SourceRow>, options: ImportOptions, command: ImportCommandOptions): Promise<ImportReport>;
}

const fixed = (columns: Record<string, string[]>) => async () => columns;

export const IMPORTERS: Record<ImportKind, Importer> = {
  assets: {
    aliases: async (database) => {
      const types = await database.db.selectFrom('asset_types').select('attribute_schema').execute();
      return { ...ASSET_IMPORT_COLUMNS, ...attributeAliases(types.map((t) => readJson(t.attribute_schema, []))) };
    },
    run: (ctx, rows, options, command) => importAssets(ctx, rows, { ...options, defaultCurrency: command.currency ?? null }),
  },
  people: { aliases: fixed(PEOPLE_IMPORT_COLUMNS), run: (ctx, rows, options) => importPeople(ctx, rows, options) },
  locations: { aliases: fixed(LOCATION_IMPORT_COLUMNS), run: (ctx, rows, options) => importLocations(ctx, rows, options) },
  models: { aliases: fixed(MODEL_IMPORT_COLUMNS), run: (ctx, rows, options) => importModels(ctx, rows, options) },
};

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `custodia import KIND FILE`: streams the file through the atomic importer of that kind and prints the outcome. */
export async function importCommand(kind: ImportKind, file: string, options: ImportCommandOptions): Promise<ImportReport> {
  const importer = IMPORTERS[kind];
  const { ctx, database } = await openCliContext('import');
  try {
    const aliases = await importer.aliases(database);
    const bar = options.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'importing {value} rows | {duration}s', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
    bar?.start(0, 0);
    const report = await importer.run(ctx, readImportFile(file, { aliases }), {
      mode: options.mode, dryRun: options.dryRun, fileName: basename(file), fileSha256: await sha256(file),
      onProgress: (n) => { bar?.setTotal(n); bar?.update(n); if (!bar && options.progress) process.stderr.write(`  ${n} rows read\n`); },
    }, options).finally(() => bar?.stop());
    if (options.report) writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
    const verb = options.dryRun ? 'Dry run: would import' : 'Imported';
    process.stdout.write(`${verb} ${report.rows} rows from ${basename(file)}: ${report.created} created, ${report.updated} updated, ${report.skipped} unchanged or already present.\n`);
    const makers = (report as { manufacturersCreated?: string[] }).manufacturersCreated;
    if (makers?.length) process.stdout.write(`${options.dryRun ? 'Would create' : 'Created'} ${makers.length} manufacturer(s): ${makers.join(', ')}.\n`);
    return report;
  } catch (error) {
    const e = error as { extra?: { report?: unknown } };
    if (options.report && e.extra?.report) writeFileSync(options.report, `${JSON.stringify(e.extra.report, null, 2)}\n`);
    throw error;
  } finally {
    await database.close();
  }
}

/** `custodia import assets FILE`. */
export function importAssetsCommand(file: string, options: ImportCommandOptions): Promise<ImportReport> {
  return importCommand('assets', file, options);
}
