import { type Context, exportAssetColumns, exportAssetRows, listLifecycleModels } from '@custodia/core';
import { writeCsv, writeXlsx } from '@custodia/data';
import { openCliContext } from '../cli-context.js';
import { cliError } from '../cli-error.js';
import { assertNewOutput, writeOutputFile } from '../output-file.js';

export interface ExportCommandOptions { format: 'csv' | 'xlsx'; out?: string; force?: boolean; type?: string; stage?: string; location?: string; orgUnit?: string }

/**
 * `custodia export assets`: streams the register (optionally filtered) to CSV or XLSX, formulas escaped. Every filter
 * is checked before any output is opened; a file is written under a temporary name and takes FILE's place only once
 * complete, so a failed export leaves FILE as it was.
 */
export async function exportAssetsCommand(options: ExportCommandOptions): Promise<number> {
  if (options.out) assertNewOutput(options.out, { force: options.force ?? false, hint: 'or add --force to replace it' });
  const { ctx, database } = await openCliContext();
  try {
    const filter = await checkedFilter(ctx, options);
    const columns = await exportAssetColumns(ctx);
    const write = (out: NodeJS.WritableStream) => {
      const rows = exportAssetRows(ctx, filter as never);
      return options.format === 'xlsx' ? writeXlsx(rows, columns, out, 'Assets') : writeCsv(rows, columns, out);
    };
    if (!options.out) return await write(process.stdout);
    const count = await writeOutputFile(options.out, write);
    process.stderr.write(`Exported ${count} assets to ${options.out}\n`);
    return count;
  } finally {
    await database.close();
  }
}

/** The register's filter for the options, each one checked against what exists. */
async function checkedFilter(ctx: Context, options: ExportCommandOptions): Promise<Record<string, string>> {
  const db = ctx.database.db;
  const filter: Record<string, string> = { sort: 'tag' };
  if (options.type) {
    const t = await db.selectFrom('asset_types').select('id').where('key', '=', options.type).executeTakeFirst();
    if (!t) throw cliError('NOT_FOUND', `Unknown asset type "${options.type}"`);
    filter['typeId'] = t.id;
  }
  if (options.stage) {
    const stages = new Set((await listLifecycleModels(ctx)).flatMap((m) => (m.definition.stages ?? []).map((s) => s.key)));
    if (!stages.has(options.stage)) throw cliError('NOT_FOUND', `Unknown stage "${options.stage}"; the lifecycle models' stages are ${[...stages].sort().join(', ')}`);
    filter['stage'] = options.stage;
  }
  if (options.location) {
    if (!(await db.selectFrom('locations').select('id').where('id', '=', options.location).executeTakeFirst())) throw cliError('NOT_FOUND', `No location with id ${options.location}`);
    filter['locationId'] = options.location;
  }
  if (options.orgUnit) {
    if (!(await db.selectFrom('org_units').select('id').where('id', '=', options.orgUnit).executeTakeFirst())) throw cliError('NOT_FOUND', `No org unit with id ${options.orgUnit}`);
    filter['orgUnitId'] = options.orgUnit;
  }
  return filter;
}
