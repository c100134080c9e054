import type { AssetType, FieldDefinition, HistoryEvent, LifecycleModel } from './api';
import { type FieldSpec, type ReferenceResource, formatPlain } from './reference';
import { FIELD_TYPES } from './lifecycle';
import { displayMinorAmount, isMoney, moneyText } from './money';
import { calendarDate, dateOrText } from './dates';
import { attachmentCategoryLabel } from '@custodia/domain';

const FIELD_TYPE_LABELS: Record<string, string> = FIELD_TYPES;

/** One line of an event as people read it: what changed, from what, to what. */
export interface HistoryRow { key: string; label: string; before: string; after: string }

/** What the asset history needs to show names instead of ids; a map may be partial (names still loading, or not visible). */
export interface AssetHistoryLookups {
  types: AssetType[];
  models: LifecycleModel[];
  /** Names by id of people, locations, org units, catalogue models, manufacturers and suppliers. */
  names: Map<string, string>;
  /** The asset's current type, lifecycle model and currency, for events that do not carry them. */
  assetTypeId: string;
  lifecycleModelId?: string | undefined;
  currency: string | null;
}

/** What an IMAC record's history line names, in the order it reads; its id is bookkeeping. */
const IMAC_FIELDS: Record<string, string> = {
  action: 'IMAC', performedOn: 'IMAC: performed on', personId: 'IMAC: person', expectedReturnDate: 'IMAC: expected return', locationId: 'IMAC: new location', details: 'IMAC: details',
};
const IMAC_ACTIONS: Record<string, string> = { install: 'Install', move: 'Move', add: 'Add', change: 'Change' };

/** Labels of an asset's fields, in the order an event lists them (the lifecycle first, then identity, people and places, money, dates). */
const ASSET_FIELDS: Record<string, string> = {
  transition: 'Transition', stage: 'Stage', tag: 'Asset tag', name: 'Name', assetTypeId: 'Type', modelId: 'Model', manufacturerId: 'Manufacturer',
  serial: 'Serial number', assignedPersonId: 'Assigned to', expectedReturnDate: 'Expected return', locationId: 'Location', ownerOrgUnitId: 'Owner org unit',
  custodianId: 'Custodian', purchaseDate: 'Purchase date', purchaseCostMinor: 'Purchase cost', purchaseCurrency: 'Currency', supplierId: 'Supplier',
  orderReference: 'Order reference', invoiceReference: 'Invoice reference', warrantyEnd: 'Warranty end', eolDate: 'End of life',
  lastVerifiedOn: 'Last verified', services: 'Services supported', notes: 'Notes', lifecycleModelId: 'Lifecycle model', attributes: 'Attributes', evidence: 'Evidence',
  policiesAcknowledged: 'Told the usage policies', covers: 'Covers', coveredBy: 'Covered by',
};
const FIELD_ORDER = Object.keys(ASSET_FIELDS);
const rank = (key: string) => { const i = FIELD_ORDER.indexOf(key); return i === -1 ? FIELD_ORDER.length : i; };

/** Fields whose value is the id of a record with a name, and where that name is read. */
export type NamedResource = 'people' | 'locations' | 'org-units' | 'models' | 'manufacturers' | 'suppliers' | 'assets';
const NAMED_FIELDS: Record<string, NamedResource> = {
  modelId: 'models', manufacturerId: 'manufacturers', ownerOrgUnitId: 'org-units', custodianId: 'people', assignedPersonId: 'people', locationId: 'locations', supplierId: 'suppliers',
};
const REFERENCE_TYPES: Record<string, NamedResource> = { person_ref: 'people', location_ref: 'locations', asset_ref: 'assets' };

