import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { exportAssetColumns, exportAssetRows } from '@custodia/core';
import { writeCsv, writeXlsx } from '@custodia/data';
import { openCliContext } from '../cli-context.js';

export interface ExportCommandOptions { format: 'csv' | 'xlsx'; out?: string; type?: string; stage?: string; location?: string; orgUnit?: string }

/** `custodia export assets`: streams the register (optionally filtered) to CSV or XLSX, formulas escaped. */
export async function exportAssetsCommand(options: ExportCommandOptions): Promise<number> {
  const { ctx, database } = await openCliContext();
  try {
    const filter: Record<string, string> = { sort: 'tag' };
    if (options.type) {
      const t = await database.db.selectFrom('asset_types').select('id').where('key', '=', options.type).executeTakeFirst();
      if (!t) throw Object.assign(new Error(`Unknown asset type "${options.type}"`), { code: 'NOT_FOUND' });
      filter['typeId'] = t.id;
    }
    if (options.stage) filter['stage'] = options.stage;
    if (options.location) filter['locationId'] = options.location;
    if (options.orgUnit) filter['orgUnitId'] = options.orgUnit;
    const columns = await exportAssetColumns(ctx);
    const out = options.out ? createWriteStream(options.out) : process.stdout;
    const rows = exportAssetRows(ctx, filter as never);
    const count = options.format === 'xlsx' ? await writeXlsx(rows, columns, out, 'Assets') : await writeCsv(rows, columns, out);
    if (options.out) {
      (out as NodeJS.WritableStream).end();
      await finished(out as NodeJS.WritableStream);
      process.stderr.write(`Exported ${count} assets to ${options.out}\n`);
    }
    return count;
  } finally {
    await database.close();
  }
}
