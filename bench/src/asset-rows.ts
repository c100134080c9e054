import { addMonths, dateOf, serialKey, tagKey } from '@custodia/domain';
import { newId } from '@custodia/data';
import type { SourceRow } from '@custodia/core';
import { randomSource } from './random.js';
import type { BenchModel, Register } from './register-setup.js';

/** One generated asset, before it is written either as import cells or as a raw table row. */
interface AssetSpec {
  tag: string; name: string; model: BenchModel; serial: string; stage: string;
  room: Register['rooms'][number] | null; person: Register['people'][number] | null; dept: Register['departments'][number];
  supplier: Register['suppliers'][number]; purchaseDate: string; cost: string; costMinor: number; currency: string;
  orderReference: string; warrantyEnd: string; eolDate: string; lastVerifiedOn: string | null; attributes: Record<string, string | number | boolean>;
}

const TAG_PREFIX: Record<string, string> = { laptop: 'LAP', desktop: 'DSK', monitor: 'MON', phone: 'PHN', server: 'SRV' };
/** Stage shares: 70 % in use (always with an assignee), the rest spread over stock, maintenance, retirement, orders. */
const STAGES: readonly [string, number][] = [['in_use', 0.7], ['in_stock', 0.15], ['maintenance', 0.05], ['decommissioned', 0.05], ['on_order', 0.03], ['missing', 0.02]];

/**
 * The asset rows of the benchmark, always the same for a seed: several types and models (weighted), rooms of 6 sites,
 * 70 % in use with an assignee, unique tags and serials, purchase dates over 4.5 years, costs in EUR or USD by country,
 * typed attributes (one of them unique: the IMEI of phones).
 */
export function* assetSpecs(register: Register, count: number, seed: number): Generator<AssetSpec> {
  const rnd = randomSource(seed);
  const today = dateOf(new Date(), 'UTC');
  const models = register.models.flatMap((m) => Array.from({ length: m.weight }, () => m));
  const officeRooms = register.rooms.filter((r) => !r.server);
  const serverRooms = register.rooms.filter((r) => r.server);
  // Dates come from tables so that generating a row costs little next to importing it.
  const monthsAgo = Array.from({ length: 55 }, (_, m) => addMonths(today, -m));
  const plus36 = monthsAgo.map((d) => addMonths(d, 36));
  const eol = new Map<BenchModel, string[]>(register.models.map((m) => [m, monthsAgo.map((d) => addMonths(d, m.eolMonths))]));
  for (let n = 0; n < count; n++) {
    const model = rnd.pick(models);
    let r = rnd.next();
    const stage = STAGES.find(([, p]) => (r -= p) < 0)?.[0] ?? 'in_stock';
    const room = rnd.pick(model.type === 'server' ? serverRooms : officeRooms);
    const currency = room.siteIndex >= 4 ? 'USD' : 'EUR';
    const ago = rnd.int(1, 54);
    const purchaseDate = monthsAgo[ago]!;
    const costMinor = Math.round(model.cost * (0.9 + rnd.next() * 0.2) * 100);
    const tag = `${TAG_PREFIX[model.type]}-${String(n + 1).padStart(7, '0')}`;
    const attributes: AssetSpec['attributes'] = {};
    if (model.type === 'laptop' || model.type === 'desktop') {
      Object.assign(attributes, { ram_gb: rnd.pick([8, 16, 32, 64]), storage_gb: rnd.pick([256, 512, 1024]), encrypted: rnd.next() > 0.1, hostname: tag.toLowerCase() });
    } else if (model.type === 'monitor') attributes['size_inches'] = rnd.pick([24, 27, 32]);
    else if (model.type === 'phone') attributes['imei'] = `35${String(n).padStart(13, '0')}`;
    else Object.assign(attributes, { rack_units: rnd.pick([1, 2]), ram_gb: rnd.pick([256, 512]), hostname: tag.toLowerCase() });
    yield {
      tag, name: model.name, model, stage,
      serial: `${model.number}-${(Math.imul(n, 0x9e3779b1) >>> 0).toString(36).toUpperCase().padStart(7, '0')}`,
      room: stage === 'on_order' ? null : room, person: stage === 'in_use' ? rnd.pick(register.people) : null,
      dept: rnd.pick(register.departments), supplier: rnd.pick(register.suppliers), purchaseDate, costMinor, currency,
      cost: `${Math.floor(costMinor / 100)}.${String(costMinor % 100).padStart(2, '0')}`,
      orderReference: `PO-${purchaseDate.slice(0, 4)}-${rnd.int(1000, 99999)}`, warrantyEnd: plus36[ago]!,
      lastVerifiedOn: rnd.next() > 0.2 ? monthsAgo[rnd.int(0, 14)]! : null, attributes, eolDate: eol.get(model)![ago]!,
    };
  }
}

