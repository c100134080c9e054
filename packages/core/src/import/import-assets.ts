import { AppError } from '@custodia/contracts';
import type { EventInput } from '@custodia/data';
import { tagKey, todayAnywhere } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import type { Tx } from '../shared/change.js';
import { applyAssetUpdate } from '../assets/update-asset.js';
import { unitInScope } from '../shared/scope-sql.js';
import { KeyLines, loadLookups } from './lookups.js';
import { type AssetCandidate, parseAssetRow } from './parse-asset-row.js';
import { insertAssetBatch } from './insert-asset-batch.js';
import { Rollback, emptyReport, runImport } from './run-import.js';
import { withSavepoint } from '../shared/savepoint.js';
import { constraintKind } from '../shared/db-errors.js';
import { mayImportWith } from './import-access.js';
import type { ImportOptions, ImportProblem, ImportReport, SourceRow } from './source-row.js';

const BATCH = 1000;

/**
 * Imports assets atomically: every row is checked (types, references, typed attributes, uniqueness within the file
 * and against the register) and either all rows commit with their history, or nothing does and the report names
 * each bad row's line, column and reason. Rows matching an existing asset (by tag, then serial) are skipped in
 * `create` mode and updated in `upsert` mode. A dry run checks everything and always rolls back.
 */
