import { storedClaimKey } from '@custodia/data';
import { AssetCreate } from '@custodia/contracts';
import { catalogueEolDate, comparisonKey, defaultStage, expectedReturnProblem, serialKey, tagKey, uniqueValueKey, validateAttributes, verifiedOnProblem } from '@custodia/domain';
import { HIDDEN } from '../assets/sensitive.js';
import { ATTRIBUTE_PREFIX } from './asset-columns.js';
import { coerceCell, toMinorUnits } from './coerce-cell.js';
import type { Lookups, TypeInfo } from './lookups.js';
import type { ImportProblem, SourceRow } from './source-row.js';

/** A row that passed every check that needs no other row: what remains is uniqueness against the register. */
export interface AssetCandidate {
  line: number;
  type: TypeInfo;
  stage: string;
  input: AssetCreate;
  /** The attributes of a new asset: the row's values, with the type's defaults. */
  attributes: Record<string, unknown>;
  /** Only the attributes the row gives a value: what an update changes (the others keep their values). */
  givenAttributes: Record<string, unknown>;
  /** What only matters when the row registers a new asset (a name, required attributes, a stage and assignee a new asset may take). */
  createOnly: ImportProblem[];
  /**
   * Sensitive cells holding the placeholder an export shows instead of the value: "not given" for an update (the stored
   * value stays), refused for a new asset, whatever the mode (a matched row in create mode is only skipped).
   */
  hiddenOnNew: ImportProblem[];
  /** Whether the file gives the stage (rather than the type's initial stage being assumed). */
  stageGiven: boolean;
  tagKey: string | null;
  serialKey: string | null;
  serialScope: string;
  manufacturerId: string | null;
  eolDate: string | null;
  unique: { field: string; valueKey: string }[];
}

const API_FIELD: Record<string, string> = {
  tag: 'tag', name: 'name', serial: 'serial', purchase_date: 'purchaseDate', warranty_end: 'warrantyEnd', eol_date: 'eolDate', notes: 'notes',
  order_reference: 'orderReference', invoice_reference: 'invoiceReference', last_verified_on: 'lastVerifiedOn', expected_return_date: 'expectedReturnDate',
};
const API_FIELDS = Object.entries(API_FIELD);
const COLUMN_OF: Record<string, string> = {
  ...Object.fromEntries(Object.entries(API_FIELD).map(([c, f]) => [f, c])),
  assetTypeId: 'type', modelId: 'model', locationId: 'location', ownerOrgUnitId: 'owner', custodianId: 'custodian', assignedPersonId: 'assigned_to',
  supplierId: 'supplier', purchaseCostMinor: 'purchase_cost', purchaseCurrency: 'currency', services: 'services', stage: 'stage',
};