/** The rows as an import source (canonical column names, text cells, as a CSV reader would give them). */
export async function* importRows(register: Register, count: number, seed: number): AsyncGenerator<SourceRow> {
  let line = 1;
  for (const s of assetSpecs(register, count, seed)) {
    const cells: Record<string, string> = {
      tag: s.tag, name: s.name, type: s.model.type, model: s.model.name, serial: s.serial, stage: s.stage, location: s.room?.code ?? '',
      owner: s.dept.code, assigned_to: s.person?.email ?? '', purchase_date: s.purchaseDate, purchase_cost: s.cost, currency: s.currency,
      supplier: s.supplier.name, order_reference: s.orderReference, warranty_end: s.warrantyEnd, last_verified_on: s.lastVerifiedOn ?? '',
    };
    for (const [k, v] of Object.entries(s.attributes)) cells[`attr.${k}`] = String(v);
    line += 1;
    yield { line, cells };
  }
}

type Kind = 'text' | 'date' | 'int' | 'json' | 'ts';
/** The columns of the `assets` table, in order, for the raw baseline (same names, same kinds). */
export const RAW_COLUMNS: readonly [string, Kind][] = [
  ['id', 'text'], ['tag', 'text'], ['tag_key', 'text'], ['name', 'text'], ['asset_type_id', 'text'], ['lifecycle_model_id', 'text'], ['model_id', 'text'],
  ['manufacturer_id', 'text'], ['serial', 'text'], ['serial_key', 'text'], ['serial_scope', 'text'], ['stage', 'text'], ['owner_org_unit_id', 'text'],
  ['custodian_id', 'text'], ['assigned_person_id', 'text'], ['expected_return_date', 'date'], ['location_id', 'text'], ['purchase_date', 'date'],
  ['purchase_cost_minor', 'int'], ['purchase_currency', 'text'], ['supplier_id', 'text'], ['order_reference', 'text'], ['invoice_reference', 'text'],
  ['warranty_end', 'date'], ['eol_date', 'date'], ['services', 'json'], ['notes', 'text'], ['attributes', 'json'], ['last_verified_on', 'date'],
  ['version', 'int'], ['created_at', 'ts'], ['updated_at', 'ts'],
];

/** Same secondary indexes as the product's `assets` table. */
export const RAW_INDEXES: readonly string[][] = [
  ['location_id', 'stage', 'tag_key'], ['stage', 'tag_key'], ['asset_type_id', 'tag_key'], ['owner_org_unit_id'], ['assigned_person_id'],
  ['model_id'], ['name', 'id'], ['created_at', 'id'], ['updated_at', 'id'],
];
/** The partial indexes of the foreign keys whose parents can be deleted (migration 2026-12-02T0000). */
export const RAW_PARTIAL_INDEXES: readonly string[] = ['supplier_id', 'custodian_id', 'manufacturer_id'];

/** The same rows as positional values for RAW_COLUMNS: ids resolved, keys and JSON computed, as the importer stores them. */
export function* rawRows(register: Register, count: number, seed: number): Generator<unknown[]> {
  const now = new Date().toISOString();
  for (const s of assetSpecs(register, count, seed)) {
    yield [
      newId(), s.tag, tagKey(s.tag), s.name, s.model.typeId, s.model.lifecycleModelId, s.model.id, s.model.manufacturerId, s.serial, serialKey(s.serial),
      s.model.manufacturerId, s.stage, s.dept.id, null, s.person?.id ?? null, null, s.room?.id ?? null, s.purchaseDate, s.costMinor, s.currency,
      s.supplier.id, s.orderReference, null, s.warrantyEnd, s.eolDate, '[]', null, JSON.stringify(s.attributes),
      s.lastVerifiedOn, 1, now, now,
    ];
  }
}
