/**
 * Types, vocabularies and client-side checks of the asset-type and lifecycle-model pages (the API: /asset-types,
 * /lifecycle-models). GUARDS and EFFECTS are the domain's; the labelled lists mirror packages/domain — FIELD_TYPES
 * (attributes/field-types.ts), STAGE_KINDS (lifecycle/model.ts), ASSET_CATEGORIES (register/tree.ts), tested to match.
 * Attribute schemas and model drafts are checked by the domain's own validateAttributeSchema and
 * validateLifecycleModel, their violations placed beside the row and property they concern, after the limits on keys
 * and lengths that the API's Zod contract sets. The server runs the same rules again and answers 422 with
 * errors[].field, shown on the same paths (serverProblems).
 */
import { useQuery } from '@tanstack/react-query';
import { type FieldDefinition, type LifecycleModelDefinition, SNAKE_KEY as KEY, validateAttributeSchema, validateLifecycleModel } from '@custodia/domain';
import { ApiError, type Page, get } from './api';

export const FIELD_TYPES = {
  text: 'Text', long_text: 'Long text', number: 'Number', integer: 'Whole number', money: 'Money', date: 'Date', boolean: 'Yes / no',
  enum: 'Choice from a list', url: 'URL', email: 'E-mail address', ip: 'IP address', mac: 'MAC address',
  person_ref: 'Person (reference)', location_ref: 'Location (reference)', asset_ref: 'Asset (reference)',
} as const;
export type FieldType = keyof typeof FIELD_TYPES;
export const REFERENCE_TYPES: readonly FieldType[] = ['person_ref', 'location_ref', 'asset_ref'];
/** Types a pattern applies to, and types whose value is checked against min / max. */
export const PATTERN_TYPES: readonly FieldType[] = ['text', 'long_text'];
export const RANGE_TYPES: readonly FieldType[] = ['number', 'integer'];
/** Types a default can be given for in the editor (a money default needs a currency, a reference an id). */
export const DEFAULT_TYPES: readonly FieldType[] = ['text', 'long_text', 'number', 'integer', 'date', 'boolean', 'enum', 'url', 'email', 'ip', 'mac'];

export interface FieldDef {
  key: string; label: string; type: FieldType; required?: boolean; unique?: boolean; default?: unknown; pattern?: string; options?: string[]; optionLabels?: Record<string, string>;
  min?: number; max?: number; sensitive?: boolean; notInFuture?: boolean; requiredWhen?: { field: string; oneOf: string[] }; help?: string;
  /** Dates of an asset type only: watched on the dashboard and filtered on in the register. */
  monitor?: { label: string; leadDays: number };
}

export const STAGE_KINDS = {
  planned: 'Planned', ordered: 'Ordered', available: 'Available', in_use: 'In use', maintenance: 'Maintenance',
  retired: 'Retired', hold: 'Legal hold', missing: 'Missing', lost: 'Lost or stolen', disposed: 'Disposed',
} as const;
export type StageKind = keyof typeof STAGE_KINDS;
/** Mantine palette of each kind: the diagram fills a stage with shade 1 and borders it with shade 7 (text stays dark). */
export const KIND_COLORS: Record<StageKind, string> = {
  planned: 'gray', ordered: 'cyan', available: 'teal', in_use: 'blue', maintenance: 'yellow',
  retired: 'grape', hold: 'violet', missing: 'orange', lost: 'red', disposed: 'dark',
};

// The descriptions of guards and effects, tag patterns and keys are the domain's own (a pure package, bundled with the pages that use it).
export { EFFECTS, GUARDS, SNAKE_KEY as KEY, type EffectKey, type GuardKey, formatTag, isValidTagPattern } from '@custodia/domain';
import type { EffectKey, GuardKey } from '@custodia/domain';

/** The evidence field an effect reads (validate-model.ts refuses the effect without it). */
export const EFFECT_FIELDS: Partial<Record<EffectKey, FieldDef>> = {
  start_assignment: { key: 'assigned_person_id', label: 'Assigned to (person)', type: 'person_ref', required: true },
  set_location: { key: 'location_id', label: 'Location', type: 'location_ref' },
};

export const ASSET_CATEGORIES = {
  hardware: 'Hardware', software_licence: 'Software licence', cloud_resource: 'Cloud resource', saas_subscription: 'SaaS subscription',
  data_asset: 'Data asset', code_repository: 'Code repository', certificate: 'Certificate', service_contract: 'Service contract',
} as const;
export type AssetCategory = keyof typeof ASSET_CATEGORIES;

