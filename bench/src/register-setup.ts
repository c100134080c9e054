import type { EventInput } from '@custodia/data';
import { type Context, catalogueModels, insertReference, locations, manufacturers, orgUnits, people, runChange, suppliers } from '@custodia/core';
import { type Random, randomSource } from './random.js';

/** The reference data the benchmark register holds; generated asset rows point into it. */
export interface Register {
  sites: { id: string; code: string }[];
  rooms: { id: string; code: string; siteIndex: number; server: boolean }[];
  departments: { id: string; code: string }[];
  /** Active people only: assets are assigned to active people. */
  people: { id: string; email: string }[];
  models: BenchModel[];
  suppliers: { id: string; name: string }[];
  types: Map<string, { id: string; lifecycleModelId: string }>;
  counts: { locations: number; orgUnits: number; people: number };
}

export interface BenchModel {
  type: string; manufacturer: string; name: string; number: string; eolMonths: number; cost: number; weight: number;
  id: string; typeId: string; lifecycleModelId: string; manufacturerId: string;
}

/** Three countries, two sites each, one building per site, three rooms per building: 33 locations in four levels. */
const COUNTRIES = [
  { code: 'FR', name: 'France', sites: [{ code: 'PAR', name: 'Paris La Défense' }, { code: 'LYS', name: 'Lyon Part-Dieu' }] },
  { code: 'DE', name: 'Germany', sites: [{ code: 'MUC', name: 'München Schwabing' }, { code: 'BER', name: 'Berlin Mitte' }] },
  { code: 'US', name: 'United States', sites: [{ code: 'NYC', name: 'New York Hudson Yards' }, { code: 'AUS', name: 'Austin Domain' }] },
] as const;
const ROOMS = [{ code: 'STO', name: 'Stockroom', server: false }, { code: 'FL1', name: 'Floor 1 open space', server: false }, { code: 'SRV', name: 'Server room', server: true }] as const;
const DEPARTMENTS = ['IT', 'Finance', 'Sales', 'Engineering', 'Human Resources', 'Operations'] as const;
const FIRST = ['Amélie', 'Lukas', 'Olivia', 'Noah', 'Yuki', 'Chloé', 'Jonas', 'Emma', 'Liam', 'Haruto', 'Léa', 'Felix', 'Sophia', 'Mason', 'Hugo', 'Mia', 'Ethan', 'Zoë', 'Inès', 'Finn'];
const LAST = ['Martin', 'Müller', 'Smith', 'Johnson', 'Sato', 'Bernard', 'Schmidt', 'Williams', 'Brown', 'Dubois', 'Schneider', 'Garcia', 'Durand', 'Fischer', 'Taylor', 'Weber'];
const SUPPLIERS = ['Bechtle', 'CDW', 'Computacenter', 'SHI International', 'Insight'] as const;
/** `weight`: share of the register, in percent (laptops 45, monitors 25, phones 18, desktops 10, servers 2). */
const MODELS = [
  { type: 'laptop', manufacturer: 'Lenovo', name: 'ThinkPad T14 Gen 5', number: '21ML', eolMonths: 48, cost: 1450, weight: 20 },
  { type: 'laptop', manufacturer: 'Dell', name: 'Latitude 7450', number: 'LAT7450', eolMonths: 48, cost: 1620, weight: 15 },
  { type: 'laptop', manufacturer: 'Apple', name: 'MacBook Pro 14" M4', number: 'MX2E3', eolMonths: 60, cost: 2299, weight: 10 },
  { type: 'desktop', manufacturer: 'HP', name: 'EliteDesk 800 G9', number: '6B0A', eolMonths: 60, cost: 980, weight: 10 },
  { type: 'monitor', manufacturer: 'Dell', name: 'UltraSharp U2724D', number: 'U2724D', eolMonths: 84, cost: 420, weight: 25 },
  { type: 'phone', manufacturer: 'Apple', name: 'iPhone 16', number: 'A3287', eolMonths: 36, cost: 899, weight: 10 },
  { type: 'phone', manufacturer: 'Samsung', name: 'Galaxy S25', number: 'SM-S931B', eolMonths: 36, cost: 849, weight: 8 },
  { type: 'server', manufacturer: 'Dell', name: 'PowerEdge R760', number: 'R760', eolMonths: 72, cost: 14200, weight: 1 },
  { type: 'server', manufacturer: 'HPE', name: 'ProLiant DL380 Gen11', number: 'P52534', eolMonths: 72, cost: 13800, weight: 1 },
] as const;