export async function importAssets(ctx: Context, rows: AsyncIterable<SourceRow>, options: ImportOptions & { defaultCurrency?: string | null }): Promise<ImportReport> {
  return runImport(ctx, 'assets', options, emptyReport(), async ({ tx, now, report, problem: addProblem, emit, read }) => {
    const lookups = await loadLookups(tx, todayAnywhere(ctx.now()).latest, ctx.access.scope);
    // First line of each key, kept for the whole file (off the JS heap, see KeyLines); serials and unique values per
    // scope (manufacturer; type and field). Tags include those generated for earlier batches; serials are checked once
    // the row is matched (an update without a model keeps the asset's manufacturer, so its serial is in that scope).
    const seen: SeenKeys = { tags: new KeyLines(), serials: new Map(), unique: new Map() };
    let batch: AssetCandidate[] = [];
    const flush = async () => {
      // After a problem the batches are still checked against the register (so one dry run reports every problem);
      // only the writes stop.
      if (batch.length) await emit(await processBatch(ctx, tx, batch, options, report, now, addProblem, seen));
      batch = [];
    };
    const mayAssign = mayImportWith(ctx, 'assets.assign');
    for await (const row of read(rows)) {
      const { candidate, problems } = parseAssetRow(row, lookups, options.defaultCurrency ?? null);
      problems.forEach(addProblem);
      if (!candidate) continue;
      if (candidate.input.assignedPersonId !== undefined && !mayAssign) throw new AppError('FORBIDDEN', `Line ${row.line} gives an assignee: importing assignees needs the assets.assign permission`);
      // What only matters for a new asset: in create mode every row is one (a row matching a registered asset is
      // skipped anyway), so it is reported here with the other problems of the file.
      if (options.mode === 'create' && candidate.createOnly.length) { candidate.createOnly.forEach(addProblem); continue; }
      // Duplicates inside the file: the second occurrence is the error.
      const bad = [
        duplicate(seen.tags, candidate.tagKey, candidate.line, 'tag', addProblem),
        ...candidate.unique.map((u) => duplicate(inScope(seen.unique, `${candidate.type.id}|${u.field}`), u.valueKey, candidate.line, `attr.${u.field}`, addProblem)),
      ].some(Boolean);
      if (bad) continue;
      batch.push(candidate);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  });
}

/** The keys the file has used so far, with the first line of each. */
interface SeenKeys { tags: KeyLines; serials: Map<string, KeyLines>; unique: Map<string, KeyLines> }

const inScope = (maps: Map<string, KeyLines>, scope: string) => maps.get(scope) ?? maps.set(scope, new KeyLines()).get(scope)!;

/** Whether `key` was already seen on an earlier line (a DUPLICATE_IN_FILE problem); otherwise remembers it. */
function duplicate(seen: KeyLines, key: string | null, line: number, column: string, addProblem: (p: ImportProblem) => void): boolean {
  if (!key) return false;
  const first = seen.firstLine(key, line);
  if (first === undefined) return false;
  addProblem({ line, column, code: 'DUPLICATE_IN_FILE', message: `Same value as line ${first}` });
  return true;
}

/** Thrown inside a savepoint to undo a row's update once it has been checked (the import already has a problem). */
class CheckedOnly extends Error {}

/** Splits a batch into new assets and matches of existing ones, then inserts or updates them. */
async function processBatch(ctx: Context, tx: Tx, batch: AssetCandidate[], options: ImportOptions, report: ImportReport, now: string, addProblem: (p: ImportProblem) => void, seen: SeenKeys): Promise<EventInput[]> {
  const writing = () => report.problems.length === 0;
  const tagKeys = batch.map((c) => c.tagKey).filter((k): k is string => k !== null);
  // Serials are looked up as `serial_scope = ? and serial_key in (…)`, one term per scope, so both engines use the unique
  // index on (serial_scope, serial_key); and there is no `or false` term (an empty `or` is already `1 = 0`). `serial_key`
  // alone, or that extra term, made SQLite scan the whole table once per batch.
  // Each look-up asks a padded list of a fixed length (see padded), so every batch runs the same few statements: a
  // different text per batch made SQLite prepare a new statement each time and filled the statement cache with them.
  const serialsByScope = groupKeys(batch.filter((c) => c.serialKey !== null), (c) => c.serialScope, (c) => c.serialKey!);
  const existing: { id: string; tag_key: string; serial_key: string | null; serial_scope: string; version: number | bigint | string; stage: string; assigned_person_id: string | null; owner_org_unit_id: string | null }[] = [];
  const columns = ['id', 'tag_key', 'serial_key', 'serial_scope', 'version', 'stage', 'assigned_person_id', 'owner_org_unit_id'] as const;
  for (const keys of padded(tagKeys)) existing.push(...(await tx.selectFrom('assets').select(columns).where('tag_key', 'in', keys).execute()));
  for (const [scope, all] of serialsByScope) {
    for (const keys of padded(all)) existing.push(...(await tx.selectFrom('assets').select(columns).where('serial_scope', '=', scope).where('serial_key', 'in', keys).execute()));
  }
  const byTag = new Map(existing.map((e) => [e.tag_key, e]));
  const bySerial = new Map(existing.filter((e) => e.serial_key).map((e) => [`${e.serial_scope}|${e.serial_key}`, e]));
  const fresh: AssetCandidate[] = [];
  const events: EventInput[] = [];
  // A caller whose grant covers some org units only reaches (and only registers) assets owned inside them.
  const units = ctx.access.scope.kind === 'all' ? null
    : new Set((await tx.selectFrom('org_units').select('id').where((eb) => unitInScope(eb, 'id', ctx.access.scope)).execute()).map((u) => u.id));
  for (const c of batch) {
    const byOwnTag = c.tagKey ? byTag.get(c.tagKey) : undefined;
    const match = byOwnTag || (c.serialKey && bySerial.get(`${c.serialScope}|${c.serialKey}`)) || undefined;
    // A row that updates an asset without naming a model keeps the asset's manufacturer: its serial is unique there.
    const serialScope = match && c.input.modelId === undefined ? match.serial_scope : c.serialScope;
    if (duplicate(inScope(seen.serials, serialScope), c.serialKey, c.line, 'serial', addProblem)) continue;
    if (!match) {
      fresh.push(c);
      for (const p of c.createOnly) addProblem(p);
      for (const p of c.hiddenOnNew) addProblem(p);
      continue;
    }
    // An asset outside the caller's scope is neither updated nor described: only that its tag or serial is taken.
    if (units && !(match.owner_org_unit_id && units.has(match.owner_org_unit_id))) {
      addProblem(byOwnTag
        ? { line: c.line, column: 'tag', code: 'ASSET_TAG_TAKEN', message: 'This tag belongs to an asset outside your scope' }
        : { line: c.line, column: 'serial', code: 'ASSET_SERIAL_TAKEN', message: 'This serial belongs to an asset outside your scope' });
      continue;
    }
    if (options.mode === 'create') { report.skipped++; continue; }
    // A stage or an assignee the file changes is not applied silently: each has its own action, with its evidence.
    if (c.stageGiven && c.stage !== match.stage) {
      addProblem({ line: c.line, column: 'stage', code: 'STAGE_NEEDS_TRANSITION', message: `The register has this asset in stage "${match.stage}": a stage changes by a lifecycle transition with its evidence, not by import` });
      continue;
    }
    if (c.input.assignedPersonId !== undefined && (c.input.assignedPersonId ?? null) !== match.assigned_person_id) {
      addProblem({ line: c.line, column: 'assigned_to', code: 'ASSIGNMENT_NEEDS_ACTION', message: 'The assignee changes by assigning or checking in the asset (an IMAC record), not by import' });
      continue;
    }
    try {
      // An update changes what the row gives and nothing else: empty cells, absent columns and attributes the file
      // does not name keep their values. The end of life follows a new model or purchase date unless the row states it.
      const { tag: _t, assetTypeId: _a, stage: _s, assignedPersonId: _p, expectedReturnDate: _e, attributes: _at, ...patch } = c.input;
      const rederive = c.input.eolDate === undefined && (c.input.modelId !== undefined || c.input.purchaseDate !== undefined);
      const update = () => applyAssetUpdate(ctx, tx, match.id, Number(match.version), { ...patch, attributes: c.givenAttributes, ...(rederive ? { eolDate: null } : {}) }, now);
      if (writing()) {
        const r = await update();
        events.push(...r.events.map((e) => ({ ...e, action: 'import' as const })));
        if (r.events.length) report.updated++; else report.skipped++;
      } else {
        // Checked as it would be written, then undone: the import already has a problem, so nothing is kept.
        await withSavepoint(tx, 'import_row', async () => { await update(); throw new CheckedOnly(); }).catch((error: unknown) => { if (!(error instanceof CheckedOnly)) throw error; });
      }
    } catch (error) {
      const kind = constraintKind(error);
      if (kind === 'unique') {
        // A clash the checks above did not foresee: named with its line, and (PostgreSQL having aborted the
        // transaction) the import stops here.
        addProblem({ line: c.line, column: '', code: 'UNIQUE_VIOLATION', message: 'Another asset already has one of these unique values' });
        throw new Rollback();
      }
      if (!(error instanceof AppError)) throw error;
      addProblem({ line: c.line, column: error.errors[0]?.field ?? '', code: error.errors[0]?.code ?? error.code, message: error.message });
    }
  }
  if (units) {
    for (const c of fresh) {
      const owner = c.input.ownerOrgUnitId ?? null;
      if (!owner || !units.has(owner)) addProblem({ line: c.line, column: 'owner', code: owner ? 'REFERENCE_NOT_FOUND' : 'REQUIRED_IN_SCOPE', message: owner ? 'No such org unit within your scope' : 'Required: your role covers only some org units' });
    }
  }
  // New unique-attribute values must not clash with assets already registered.
  const uniques = fresh.flatMap((c) => c.unique.map((u) => ({ c, ...u })));
  if (uniques.length) {
    // By the whole primary key, one term per type and field: `value_key` alone is not a prefix of any index.
    const byField = groupKeys(uniques, (u) => `${u.c.type.id}|${u.field}`, (u) => u.valueKey);
    const taken: { asset_type_id: string; field_key: string; value_key: string }[] = [];
    for (const [scope, all] of byField) {
      const bar = scope.indexOf('|');
      for (const keys of padded(all)) {
        taken.push(...(await tx.selectFrom('asset_unique_values').select(['asset_type_id', 'field_key', 'value_key'])
          .where('asset_type_id', '=', scope.slice(0, bar)).where('field_key', '=', scope.slice(bar + 1)).where('value_key', 'in', keys).execute()));
      }
    }
    const set = new Set(taken.map((t) => `${t.asset_type_id}|${t.field_key}|${t.value_key}`));
    for (const u of uniques) if (set.has(`${u.c.type.id}|${u.field}|${u.valueKey}`)) addProblem({ line: u.c.line, column: `attr.${u.field}`, code: 'ATTRIBUTE_NOT_UNIQUE', message: 'Already used by another asset' });
  }
  if (!writing()) return [];
  const insertCtx = {
    actor: ctx.actor, now, today: localDateOf(ctx, now), cipher: ctx.database.cipher,
    // A tag generated for this batch is taken for the rest of the file: a later row typing it is a duplicate.
    generated: (c: AssetCandidate, tag: string) => { seen.tags.firstLine(tagKey(tag), c.line); },
  };
  try {
    events.push(...(await withSavepoint(tx, 'import_batch', () => insertAssetBatch(tx, fresh, insertCtx))));
  } catch (error) {
    if (constraintKind(error) !== 'unique') throw error;
    // A clash the checks did not foresee: the rows are inserted one by one (each undone) to name the lines that clash.
    for (const c of fresh) {
      await withSavepoint(tx, 'import_row', async () => { await insertAssetBatch(tx, [c], insertCtx); throw new CheckedOnly(); }).catch((e: unknown) => {
        if (constraintKind(e) === 'unique') addProblem({ line: c.line, column: '', code: 'UNIQUE_VIOLATION', message: 'Another asset already has one of these unique values' });
        else if (!(e instanceof CheckedOnly)) throw e;
      });
    }
    if (!report.problems.length) throw error;
    return [];
  }
  report.created += fresh.length;
  return events;
}

const IN_LENGTHS = [16, 256];

/**
 * The keys in lists of a fixed length (16, else 256), the last one padded by repeating its first key: an `in` list
 * with a repeated value matches the same rows, and the statement text then depends on the length alone.
 */
function* padded(keys: readonly string[]): Generator<string[]> {
  const size = keys.length <= IN_LENGTHS[0]! ? IN_LENGTHS[0]! : IN_LENGTHS[1]!;
  for (let i = 0; i < keys.length; i += size) {
    const list = keys.slice(i, i + size);
    while (list.length < size) list.push(list[0]!);
    yield list;
  }
}

function groupKeys<T>(items: T[], scopeOf: (item: T) => string, keyOf: (item: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const scope = scopeOf(item);
    const keys = groups.get(scope);
    if (keys) keys.push(keyOf(item));
    else groups.set(scope, [keyOf(item)]);
  }
  return groups;
}