export function parseAssetRow(row: SourceRow, l: Lookups, defaultCurrency: string | null): { candidate?: AssetCandidate; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const c = row.cells;
  const problem = (column: string, code: string, message: string) => problems.push({ line: row.line, column, code, message });
  // Problems only when the row registers a new asset (see AssetCandidate.createOnly).
  const createOnly: ImportProblem[] = [];
  const forNew = (column: string, code: string, message: string) => createOnly.push({ line: row.line, column, code, message });
  const ref = (column: string, index: { find(n: string): string | null | undefined }, what: string): string | undefined => {
    const v = c[column]?.trim();
    if (!v) return undefined;
    const id = index.find(v);
    if (id === undefined) problem(column, 'REFERENCE_NOT_FOUND', `Unknown ${what} "${v}"`);
    else if (id === null) problem(column, 'REFERENCE_AMBIGUOUS', `Several ${what}s are called "${v}": use the code or e-mail`);
    return id ?? undefined;
  };

  const typeId = ref('type', l.types, 'asset type');
  let modelId = ref('model', l.models, 'model') ?? (c['model_number'] ? ref('model_number', l.models, 'model') : undefined);
  const model = modelId ? l.modelInfo.get(modelId) : undefined;
  const type = typeId ? l.typeInfo.get(typeId) : model ? l.typeInfo.get(model.assetTypeId) : undefined;
  if (!type && !c['type'] && !modelId) problem('type', 'REQUIRED', 'Each row needs an asset type (or a model of a known type)');
  if (model && type && model.assetTypeId !== type.id) problem('model', 'MODEL_TYPE_MISMATCH', 'The model belongs to another asset type');

  const input: Record<string, unknown> = {};
  for (const [column, field] of API_FIELDS) if (c[column]?.trim()) input[field] = c[column]!.trim();
  const put = (field: string, v: string | undefined) => { if (v) input[field] = v; };
  put('locationId', ref('location', l.locations, 'location'));
  put('ownerOrgUnitId', ref('owner', l.orgUnits, 'org unit'));
  put('custodianId', ref('custodian', l.people, 'person'));
  put('assignedPersonId', ref('assigned_to', l.people, 'person'));
  put('supplierId', ref('supplier', l.suppliers, 'supplier'));
  if (modelId) input['modelId'] = modelId;
  if (type) input['assetTypeId'] = type.id;
  const verifiedLate = verifiedOnProblem(input['lastVerifiedOn'] as string | undefined, l.latestToday);
  if (verifiedLate && /^\d{4}-\d{2}-\d{2}$/.test(String(input['lastVerifiedOn']))) problem('last_verified_on', 'DATE_IN_FUTURE', verifiedLate);
  if (c['services']?.trim()) input['services'] = c['services'].split(';').map((s) => s.trim()).filter(Boolean);

  if (c['purchase_cost']?.trim()) {
    const currency = (c['currency']?.trim() || defaultCurrency || '').toUpperCase();
    if (!currency) problem('currency', 'MONEY_NEEDS_CURRENCY', 'A purchase cost needs a currency: a currency column, or one given for the whole file (the import page\'s currency, the CLI\'s --currency)');
    else {
      const minor = toMinorUnits(c['purchase_cost'], currency);
      if (minor === null) problem('purchase_cost', 'INVALID_AMOUNT', `"${c['purchase_cost']}" is not an amount in ${currency} (use digits with a decimal point or comma, and no thousands separator)`);
      else { input['purchaseCostMinor'] = minor; input['purchaseCurrency'] = currency; }
    }
  }

  let stage: string | undefined;
  let stageGiven = false;
  if (type) {
    const raw = c['stage']?.trim();
    const stages = type.model.stages;
    const found = raw ? stages.find((s) => s.key === raw.toLowerCase() || comparisonKey(s.name) === comparisonKey(raw)) : undefined;
    if (raw && !found) problem('stage', 'UNKNOWN_STAGE', `"${raw}" is not a stage of ${type.key}; use one of ${stages.map((s) => s.key).join(', ')}`);
    else if (found?.kind === 'disposed') forNew('stage', 'STAGE_NOT_ALLOWED', 'Disposed assets are not imported into the register');
    stage = found?.key ?? (input['assignedPersonId'] ? stages.find((s) => s.kind === 'in_use')?.key : defaultStage(type.model));
    stageGiven = found !== undefined;
    const kind = stages.find((s) => s.key === stage)?.kind;
    // A registered asset keeps its stage and assignee (an update checks them against the register instead): an export
    // of the register, leavers' assets and disposed ones included, imports again as it is.
    if (input['assignedPersonId'] && kind !== 'in_use') forNew('assigned_to', 'ASSIGNEE_REQUIRES_IN_USE_STAGE', `An asset in stage "${stage}" cannot have an assignee`);
    if (input['assignedPersonId'] && !l.activePeople.has(String(input['assignedPersonId']))) forNew('assigned_to', 'PERSON_INACTIVE', 'Assets are assigned to active people only');
    if (stage) input['stage'] = stage;
  }
  // An expected return date belongs to an assignment. One already passed is kept: a loan registered late is overdue.
  const returnProblem = expectedReturnProblem(input['expectedReturnDate'] as string | undefined, input['assignedPersonId'] as string | undefined, null);
  if (returnProblem) forNew('expected_return_date', returnProblem.code, returnProblem.message);

  // Attribute columns: typed by the row's asset type; an attribute the type does not have is an error.
  const rawAttributes: Record<string, unknown> = {};
  const hiddenOnNew: ImportProblem[] = [];
  for (const [column, value] of Object.entries(c)) {
    if (!column.startsWith(ATTRIBUTE_PREFIX) || !value.trim()) continue;
    const key = column.slice(ATTRIBUTE_PREFIX.length);
    const field = type?.schema.find((f) => f.key === key);
    if (type && !field) problem(column, 'ATTRIBUTE_UNKNOWN', `Asset type ${type.key} has no attribute "${key}"`);
    // An export shows sensitive values hidden to callers without sensitive.read: importing that file again, whoever
    // imports it, must not write the placeholder over the value.
    else if (field?.sensitive && value.trim() === HIDDEN) hiddenOnNew.push({ line: row.line, column, code: 'SENSITIVE_VALUE_HIDDEN', message: `"${HIDDEN}" stands for a value the export hid: give the value for a new asset, or leave the cell empty` });
    else if (field) rawAttributes[key] = coerceCell(field, value);
  }
  input['attributes'] = rawAttributes;

  // A name is needed to register an asset, not to update one: like a required attribute, its absence is checked once
  // the row is known to create.
  if (input['name'] === undefined) forNew('name', 'REQUIRED', 'A new asset needs a name');
  const parsed = (input['name'] === undefined ? AssetCreate.omit({ name: true }) : AssetCreate).safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const column = COLUMN_OF[field] ?? field;
      // A cell already reported (a missing type, an unknown reference) is not reported a second time by the schema.
      if (problems.some((p) => p.column === column)) continue;
      problem(column, String(issue.message.match(/^TEXT_[A-Z_]+$/)?.[0] ?? 'INVALID_VALUE'), issue.message);
    }
  }
  let attributes: Record<string, unknown> = {};
  if (type) {
    const v = validateAttributes(type.schema, rawAttributes);
    if (!v.ok) {
      for (const x of v.violations) {
        const column = `${ATTRIBUTE_PREFIX}${x.field?.replace(/^attributes\./, '') ?? ''}`;
        if (x.code === 'ATTRIBUTE_REQUIRED') forNew(column, x.code, x.message);
        else problem(column, x.code, x.message);
      }
    } else attributes = v.value.values;
  }
  if (problems.length || !parsed.success || !type || !stage) return { problems };

  // Without a name the row can only update (a row that would create is refused with createOnly).
  const data = parsed.data as AssetCreate;
  const eolDate = data.eolDate ?? (model ? catalogueEolDate(model, data.purchaseDate ?? null) : null);
  return {
    problems,
    candidate: {
      line: row.line, type, stage, input: data, attributes, givenAttributes: rawAttributes, createOnly, hiddenOnNew, stageGiven,
      tagKey: data.tag ? tagKey(data.tag) : null,
      serialKey: data.serial ? serialKey(data.serial) : null,
      serialScope: model?.manufacturerId ?? '-',
      manufacturerId: model?.manufacturerId ?? null,
      eolDate,
      unique: type.schema.filter((f) => f.unique && attributes[f.key] !== undefined).map((f) => ({ field: f.key, valueKey: storedClaimKey(uniqueValueKey(attributes[f.key])) })),
    },
  };
}