/** `expectedReturnDate` → "Expected return date": the label of a field nobody named. */
export function humanise(key: string): string {
  const words = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * An enum option as people read it: a key written for machines ("return_to_stock", "good") as words ("Return to
 * stock", "Good"); an option written as people write it ("USB-C", "IPS panel") as it is.
 */
export const optionLabel = (option: string) => (/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(option) ? humanise(option) : option);

/**
 * An enum value as people read it: the label its field definition gives it ("gcp" → "Google Cloud"), else
 * `optionLabel`. Forms, pages and history all go through here; what is stored, filtered and exported stays the value.
 */
export function enumLabel(field: { optionLabels?: Record<string, string> | undefined } | undefined, value: string): string {
  const labels = field?.optionLabels;
  return labels && Object.hasOwn(labels, value) ? labels[value]! : optionLabel(value);
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/** The ids a set of asset events names, by where their names are read (one request per kind). */
export function namedIds(events: HistoryEvent[], types: AssetType[], models: LifecycleModel[]): Record<NamedResource, string[]> {
  const ids: Record<NamedResource, Set<string>> = { people: new Set(), locations: new Set(), 'org-units': new Set(), models: new Set(), manufacturers: new Set(), suppliers: new Set(), assets: new Set() };
  const add = (resource: NamedResource, v: unknown) => { if (typeof v === 'string' && v) ids[resource].add(v); };
  const refFields = new Map<string, NamedResource>();
  for (const f of [...types.flatMap((t) => t.attributeSchema), ...models.flatMap((m) => m.definition.transitions.flatMap((t) => t.fields ?? []))]) {
    const resource = REFERENCE_TYPES[f.type];
    if (resource) refFields.set(f.key, resource);
  }
  for (const e of events) {
    for (const [field, c] of Object.entries(e.changes)) {
      const resource = NAMED_FIELDS[field];
      if (resource) { add(resource, c.before); add(resource, c.after); }
      if (field === 'imac') { const imac = objectOf(c.after); add('people', imac['personId']); add('locations', imac['locationId']); }
      if (field === 'attributes' || field === 'evidence') {
        for (const side of [c.before, c.after]) {
          for (const [k, v] of Object.entries(objectOf(side))) { const r = refFields.get(k); if (r) add(r, v); }
        }
      }
    }
  }
  return Object.fromEntries(Object.entries(ids).map(([k, set]) => [k, [...set].sort()])) as Record<NamedResource, string[]>;
}

/**
 * The rows of one asset event: labelled fields, names instead of ids, amounts with their currency, each attribute and
 * each piece of evidence on a line of its own (only the attributes that changed). The record's own id is left out.
 */
export function assetHistoryRows(event: HistoryEvent, lookups: AssetHistoryLookups): HistoryRow[] {
  const { changes } = event;
  const typeId = (changes['assetTypeId']?.after as string | undefined) ?? lookups.assetTypeId;
  const schema = lookups.types.find((t) => t.id === typeId)?.attributeSchema ?? [];
  // Models share stage and transition keys (hardware and cloud resources both "decommission", with other evidence):
  // the asset's own model version is read first, then the other versions of that model, then any.
  const ownModelId = (changes['lifecycleModelId']?.after as string | undefined) ?? lookups.lifecycleModelId;
  const ownKey = lookups.models.find((m) => m.id === ownModelId)?.key;
  const modelRank = (m: LifecycleModel) => (m.id === ownModelId ? 0 : m.key === ownKey ? 1 : 2);
  const allModels = [...lookups.models].sort((a, b) => modelRank(a) - modelRank(b));
  const stageName = (key: unknown) => allModels.flatMap((m) => m.definition.stages).find((s) => s.key === key)?.name ?? String(key);
  const transitionKey = changes['transition']?.after;
  const transition = allModels.flatMap((m) => m.definition.transitions).find((t) => t.key === transitionKey);
  const currency = (side: 'before' | 'after') => (changes['purchaseCurrency']?.[side] as string | null | undefined) ?? lookups.currency;
  const named = (v: unknown) => (typeof v === 'string' ? lookups.names.get(v) ?? v : text(v));

  const typed = (field: FieldDefinition | undefined, v: unknown): string => {
    if (isEmpty(v)) return '—';
    if (field && REFERENCE_TYPES[field.type]) return named(v);
    if (field?.type === 'boolean') return v ? 'Yes' : 'No';
    if (field?.type === 'money' && isMoney(v)) return moneyText(v);
    if (field?.type === 'enum' && field.options && typeof v === 'string') return enumLabel(field, v);
    if (field?.type === 'date' && typeof v === 'string') return calendarDate(v);
    // A defined field of another type shows its text as it is, even one that looks like a date.
    return field ? text(v, false) : text(v);
  };
  const value = (key: string, v: unknown, side: 'before' | 'after'): string => {
    if (isEmpty(v)) return '—';
    if (NAMED_FIELDS[key]) return named(v);
    switch (key) {
      case 'assetTypeId': return lookups.types.find((t) => t.id === v)?.name ?? String(v);
      case 'lifecycleModelId': {
        const m = allModels.find((x) => x.id === v);
        return m ? `${m.name} (version ${m.version})` : String(v);
      }
      case 'stage': return stageName(v);
      case 'transition': return transition?.name ?? humanise(String(v));
      case 'purchaseCostMinor': return typeof v === 'number' ? displayMinorAmount(v, currency(side)) : text(v);
      case 'services': return Array.isArray(v) ? (v.length ? v.join(', ') : '—') : text(v);
      case 'policiesAcknowledged': return v === true ? 'Yes' : v === false ? 'No' : text(v);
      case 'covers': case 'coveredBy': return coverageText(v);
      default: return text(v);
    }
  };

  const rows: HistoryRow[] = [];
  const keys = Object.keys(changes).filter((k) => k !== 'id').sort((a, b) => rank(a) - rank(b));
  for (const key of keys) {
    const c = changes[key]!;
    if (key === 'imac') {
      const imac = objectOf(c.after);
      for (const [k, label] of Object.entries(IMAC_FIELDS)) {
        const v = imac[k];
        if (isEmpty(v)) continue;
        const shown = k === 'action' ? IMAC_ACTIONS[String(v)] ?? humanise(String(v)) : k === 'personId' || k === 'locationId' ? named(v) : text(v);
        rows.push({ key: `imac.${k}`, label, before: '—', after: shown });
      }
      continue;
    }
    if (key === 'attributes' || key === 'evidence') {
      const fields = key === 'attributes' ? schema : transition?.fields ?? [];
      const [before, after] = [objectOf(c.before), objectOf(c.after)];
      for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
        if (JSON.stringify(before[k] ?? null) === JSON.stringify(after[k] ?? null)) continue;
        const field = fields.find((f) => f.key === k);
        const label = `${key === 'evidence' ? 'Evidence: ' : ''}${field?.label ?? humanise(k)}`;
        rows.push({ key: `${key}.${k}`, label, before: typed(field, before[k]), after: typed(field, after[k]) });
      }
      continue;
    }
    const row = { key, label: ASSET_FIELDS[key] ?? humanise(key), before: value(key, c.before, 'before'), after: value(key, c.after, 'after') };
    // Nothing to read where both sides are empty (an empty list of services on a new asset).
    if (row.before !== '—' || row.after !== '—') rows.push(row);
  }
  return rows;
}

/** A coverage as an asset's history names it: the other asset's tag, the days covered, the note. */
function coverageText(v: unknown): string {
  const c = objectOf(v);
  const day = (d: unknown) => (typeof d === 'string' ? calendarDate(d) : null);
  const days = `${day(c['startsOn']) ?? 'open'} – ${day(c['endsOn']) ?? 'no end'}`;
  return `${typeof c['tag'] === 'string' ? c['tag'] : text(v)}, ${days}${typeof c['note'] === 'string' && c['note'] ? ` · “${c['note']}”` : ''}`;
}

const objectOf = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const isScalar = (x: unknown) => x === null || typeof x !== 'object';

/**
 * A value without a field definition: dates as the pages write them (a calendar date or an instant, told by its
 * shape; `dates` false for a text field's value), files by name and hash start (and an attachment's category and
 * description), lists joined, a flat object as
 * "key: value; …" (a device's software change: count, added, removed), anything deeper as its JSON.
 */
export function text(v: unknown, dates = true): string {
  if (isEmpty(v)) return '—';
  if (typeof v === 'string') return dates ? dateOrText(v) : v;
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  if (typeof o['fileName'] === 'string' && typeof o['sha256'] === 'string') {
    // An attachment: the file, then what it was said to be (events before categories carry none).
    const category = typeof o['category'] === 'string' ? ` · ${attachmentCategoryLabel(o['category'])}` : '';
    const description = typeof o['description'] === 'string' && o['description'] ? ` · “${o['description']}”` : '';
    return `${o['fileName']} (SHA-256 ${o['sha256'].slice(0, 12)}…)${category}${description}`;
  }
  if (Array.isArray(v)) return v.every(isScalar) ? v.join(', ') : JSON.stringify(v);
  const entries = Object.entries(o);
  if (entries.every(([, x]) => isScalar(x) || (Array.isArray(x) && x.every(isScalar)))) {
    return entries.map(([k, x]) => `${humanise(k).toLowerCase()}: ${Array.isArray(x) ? (x.length ? x.join(', ') : 'none') : x === null ? '—' : String(x)}`).join('; ');
  }
  return JSON.stringify(v);
}

/** The rows of an event of any other record (a device, a discrepancy, an account…): its fields by name, bookkeeping left out. */
export function plainHistoryRows(event: HistoryEvent): HistoryRow[] {
  return Object.entries(event.changes).filter(([key]) => !['id', 'version', 'createdAt', 'updatedAt'].includes(key))
    .map(([key, c]) => ({ key, label: humanise(key), before: text(c.before), after: text(c.after) }));
}

/**
 * A role granted or revoked, as an account's history says it: "Custodian on Finance DE", "Auditor on the whole
 * organisation" (the grant's id and the role's key are bookkeeping). Names not known yet show as they are stored.
 */
export function grantText(grant: unknown, roles: Map<string, string>, units: Map<string, string>): string {
  const g = objectOf(grant);
  if (typeof g['role'] !== 'string') return text(grant);
  const unit = typeof g['orgUnitId'] === 'string' ? units.get(g['orgUnitId']) ?? g['orgUnitId'] : 'the whole organisation';
  return `${roles.get(g['role']) ?? g['role']} on ${unit}`;
}

/** What a reference record's history needs: its fields as the forms describe them, and names of the records they point to. */
export interface ReferenceHistoryLookups { fields: FieldSpec[]; names: Map<string, string>; types: AssetType[] }

/** The ids a reference record's events point to, by the resource whose names they are. */
export function referencedIds(events: HistoryEvent[], fields: FieldSpec[]): Map<ReferenceResource, string[]> {
  const out = new Map<ReferenceResource, Set<string>>();
  for (const f of fields) {
    if ((f.type !== 'ref' && f.type !== 'tree' && f.type !== 'contacts') || !f.resource) continue;
    const set = out.get(f.resource) ?? new Set<string>();
    for (const e of events) {
      for (const v of [e.changes[f.key]?.before, e.changes[f.key]?.after]) {
        if (typeof v === 'string' && v) set.add(v);
        // A list of local contacts names its people.
        if (f.type === 'contacts' && Array.isArray(v)) for (const c of v) if (typeof c?.personId === 'string') set.add(c.personId);
      }
    }
    out.set(f.resource, set);
  }
  return new Map([...out].map(([k, set]) => [k, [...set].sort()]));
}

/** The rows of a reference record's event (a person, a location, a model…): its form's labels, names instead of ids. */
export function referenceHistoryRows(event: HistoryEvent, lookups: ReferenceHistoryLookups): HistoryRow[] {
  const order = (key: string) => { const i = lookups.fields.findIndex((f) => f.key === key); return i === -1 ? lookups.fields.length : i; };
  const rows: HistoryRow[] = [];
  for (const key of Object.keys(event.changes).filter((k) => k !== 'id').sort((a, b) => order(a) - order(b))) {
    const c = event.changes[key]!;
    const field = lookups.fields.find((f) => f.key === key);
    const show = (v: unknown): string => {
      if (isEmpty(v) || (field?.type === 'contacts' && Array.isArray(v) && v.length === 0)) return '—';
      if (!field) return text(v);
      if ((field.type === 'ref' || field.type === 'tree') && typeof v === 'string') return lookups.names.get(v) ?? v;
      if (field.type === 'assetType') return lookups.types.find((t) => t.id === v)?.name ?? String(v);
      return formatPlain(field, v, lookups.names);
    };
    const row = { key, label: field?.label ?? humanise(key), before: show(c.before), after: show(c.after) };
    if (row.before !== '—' || row.after !== '—') rows.push(row);
  }
  return rows;
}

/** An attribute definition as a history line says it: its type and the rules that are set. */
function describeAttribute(f: FieldDefinition): string {
  const rules = [f.required && 'required', f.unique && 'unique', f.sensitive && 'sensitive', f.pattern && `pattern ${f.pattern}`,
    f.min !== undefined && `min ${f.min}`, f.max !== undefined && `max ${f.max}`,
    f.options && `options ${f.options.map((o) => (f.optionLabels && Object.hasOwn(f.optionLabels, o) ? `${f.optionLabels[o]} (${o})` : o)).join(', ')}`,
    f.default !== undefined && `default ${text(f.default)}`,
    f.monitor && `monitored as “${f.monitor.label}”, ${f.monitor.leadDays} days ahead`].filter(Boolean);
  return `${FIELD_TYPE_LABELS[f.type] ?? f.type}${rules.length ? `, ${rules.join(', ')}` : ''}`;
}

/** The properties of an attribute definition that an event changed, as "property: before → after". */
function definitionChanges(before: FieldDefinition, after: FieldDefinition): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify((before as unknown as Record<string, unknown>)[k]) !== JSON.stringify((after as unknown as Record<string, unknown>)[k]));
  return keys.map((k) => `${humanise(k).toLowerCase()}: ${text((before as unknown as Record<string, unknown>)[k])} → ${text((after as unknown as Record<string, unknown>)[k])}`).join('; ');
}