/** Creates org units, locations, people, manufacturers, suppliers and models in one change, with their history. */
export async function setupRegister(ctx: Context, peopleCount: number, seed: number): Promise<Register> {
  const rnd: Random = randomSource(seed);
  const types = new Map((await ctx.database.db.selectFrom('asset_types').select(['id', 'key', 'lifecycle_model_id']).execute())
    .map((t) => [t.key, { id: t.id, lifecycleModelId: t.lifecycle_model_id }]));
  return runChange(ctx, 'Benchmark register', async (tx, now) => {
    const events: EventInput[] = [];
    const ins = async (res: Parameters<typeof insertReference>[1], input: Record<string, unknown>): Promise<string> => {
      const r = await insertReference<{ id: string }>(tx, res, input, now);
      events.push(...r.events);
      return r.out.id;
    };
    const reg: Register = { sites: [], rooms: [], departments: [], people: [], models: [], suppliers: [], types, counts: { locations: 0, orgUnits: 1, people: peopleCount } };
    const group = await ins(orgUnits, { name: 'Acme Group', code: 'ACME', kind: 'company', parentId: null });
    for (const c of COUNTRIES) {
      const ou = await ins(orgUnits, { name: `Acme ${c.name}`, code: `ACME-${c.code}`, kind: 'country', parentId: group });
      for (const d of DEPARTMENTS) {
        const code = `${c.code}-${d.slice(0, 3).toUpperCase()}`;
        reg.departments.push({ id: await ins(orgUnits, { name: `${d} ${c.code}`, code, kind: 'department', parentId: ou }), code });
      }
      const country = await ins(locations, { name: c.name, code: c.code, kind: 'country', parentId: null });
      for (const s of c.sites) {
        const site = await ins(locations, { name: s.name, code: s.code, kind: 'site', parentId: country });
        reg.sites.push({ id: site, code: s.code });
        const building = await ins(locations, { name: `${s.name} – Building A`, code: `${s.code}-A`, kind: 'building', parentId: site });
        for (const r of ROOMS) {
          const code = `${s.code}-A-${r.code}`;
          reg.rooms.push({ id: await ins(locations, { name: r.name, code, kind: 'room', parentId: building }), code, siteIndex: reg.sites.length - 1, server: r.server });
        }
      }
    }
    reg.counts.locations = COUNTRIES.length + reg.sites.length * 2 + reg.rooms.length;
    reg.counts.orgUnits += COUNTRIES.length * (1 + DEPARTMENTS.length);
    const makers = new Map<string, string>();
    for (const m of new Set(MODELS.map((x) => x.manufacturer))) makers.set(m, await ins(manufacturers, { name: m, url: `https://www.${m.toLowerCase()}.com` }));
    for (const s of SUPPLIERS) reg.suppliers.push({ id: await ins(suppliers, { name: s }), name: s });
    for (const m of MODELS) {
      const type = types.get(m.type);
      if (!type) throw new Error(`Asset type ${m.type} is missing: was the register bootstrapped?`);
      const id = await ins(catalogueModels, { name: m.name, manufacturerId: makers.get(m.manufacturer), assetTypeId: type.id, modelNumber: m.number, defaultSpecs: {}, eolMonths: m.eolMonths });
      reg.models.push({ ...m, id, typeId: type.id, lifecycleModelId: type.lifecycleModelId, manufacturerId: makers.get(m.manufacturer)! });
    }
    for (let i = 0; i < peopleCount; i++) {
      const first = rnd.pick(FIRST);
      const last = rnd.pick(LAST);
      const email = `${first}.${last}.${i}@acme.example`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      const active = rnd.next() > 0.04;
      const id = await ins(people, { name: `${first} ${last}`, email, employeeNumber: `E${100000 + i}`, orgUnitId: rnd.pick(reg.departments).id, managerId: null, active });
      if (active) reg.people.push({ id, email });
    }
    return { result: reg, events };
  });
}