export interface StageDef { key: string; name: string; kind: StageKind; description?: string }
export interface TransitionDef { key: string; name: string; from: string[]; to: string; fields: FieldDef[]; guards: GuardKey[]; effects: EffectKey[]; description?: string }
export interface ModelDefinition { key: string; name: string; description?: string; initialStages: string[]; stages: StageDef[]; transitions: TransitionDef[] }
export interface StoredModel { id: string; key: string; version: number; name: string; definition: ModelDefinition; createdAt: string }
export interface AssetTypeRecord {
  id: string; key: string; name: string; category: AssetCategory; attributeSchema: FieldDef[]; lifecycleModelId: string; tagPattern: string;
  usagePolicy: string | null; version: number; createdAt: string; updatedAt: string;
}

/** The same queries (and cache entries) as lookups.ts's useAssetTypes / useLifecycleModels, with the full types. */
export const useTypeRecords = () =>
  useQuery({ queryKey: ['asset-types'], queryFn: async () => (await get<Page<AssetTypeRecord>>('/api/v1/asset-types?limit=500')).items, staleTime: 300_000 });
export const useModelVersions = () =>
  useQuery({ queryKey: ['lifecycle-models'], queryFn: async () => (await get<Page<StoredModel>>('/api/v1/lifecycle-models')).items, staleTime: 300_000 });

export const KEY_MESSAGE = 'Use snake_case: a lower-case letter, then letters, digits or _ (at most 63)';

/** A key people can start from: "Purchase order no." → "purchase_order_no". */
export const keyFromLabel = (label: string) =>
  label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '').slice(0, 63);


/** Problems found in a form, by path: `name`, `attributeSchema.<row id>.key`, `transitions.<row id>.fields.<row id>` … */
export type Problems = Record<string, string>;

const add = (p: Problems, path: string, message: string) => { if (!p[path]) p[path] = message; };
const badText = (value: string, max: number) => value.includes('\u0000') ? 'must not contain NUL characters' : value.length > max ? `must be at most ${max} characters` : null;
const nameProblem = (value: string) => (value.trim() === '' ? 'must not be empty' : badText(value, 200));

/** The property of a field row each of validateAttributeSchema's violations concerns. */
const SCHEMA_VIOLATION_AT: Record<string, keyof FieldDef> = {
  SCHEMA_INVALID_KEY: 'key', SCHEMA_DUPLICATE_KEY: 'key', SCHEMA_INVALID_TYPE: 'type', SCHEMA_ENUM_WITHOUT_OPTIONS: 'options',
  SCHEMA_PATTERN_NOT_ALLOWED: 'pattern', SCHEMA_INVALID_PATTERN: 'pattern', SCHEMA_SENSITIVE_NOT_UNIQUE: 'sensitive',
  SCHEMA_SENSITIVE_REFERENCE: 'sensitive', SCHEMA_INVALID_DEFAULT: 'default', SCHEMA_OPTION_LABELS_NOT_ALLOWED: 'optionLabels',
  SCHEMA_UNKNOWN_OPTION_LABEL: 'optionLabels', SCHEMA_EMPTY_OPTION_LABEL: 'optionLabels', SCHEMA_DUPLICATE_OPTION_LABEL: 'optionLabels',
  SCHEMA_MONITOR_NOT_ALLOWED: 'monitor', SCHEMA_INVALID_MONITOR: 'monitor', SCHEMA_SENSITIVE_NOT_MONITORED: 'monitor', SCHEMA_DUPLICATE_MONITOR_LABEL: 'monitor',
};

/** A field row being edited: the definition plus an id that stays put while keys change and rows move. */
export type FieldRow = FieldDef & { rid: string };
let seq = 0;
export const newId = (prefix: string) => `${prefix}${++seq}`;
export const toRows = (fields: readonly FieldDef[]): FieldRow[] => fields.map((f) => ({ ...f, rid: newId('f') }));
export const fromRows = (rows: readonly FieldRow[]): FieldDef[] => rows.map(({ rid: _rid, ...f }) => f);

/**
 * The problems of an attribute schema being edited, on paths `${base}.${rid}[.prop]`: first the FieldDefinition
 * contract's limits (key format, lengths, NUL), then the domain's validateAttributeSchema — the rule the server applies.
 */