const TYPE_FIELDS: Record<string, string> = { key: 'Key', name: 'Name', category: 'Category', tagPattern: 'Tag pattern', lifecycleModelId: 'Lifecycle model', usagePolicy: 'Usage policy' };

/**
 * The rows of an asset type's event: its own fields by label, and its attribute schema attribute by attribute (added,
 * removed, changed, with what changed) instead of the whole list twice. Bookkeeping (version, timestamps, id) is left out.
 */
export function assetTypeHistoryRows(event: HistoryEvent, models: LifecycleModel[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const [key, c] of Object.entries(event.changes)) {
    if (['id', 'version', 'createdAt', 'updatedAt'].includes(key)) continue;
    if (key === 'attributeSchema') {
      const list = (v: unknown) => (Array.isArray(v) ? (v as FieldDefinition[]) : []);
      const [before, after] = [list(c.before), list(c.after)];
      for (const f of after) {
        const old = before.find((b) => b.key === f.key);
        if (!old) rows.push({ key: `attributeSchema.${f.key}`, label: `Attribute ${f.label}`, before: '—', after: `added: ${describeAttribute(f)}` });
        else if (JSON.stringify(old) !== JSON.stringify(f)) rows.push({ key: `attributeSchema.${f.key}`, label: `Attribute ${f.label}`, before: describeAttribute(old), after: definitionChanges(old, f) });
      }
      for (const f of before) if (!after.some((a) => a.key === f.key)) rows.push({ key: `attributeSchema.${f.key}`, label: `Attribute ${f.label}`, before: describeAttribute(f), after: 'removed (values assets hold are kept)' });
      const order = (l: FieldDefinition[]) => l.map((f) => f.key).filter((k) => before.some((b) => b.key === k) && after.some((a) => a.key === k));
      if (order(before).join() !== order(after).join()) rows.push({ key: 'attributeSchema.order', label: 'Attribute order', before: order(before).join(', '), after: order(after).join(', ') });
      continue;
    }
    const show = (v: unknown) => {
      if (key === 'lifecycleModelId' && typeof v === 'string') {
        const m = models.find((x) => x.id === v);
        return m ? `${m.name} (version ${m.version})` : v;
      }
      return text(v);
    };
    rows.push({ key, label: TYPE_FIELDS[key] ?? humanise(key), before: show(c.before), after: show(c.after) });
  }
  return rows;
}
