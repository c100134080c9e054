import { comparisonKey, type FieldDefinition, type LifecycleModelDefinition } from '@custodia/domain';
import { readJson } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import { loadModel } from '../lifecycle/model-store.js';

/** A name → id index that remembers names shared by several records, so an ambiguous name is reported, not guessed. */
export class NameIndex {
  private readonly map = new Map<string, string | null>();
  add(name: string | null | undefined, id: string): void {
    if (!name) return;
    const k = comparisonKey(name);
    this.map.set(k, this.map.has(k) && this.map.get(k) !== id ? null : id);
  }
  /** id, `null` when ambiguous, `undefined` when unknown. */
  find(name: string): string | null | undefined {
    return this.map.get(comparisonKey(name));
  }
}

export interface TypeInfo { id: string; key: string; schema: FieldDefinition[]; lifecycleModelId: string; tagPattern: string; model: LifecycleModelDefinition }
export interface ModelInfo { id: string; manufacturerId: string; assetTypeId: string; eolDate: string | null; eolMonths: number | null }

/** Everything an import row may refer to by name or code, loaded once per import. */
export interface Lookups {
  types: NameIndex; typeInfo: Map<string, TypeInfo>;
  models: NameIndex; modelInfo: Map<string, ModelInfo>;
  locations: NameIndex; orgUnits: NameIndex; people: NameIndex; activePeople: Set<string>; suppliers: NameIndex; manufacturers: NameIndex;
}

export async function loadLookups(tx: Tx): Promise<Lookups> {
  const l: Lookups = {
    types: new NameIndex(), typeInfo: new Map(), models: new NameIndex(), modelInfo: new Map(), locations: new NameIndex(), orgUnits: new NameIndex(),
    people: new NameIndex(), activePeople: new Set(), suppliers: new NameIndex(), manufacturers: new NameIndex(),
  };
  for (const t of await tx.selectFrom('asset_types').selectAll().execute()) {
    const model = await loadModel(tx, t.lifecycle_model_id);
    l.typeInfo.set(t.id, { id: t.id, key: t.key, schema: readJson(t.attribute_schema, []), lifecycleModelId: t.lifecycle_model_id, tagPattern: t.tag_pattern, model: model.definition });
    l.types.add(t.key, t.id);
    l.types.add(t.name, t.id);
    l.types.add(t.id, t.id);
  }
  for (const m of await tx.selectFrom('manufacturers').select(['id', 'name']).execute()) l.manufacturers.add(m.name, m.id);
  for (const m of await tx.selectFrom('catalogue_models').select(['id', 'name', 'model_number', 'manufacturer_id', 'asset_type_id', 'eol_date', 'eol_months']).execute()) {
    l.modelInfo.set(m.id, { id: m.id, manufacturerId: m.manufacturer_id, assetTypeId: m.asset_type_id, eolDate: m.eol_date, eolMonths: m.eol_months === null ? null : Number(m.eol_months) });
    l.models.add(m.name, m.id);
    l.models.add(m.model_number, m.id);
    l.models.add(m.id, m.id);
  }
  for (const r of await tx.selectFrom('locations').select(['id', 'name', 'code']).execute()) { l.locations.add(r.code, r.id); l.locations.add(r.name, r.id); l.locations.add(r.id, r.id); }
  for (const r of await tx.selectFrom('org_units').select(['id', 'name', 'code']).execute()) { l.orgUnits.add(r.code, r.id); l.orgUnits.add(r.name, r.id); l.orgUnits.add(r.id, r.id); }
  for (const r of await tx.selectFrom('people').select(['id', 'name', 'email', 'employee_number', 'active']).execute()) {
    l.people.add(r.email, r.id); l.people.add(r.employee_number, r.id); l.people.add(r.name, r.id); l.people.add(r.id, r.id);
    if (r.active === true || r.active === 1) l.activePeople.add(r.id);
  }
  for (const r of await tx.selectFrom('suppliers').select(['id', 'name']).execute()) { l.suppliers.add(r.name, r.id); l.suppliers.add(r.id, r.id); }
  return l;
}