export function schemaProblems(rows: readonly FieldRow[], base: string): Problems {
  const p: Problems = {};
  for (const f of rows) {
    const at = `${base}.${f.rid}`;
    if (!KEY.test(f.key)) add(p, `${at}.key`, f.key ? KEY_MESSAGE : 'A key is needed');
    const label = nameProblem(f.label);
    if (label) add(p, `${at}.label`, `Label ${label}`);
    if ((f.options ?? []).some((o) => o.length > 200)) add(p, `${at}.options`, 'Options must be at most 200 characters');
    for (const l of Object.values(f.optionLabels ?? {})) { const problem = nameProblem(l); if (problem) add(p, `${at}.optionLabels`, `A label ${problem}`); }
    if (f.pattern !== undefined && f.pattern.length > 500) add(p, `${at}.pattern`, 'At most 500 characters');
    if (f.help !== undefined) { const h = badText(f.help, 200); if (h) add(p, `${at}.help`, `Help ${h}`); }
    if (f.monitor) { const m = nameProblem(f.monitor.label); if (m) add(p, `${at}.monitor`, `What the date is ${m}`); }
  }
  const verdict = validateAttributeSchema(fromRows(rows) as FieldDefinition[]);
  if (!verdict.ok) {
    for (const v of verdict.violations) {
      const row = rows[Number(/\[(\d+)\]/.exec(v.field ?? '')?.[1] ?? -1)];
      if (row) add(p, `${base}.${row.rid}.${SCHEMA_VIOLATION_AT[v.code] ?? 'key'}`, v.message);
    }
  }
  return p;
}

/** Keeps only the properties that mean something for the field's type (the server refuses a pattern on a number). */
export function withType(f: FieldRow, type: FieldType): FieldRow {
  const next: FieldRow = { ...f, type };
  if (type !== 'enum') { delete next.options; delete next.optionLabels; }
  if (!PATTERN_TYPES.includes(type)) delete next.pattern;
  if (!RANGE_TYPES.includes(type)) { delete next.min; delete next.max; }
  if (type !== 'date') { delete next.notInFuture; delete next.monitor; }
  if (REFERENCE_TYPES.includes(type)) delete next.sensitive;
  if (type !== f.type) delete next.default;
  return next;
}

/* ---------- lifecycle model drafts ---------- */

export interface DraftStage { sid: string; key: string; name: string; kind: StageKind; description?: string }
export interface DraftTransition {
  tid: string; key: string; name: string; from: string[]; to: string; fields: FieldRow[]; guards: GuardKey[]; effects: EffectKey[]; description?: string;
}
/** A model being edited: stages and transitions carry ids, transitions refer to stages by id, so renaming a key moves nothing. */
export interface DraftModel { key: string; name: string; description?: string; initialStages: string[]; stages: DraftStage[]; transitions: DraftTransition[] }

export function toDraft(def: ModelDefinition): DraftModel {
  const stages = def.stages.map((s) => ({ ...s, sid: newId('s') }));
  const sid = new Map(stages.map((s) => [s.key, s.sid]));
  const ref = (key: string) => sid.get(key) ?? key;
  return {
    key: def.key, name: def.name, ...(def.description !== undefined ? { description: def.description } : {}),
    initialStages: def.initialStages.map(ref),
    stages,
    transitions: def.transitions.map((t) => ({ ...t, tid: newId('t'), from: t.from.map(ref), to: ref(t.to), fields: toRows(t.fields ?? []), guards: t.guards ?? [], effects: t.effects ?? [] })),
  };
}

const clean = <T extends { description?: string }>(o: T): T => {
  const d = o.description?.trim();
  const { description: _d, ...rest } = o;
  return (d ? { ...rest, description: d } : rest) as T;
};

export function fromDraft(d: DraftModel): ModelDefinition {
  const key = new Map(d.stages.map((s) => [s.sid, s.key]));
  const ref = (sid: string) => key.get(sid) ?? sid;
  return clean({
    key: d.key, name: d.name, description: d.description,
    initialStages: d.initialStages.map(ref),
    stages: d.stages.map(({ sid: _s, ...s }) => clean(s)),
    transitions: d.transitions.map(({ tid: _t, fields, ...t }) => clean({ ...t, from: t.from.map(ref), to: ref(t.to), fields: fromRows(fields) })),
  });
}

/**
 * Wording for the model editor, by the code of validateLifecycleModel's violation and the property it concerns: the
 * domain decides what is wrong, the form says it in its own terms (a new transition has no key yet to quote).
 * Codes without an entry keep the domain's message.
 */
