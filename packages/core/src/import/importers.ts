import { readJson } from '@custodia/data';
import { assertMayImport } from './import-access.js';
import type { Context } from '../shared/context.js';
import { ASSET_IMPORT_COLUMNS, attributeAliases } from './asset-columns.js';
import { importAssets } from './import-assets.js';
import { LOCATION_IMPORT_COLUMNS, importLocations } from './import-locations.js';
import { MODEL_IMPORT_COLUMNS, importModels } from './import-models.js';
import { PEOPLE_IMPORT_COLUMNS, importPeople } from './import-people.js';
import type { ImportKind, ImportOptions, ImportReport, SourceRow } from './source-row.js';

export type ImporterOptions = ImportOptions & { defaultCurrency?: string | null };

/** How each kind of file is read and imported; the CLI and the HTTP API both go through this table. */
export interface Importer {
  /** Canonical column → accepted header spellings. */
  aliases(ctx: Context): Promise<Record<string, string[]>>;
  run(ctx: Context, rows: AsyncIterable<SourceRow>, options: ImporterOptions): Promise<ImportReport>;
}

const fixed = (columns: Record<string, string[]>) => async () => columns;

export const IMPORTERS: Record<ImportKind, Importer> = {
  assets: {
    aliases: async (ctx) => {
      const types = await ctx.database.db.selectFrom('asset_types').select('attribute_schema').execute();
      return { ...ASSET_IMPORT_COLUMNS, ...attributeAliases(types.map((t) => readJson(t.attribute_schema, []))) };
    },
    run: async (ctx, rows, options) => { assertMayImport(ctx, 'assets'); return importAssets(ctx, rows, options); },
  },
  people: { aliases: fixed(PEOPLE_IMPORT_COLUMNS), run: async (ctx, rows, options) => { assertMayImport(ctx, 'people'); return importPeople(ctx, rows, options); } },
  locations: { aliases: fixed(LOCATION_IMPORT_COLUMNS), run: async (ctx, rows, options) => { assertMayImport(ctx, 'locations'); return importLocations(ctx, rows, options); } },
  models: { aliases: fixed(MODEL_IMPORT_COLUMNS), run: async (ctx, rows, options) => { assertMayImport(ctx, 'models'); return importModels(ctx, rows, options); } },
};

export const IMPORT_KINDS = Object.keys(IMPORTERS) as ImportKind[];
