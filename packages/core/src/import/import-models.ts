import { CatalogueModelCreate, ManufacturerCreate } from '@custodia/contracts';
import { newId } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { catalogueModels, manufacturers } from '../reference/resources.js';
import { insertReference } from '../reference/crud.js';
import { NameIndex } from './lookups.js';
import { type IdentityKey, type ReferenceCandidate, RowReader, referenceWriter } from './reference-rows.js';
import { type ImportRun, emptyReport, runImport } from './run-import.js';
import type { ImportOptions, ImportReport, SourceRow } from './source-row.js';

/** Canonical catalogue model import columns and the header spellings accepted for each (Snipe-IT's model headers included). */
export const MODEL_IMPORT_COLUMNS: Record<string, string[]> = {
  name: ['model', 'model name', 'item name', 'item_name', 'asset model', 'asset_model'],
  manufacturer: ['make', 'brand', 'manufacturer name', 'vendor brand'],
  model_number: ['model number', 'model no', 'model no.', 'part number', 'product number'],
  type: ['asset type', 'asset_type', 'category'],
  eol_date: ['eol date', 'end of life date', 'end of life'],
  eol_months: ['eol', 'eol months', 'lifetime months'],
  substitution_group: ['substitution group', 'substitutes'],
  usage_policy: ['usage policy', 'policy'],
};

export interface ModelImportReport extends ImportReport {
  /** Names of the manufacturers the file introduced (created with the models, or in a dry run, to be created). */
  manufacturersCreated: string[];
}

const COLUMN_OF: Record<string, string> = {
  name: 'name', manufacturerId: 'manufacturer', assetTypeId: 'type', modelNumber: 'model_number', eolDate: 'eol_date', eolMonths: 'eol_months', substitutionGroup: 'substitution_group', usagePolicy: 'usage_policy',
};

interface ModelRow { candidate: ReferenceCandidate; newManufacturer: string | null }

/**
 * Imports catalogue models atomically, like assets. A row is matched to an existing model by manufacturer and model
 * number, then by manufacturer and name. `type` is an asset type key or name; an unknown manufacturer is created
 * (and listed in the report's `manufacturersCreated`).
 */
export async function importModels(ctx: Context, rows: AsyncIterable<SourceRow>, options: ImportOptions): Promise<ModelImportReport> {
  const report: ModelImportReport = { ...emptyReport(), manufacturersCreated: [] };
  return runImport(ctx, 'models', options, report, async (run) => {
    const makers = new NameIndex();
    const types = new NameIndex();
    const identity = new NameIndex();
    for (const r of await run.tx.selectFrom('manufacturers').select(['id', 'name']).execute()) makers.add(r.name, r.id);
    for (const r of await run.tx.selectFrom('asset_types').select(['id', 'key', 'name']).execute()) { types.add(r.key, r.id); types.add(r.name, r.id); }
    const existing = await run.tx.selectFrom('catalogue_models as m').innerJoin('manufacturers as f', 'f.id', 'm.manufacturer_id').select(['m.id', 'm.name', 'm.model_number', 'f.name as maker']).execute();
    for (const r of existing) for (const k of identityKeys(r.maker, r.model_number, r.name)) identity.add(k.key, r.id);
    const write = referenceWriter(run, { res: catalogueModels, columnOf: COLUMN_OF, identity, remember: () => {} });
    for await (const row of run.read(rows)) {
      const parsed = parseModel(new RowReader(row, run), row.line, makers, types);
      if (!parsed) continue;
      if (parsed.newManufacturer !== null) {
        const id = await createManufacturer(run, parsed.newManufacturer);
        makers.add(parsed.newManufacturer, id);
        parsed.candidate.input['manufacturerId'] = id;
      }
      await write(parsed.candidate);
    }
  });
}

function identityKeys(maker: string, modelNumber: string | null | undefined, name: string): IdentityKey[] {
  return [
    ...(modelNumber ? [{ column: 'model_number', what: 'manufacturer and model number', key: `number ${maker} ${modelNumber}` }] : []),
    { column: 'name', what: 'manufacturer and name', key: `name ${maker} ${name}` },
  ];
}

/** Creates a manufacturer the file names for the first time; after a problem, only a stand-in id is handed out. */
async function createManufacturer(run: ImportRun<ModelImportReport>, name: string): Promise<string> {
  run.report.manufacturersCreated.push(name);
  if (run.report.problems.length) return newId();
  const r = await insertReference<{ id: string }>(run.tx, manufacturers, { name }, run.now);
  await run.emit(r.events.map((e) => ({ ...e, action: 'import' as const })));
  return r.out.id;
}

function parseModel(r: RowReader, line: number, makers: NameIndex, types: NameIndex): ModelRow | undefined {
  const input: Record<string, unknown> = {};
  const put = (field: string, v: unknown) => { if (v !== undefined) input[field] = v; };
  put('name', r.text('name'));
  const maker = r.text('manufacturer');
  let newManufacturer: string | null = null;
  if (!maker) r.problem('manufacturer', 'REQUIRED', 'Each model needs a manufacturer');
  else if (makers.find(maker)) put('manufacturerId', makers.find(maker));
  else {
    const valid = ManufacturerCreate.safeParse({ name: maker });
    if (!valid.success) r.problem('manufacturer', 'INVALID_VALUE', valid.error.issues[0]?.message ?? 'Invalid manufacturer name');
    else { newManufacturer = valid.data.name; put('manufacturerId', newId()); }
  }
  if (!r.text('type')) r.problem('type', 'REQUIRED', 'Each model needs an asset type (key or name)');
  put('assetTypeId', r.ref('type', types, 'asset type', 'key'));
  put('modelNumber', r.text('model_number'));
  put('eolDate', r.text('eol_date'));
  put('eolMonths', r.number('eol_months'));
  put('substitutionGroup', r.text('substitution_group'));
  put('usagePolicy', r.text('usage_policy'));
  const given = Object.keys(input);
  const data = r.validate(CatalogueModelCreate, input, COLUMN_OF);
  if (!data || !maker) return undefined;
  return { newManufacturer, candidate: { line, input: data, given, keys: identityKeys(maker, data.modelNumber, data.name) } };
}