const MODEL_WORDING: Record<string, string> = {
  'MODEL_NO_STAGES:': 'A model needs at least one stage',
  'MODEL_NO_INITIAL_STAGE:': 'A model needs at least one initial stage',
  'MODEL_UNKNOWN_STAGE:': 'An initial stage is not defined',
  'MODEL_INVALID_STAGE_KIND:kind': 'Choose a kind',
  'MODEL_TRANSITION_WITHOUT_SOURCE:from': 'Choose at least one stage it starts from',
  'MODEL_UNKNOWN_STAGE:from': 'A source stage is not defined',
  'MODEL_UNKNOWN_STAGE:to': 'Choose the stage it leads to',
};

/**
 * The problems of a model draft, on paths with the draft's ids (`stages.<sid>.key`, `transitions.<tid>.from`,
 * `transitions.<tid>.fields.<rid>.key` …): first the LifecycleModelDefinition contract's limits (keys, lengths, counts),
 * then the domain's validateLifecycleModel — the rule the server applies — with each evidence field checked by
 * schemaProblems so its problems sit beside the field.
 */
export function modelProblems(d: DraftModel): Problems {
  const p: Problems = {};
  if (!KEY.test(d.key)) add(p, 'key', d.key ? KEY_MESSAGE : 'A key is needed');
  const name = nameProblem(d.name);
  if (name) add(p, 'name', `Name ${name}`);
  if (d.description) { const t = badText(d.description, 200); if (t) add(p, 'description', `Description ${t}`); }
  if (d.stages.length > 100) add(p, 'stages', 'At most 100 stages');
  if (d.transitions.length > 200) add(p, 'transitions', 'At most 200 transitions');
  for (const s of d.stages) {
    const at = `stages.${s.sid}`;
    if (!KEY.test(s.key)) add(p, `${at}.key`, s.key ? KEY_MESSAGE : 'A key is needed');
    const n = nameProblem(s.name);
    if (n) add(p, `${at}.name`, `Name ${n}`);
  }
  for (const t of d.transitions) {
    const at = `transitions.${t.tid}`;
    if (!KEY.test(t.key)) add(p, `${at}.key`, t.key ? KEY_MESSAGE : 'A key is needed');
    const n = nameProblem(t.name);
    if (n) add(p, `${at}.name`, `Name ${n}`);
    if (t.fields.length > 50) add(p, `${at}.fields`, 'At most 50 evidence fields');
    for (const [k, v] of Object.entries(schemaProblems(t.fields, `${at}.fields`))) add(p, k, v);
  }
  const verdict = validateLifecycleModel(fromDraft(d) as unknown as LifecycleModelDefinition);
  if (verdict.ok) return p;
  const ids = { stages: d.stages.map((s) => s.sid), transitions: d.transitions.map((t) => t.tid) };
  for (const v of verdict.violations) {
    // Evidence fields were placed row by row above; the domain reports them on the whole list.
    if (v.code.startsWith('SCHEMA_')) continue;
    const [, list, index, prop = ''] = /^(stages|transitions)\[(\d+)\](?:\.(\w+))?$/.exec(v.field ?? '') ?? [undefined, undefined, undefined, v.field ?? ''];
    const id = list ? ids[list as keyof typeof ids][Number(index)] : undefined;
    // An effect that needs an evidence field is shown at the effects that ask for it.
    const where = v.code === 'MODEL_EFFECT_NEEDS_FIELD' ? 'effects' : prop;
    const path = list ? `${list}.${id}${where ? `.${where}` : ''}` : where;
    add(p, path, MODEL_WORDING[`${v.code}:${list ? where : ''}`] ?? v.message);
  }
  return p;
}

/**
 * The server's field errors on the client's paths: `attributeSchema[2]` (domain) and `attributeSchema.2.key` (contract)
 * both become `attributeSchema.<id of row 2>[.key]`. `lists` names each indexed list and the ids its rows had when sent.
 */
export function serverProblems(error: unknown, lists: Record<string, readonly string[]> = {}, nested?: (path: string[]) => string[]): Problems {
  const p: Problems = {};
  if (!(error instanceof ApiError)) return p;
  for (const e of error.errors) {
    if (!e.field) continue;
    let parts = e.field.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
    const ids = lists[parts[0]!];
    if (ids && parts[1] !== undefined && /^\d+$/.test(parts[1])) parts = [parts[0]!, ids[Number(parts[1])] ?? parts[1], ...parts.slice(2)];
    if (nested) parts = nested(parts);
    add(p, parts.join('.'), e.message);
  }
  return p;
}

/** Problems at `prefix` itself or below it. */
export const problemsUnder = (p: Problems, prefix: string) => Object.entries(p).filter(([k]) => k === prefix || k.startsWith(`${prefix}.`));
