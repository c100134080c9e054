import { SCOPE_ALL, type Scope, comparisonKey, type FieldDefinition, type LifecycleModelDefinition } from '@custodia/domain';
import { unitInScope } from '../shared/scope-sql.js';
import { readJson } from '@custodia/data';
import type { Tx } from '../shared/change.js';
import { loadModel } from '../lifecycle/model-store.js';

const ANSWERS_MAX = 20_000;

/** A name → id index that remembers names shared by several records, so an ambiguous name is reported, not guessed. */
export class NameIndex {
  private readonly map = new Map<string, string | null>();
  // Answers by the name as written: an import names the same few hundred locations, people or models on every row,
  // and comparisonKey (Unicode normalisation, case folding) cost more than the rest of a look-up.
  private readonly answers = new Map<string, string | null | undefined>();
  add(name: string | null | undefined, id: string): void {
    if (!name) return;
    const k = comparisonKey(name);
    this.map.set(k, this.map.has(k) && this.map.get(k) !== id ? null : id);
    this.answers.clear();
  }
  /** id, `null` when ambiguous, `undefined` when unknown. */
  find(name: string): string | null | undefined {
    const known = this.answers.get(name);
    if (known !== undefined || this.answers.has(name)) return known;
    const answer = this.map.get(comparisonKey(name));
    if (this.answers.size >= ANSWERS_MAX) this.answers.clear();
    this.answers.set(name, answer);
    return answer;
  }
}

export interface TypeInfo { id: string; key: string; schema: FieldDefinition[]; lifecycleModelId: string; tagPattern: string; model: LifecycleModelDefinition }
export interface ModelInfo { id: string; manufacturerId: string; assetTypeId: string; eolDate: string | null; eolMonths: number | null }

/** Everything an import row may refer to by name or code, loaded once per import. */
export interface Lookups {
  types: NameIndex; typeInfo: Map<string, TypeInfo>;
  models: NameIndex; modelInfo: Map<string, ModelInfo>;
  locations: NameIndex; orgUnits: NameIndex; people: NameIndex; activePeople: Set<string>; suppliers: NameIndex; manufacturers: NameIndex;
  /** The latest date that is today somewhere: dates of things that happened (last verified) may not be later. */
  latestToday: string;
}

/**
 * People and org units are loaded within `scope` (the caller's): one outside it answers exactly as a missing one, so a
 * dry run reveals nothing of records the caller cannot read, and no row can point at them.
 */
export async function loadLookups(tx: Tx, latestToday: string, scope: Scope = SCOPE_ALL): Promise<Lookups> {
  const l: Lookups = {
    types: new NameIndex(), typeInfo: new Map(), models: new NameIndex(), modelInfo: new Map(), locations: new NameIndex(), orgUnits: new NameIndex(),
    people: new NameIndex(), activePeople: new Set(), suppliers: new NameIndex(), manufacturers: new NameIndex(), latestToday,
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
  for (const r of await tx.selectFrom('org_units').select(['id', 'name', 'code']).where((eb) => unitInScope(eb, 'org_units.id', scope)).execute()) { l.orgUnits.add(r.code, r.id); l.orgUnits.add(r.name, r.id); l.orgUnits.add(r.id, r.id); }
  for (const r of await tx.selectFrom('people').select(['id', 'name', 'email', 'employee_number', 'active']).where((eb) => unitInScope(eb, 'people.org_unit_id', scope)).execute()) {
    l.people.add(r.email, r.id); l.people.add(r.employee_number, r.id); l.people.add(r.name, r.id); l.people.add(r.id, r.id);
    if (r.active === true || r.active === 1) l.activePeople.add(r.id);
  }
  for (const r of await tx.selectFrom('suppliers').select(['id', 'name']).execute()) { l.suppliers.add(r.name, r.id); l.suppliers.add(r.id, r.id); }
  return l;
}

/**
 * The first line each key was seen on, for duplicate checks over a whole file. Keys are kept as UTF-8 bytes in typed
 * arrays, outside the JS heap: a million keys take about 40 MB here, where a Map of strings took 60 MB of heap and let
 * the garbage collector grow the heap to four times its live size, which put a 1 M-row import near 1 GB of memory.
 */
export class KeyLines {
  private slots = new Int32Array(1024).fill(-1); // open addressing: entry number, or -1
  private lines = new Uint32Array(512);
  private starts = new Uint32Array(513); // entry e's bytes are starts[e] .. starts[e + 1]
  private bytes = new Uint8Array(8192);
  private count = 0;
  private static readonly encoder = new TextEncoder();

  get size(): number {
    return this.count;
  }

  /** The line `key` was first seen on; or, when it is new, remembers it with `line` and returns undefined. */
  firstLine(key: string, line: number): number | undefined {
    const at = this.starts[this.count]!;
    if (at + key.length * 3 > this.bytes.length) this.bytes = grow(this.bytes, at + key.length * 3);
    const length = KeyLines.encoder.encodeInto(key, this.bytes.subarray(at)).written;
    const mask = this.slots.length - 1;
    let slot = this.hashOf(at, length) & mask;
    // No stored hashes (4 bytes a key): at most half the slots are taken, so a probe rarely meets another key, and
    // comparing its length and bytes is as cheap as comparing a hash.
    for (let e = this.slots[slot]!; e !== -1; e = this.slots[slot]!) {
      if (this.sameBytes(e, at, length)) return this.lines[e];
      slot = (slot + 1) & mask;
    }
    const e = this.count++;
    if (this.count >= this.lines.length) {
      this.lines = grow(this.lines, this.count + 1);
      this.starts = grow(this.starts, this.count + 2);
    }
    this.lines[e] = line;
    this.starts[e + 1] = at + length;
    this.slots[slot] = e;
    if (this.count * 2 > this.slots.length) this.rehash();
    return undefined;
  }

  /** FNV-1a of the bytes at `at`. */
  private hashOf(at: number, length: number): number {
    let hash = 0x811c9dc5;
    for (let i = at; i < at + length; i++) hash = Math.imul(hash ^ this.bytes[i]!, 16777619);
    return hash >>> 0;
  }

  private sameBytes(e: number, at: number, length: number): boolean {
    const start = this.starts[e]!;
    if (this.starts[e + 1]! - start !== length) return false;
    for (let i = 0; i < length; i++) if (this.bytes[start + i] !== this.bytes[at + i]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = this.hashOf(this.starts[e]!, this.starts[e + 1]! - this.starts[e]!) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
    this.slots = slots;
  }
}

function grow<T extends Uint8Array | Uint32Array>(array: T, atLeast: number): T {
  let length = Math.ceil(array.length * 1.5);
  while (length < atLeast) length *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}
