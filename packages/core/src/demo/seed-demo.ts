import { AppError } from '@custodia/contracts';
import type { EventInput } from '@custodia/data';
import { addDays, addMonths } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { todayOf } from '../shared/today.js';
import { runChange } from '../shared/change.js';
import { insertReference } from '../reference/crud.js';
import { catalogueModels, locations, manufacturers, orgUnits, people, suppliers } from '../reference/resources.js';
import { importAssets } from '../import/import-assets.js';
import type { SourceRow } from '../import/source-row.js';
import {
  DEMO_COUNTRIES, DEMO_DEPARTMENTS, DEMO_FIRST_NAMES, DEMO_LAST_NAMES, DEMO_MODELS, DEMO_SITE_CONTACT_ROLE, DEMO_SOFTWARE, DEMO_SUPPLIERS, DEMO_SUPPORT_CONTRACTS, DEMO_USAGE_POLICY, randomSource,
} from './demo-data.js';
import { coverDemoAssets, supportContractRows } from './demo-contracts.js';

export interface SeedDemoOptions { assets: number; people: number; seed: number }

/**
 * Fills an empty register with a sample organisation: org units and locations over five countries, people with
 * managers (one of them each site's local IT contact), manufacturers, models, suppliers, then assets in realistic
 * stages (most in use, some in stock, maintenance, decommissioned, missing) imported through the normal importer,
 * history included; from a hundred assets on, licences, subscriptions and support contracts covering some of the
 * laptops and servers.
 */
export async function seedDemo(ctx: Context, options: SeedDemoOptions) {
  await assertEmptyRegister(ctx);
  const rnd = randomSource(options.seed);
  const today = todayOf(ctx);
  const made = await runChange(ctx, 'Demo register', async (tx, now) => {
    const events: EventInput[] = [];
    const ins = async <T extends { id: string }>(res: Parameters<typeof insertReference>[1], input: Record<string, unknown>) => {
      const r = await insertReference<T>(tx, res, input, now);
      events.push(...r.events);
      return r.out;
    };
    const group = await ins(orgUnits, { name: 'Acme Group', code: 'ACME', kind: 'company', parentId: null });
    const rooms: { code: string; country: string }[] = [];
    const departments: { id: string; code: string; country: string }[] = [];
    const people_: { id: string; email: string; country: string; department: string; active: boolean }[] = [];
    for (const c of DEMO_COUNTRIES) {
      const ou = await ins(orgUnits, { name: `Acme ${c.name}`, code: `ACME-${c.code}`, kind: 'country', parentId: group.id });
      for (const d of DEMO_DEPARTMENTS) {
        const code = `${c.code}-${d.slice(0, 3).toUpperCase()}`;
        const dep = await ins(orgUnits, { name: `${d} ${c.code}`, code, kind: 'department', parentId: ou.id });
        departments.push({ id: dep.id, code, country: c.code });
      }
    }
    // Each person works in a department; the first person of a department heads it and manages the others.
    const heads = new Map<string, string>();
    for (let i = 0; i < options.people; i++) {
      const dep = rnd.pick(departments);
      const first = rnd.pick(DEMO_FIRST_NAMES);
      const last = rnd.pick(DEMO_LAST_NAMES);
      const email = `${first}.${last}.${i}@acme.example`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      const head = heads.get(dep.id);
      const active = head === undefined || rnd.next() > 0.04;
      const person = await ins<{ id: string }>(people, { name: `${first} ${last}`, email, employeeNumber: `E${String(10000 + i)}`, orgUnitId: dep.id, managerId: head ?? null, active });
      if (head === undefined) heads.set(dep.id, person.id);
      people_.push({ id: person.id, email, country: dep.country, department: dep.code, active });
    }
    for (const c of DEMO_COUNTRIES) {
      const country = await ins(locations, { name: c.name, code: c.code, kind: 'country', parentId: null });
      for (const [n, s] of c.sites.entries()) {
        const contact = siteContact(people_, c.code, n);
        const site = await ins(locations, {
          name: s.name, code: s.code, kind: 'site', parentId: country.id, latitude: s.lat, longitude: s.lon,
          contacts: contact ? [{ personId: contact.id, role: DEMO_SITE_CONTACT_ROLE, phone: s.phone, notes: null }] : [],
        });
        const building = await ins(locations, { name: `${s.name} – Building A`, code: `${s.code}-A`, kind: 'building', parentId: site.id });
        for (const room of ['Stockroom', 'Floor 1 open space', 'Floor 2 open space', 'Server room']) {
          const code = `${s.code}-A-${room.split(' ')[0]!.slice(0, 3).toUpperCase()}${room.includes('2') ? '2' : ''}`;
          await ins(locations, { name: room, code, kind: room === 'Server room' ? 'room' : 'room', parentId: building.id });
          rooms.push({ code, country: c.code });
        }
      }
    }
    const makers = new Map<string, string>();
    for (const m of new Set(DEMO_MODELS.map((x) => x.manufacturer))) makers.set(m, (await ins(manufacturers, { name: m, url: `https://www.${m.toLowerCase()}.com` })).id);
    for (const s of DEMO_SUPPLIERS) await ins(suppliers, { name: s });
    const types = new Map((await tx.selectFrom('asset_types').select(['id', 'key']).execute()).map((t) => [t.key, t.id]));
    for (const m of DEMO_MODELS) {
      await ins(catalogueModels, { name: m.name, manufacturerId: makers.get(m.manufacturer), assetTypeId: types.get(m.type), modelNumber: m.number, defaultSpecs: {}, eolMonths: m.eolMonths, substitutionGroup: 'group' in m ? m.group : null, ...(m.type === 'laptop' || m.type === 'phone' ? { usagePolicy: DEMO_USAGE_POLICY[m.type] } : {}) });
    }
    return { result: { rooms, departments, people: people_ }, events };
  });

  const rows: SourceRow[] = [];
  const stages = [['in_use', 0.72], ['in_stock', 0.14], ['maintenance', 0.04], ['decommissioned', 0.05], ['on_order', 0.03], ['missing', 0.02]] as const;
  const activePeople = made.people.filter((p) => p.active);
  const peopleByCountry = new Map<string, typeof activePeople>();
  for (const p of activePeople) {
    const list = peopleByCountry.get(p.country) ?? [];
    list.push(p);
    peopleByCountry.set(p.country, list);
  }
  // From a hundred assets on, the last rows are the organisation's licences, subscriptions and support contracts
  // instead of hardware.
  const software = options.assets >= 100 ? DEMO_SOFTWARE : [];
  const contracts = options.assets >= 100 ? DEMO_SUPPORT_CONTRACTS.length : 0;
  const hardware = options.assets - software.length - contracts;
  for (let i = 0; i < hardware; i++) {
    const m = rnd.pick(DEMO_MODELS);
    let r = rnd.next();
    const stage = stages.find(([, p]) => (r -= p) < 0)?.[0] ?? 'in_stock';
    const countryCode = rnd.pick(made.rooms).country;
    const country = DEMO_COUNTRIES.find((c) => c.code === countryCode)!;
    const room = rnd.pick(made.rooms.filter((x) => x.country === country.code && (m.type === 'server' ? x.code.endsWith('SER') : !x.code.endsWith('SER'))));
    const purchase = addMonths(today, -rnd.int(1, 54));
    const cost = Math.round(m.cost * (0.9 + rnd.next() * 0.2) * (country.currency === 'JPY' ? 150 : 1));
    const cells: Record<string, string> = {
      name: `${m.name}`, type: m.type, model: m.name, serial: `${m.number}-${(i * 7919 + options.seed).toString(36).toUpperCase().padStart(7, '0')}`,
      stage: stage === 'on_order' ? 'on_order' : stage, location: stage === 'on_order' ? '' : room.code, owner: rnd.pick(made.departments.filter((d) => d.country === country.code)).code,
      purchase_date: purchase, purchase_cost: String(cost), currency: country.currency, supplier: rnd.pick(DEMO_SUPPLIERS),
      order_reference: `PO-${purchase.slice(0, 4)}-${String(rnd.int(1000, 99999))}`, warranty_end: addMonths(purchase, 36),
      last_verified_on: rnd.next() > 0.2 ? addMonths(today, -rnd.int(0, 14)) : '',
      // Invoiced once received, but about one in thirteen without its invoice recorded (the "no proof of purchase" check
      // then has something to find). Derived from the row number: the random sequence, and so the rest of the demo, stays.
      invoice_reference: stage !== 'on_order' && i % 13 !== 5 ? `INV-${purchase.slice(0, 4)}-${String(((i * 7907 + options.seed) % 90000) + 10000)}` : '',
    };
    // Assigned to someone working in the asset's country, when the country has anyone.
    const local = peopleByCountry.get(country.code) ?? [];
    if (stage === 'in_use' && m.type !== 'server') cells['assigned_to'] = rnd.pick(local.length ? local : activePeople).email;
    if (m.type === 'laptop' || m.type === 'desktop') Object.assign(cells, { 'attr.ram_gb': String(rnd.pick([8, 16, 32, 64])), 'attr.storage_gb': String(rnd.pick([256, 512, 1024])), 'attr.encrypted': rnd.next() > 0.1 ? 'true' : 'false' });
    if (m.type === 'phone') cells['attr.imei'] = String(350000000000000 + i * 13 + options.seed);
    rows.push({ line: i + 2, cells });
  }
  software.forEach((x, k) => {
    const country = DEMO_COUNTRIES[k % DEMO_COUNTRIES.length]!;
    const due = addDays(today, x.dueInDays);
    const cells: Record<string, string> = {
      name: x.product, type: x.type, stage: x.type === 'software_licence' ? 'available' : 'active',
      owner: made.departments.find((d) => d.country === country.code && d.code.endsWith('-IT'))?.code ?? made.departments[0]!.code,
      // Bought a whole number of yearly terms before the date, the last one started already: never after today.
      purchase_date: addMonths(due, -12 * Math.max(1, Math.ceil(x.dueInDays / 365))), purchase_cost: String(x.cost * x.seats), currency: country.currency === 'JPY' ? 'USD' : country.currency,
      supplier: DEMO_SUPPLIERS[k % DEMO_SUPPLIERS.length]!, invoice_reference: `INV-${due.slice(0, 4)}-S${String(k + 1).padStart(3, '0')}`,
      'attr.seats': String(x.seats), [x.type === 'software_licence' ? 'attr.expires_on' : 'attr.renewal_date']: due,
    };
    if (x.type === 'software_licence') cells['attr.product'] = x.product;
    rows.push({ line: hardware + k + 2, cells });
  });
  if (contracts) rows.push(...supportContractRows(today, made.departments, hardware + software.length + 2));
  async function* source() { yield* rows; }
  const report = await importAssets({ ...ctx, source: 'import' }, source(), { mode: 'create', dryRun: false, fileName: `seed-demo-${options.seed}`, fileSha256: `seed-demo-${options.seed}-${options.assets}-${ctx.now().toISOString()}` });
  const covered = contracts ? await coverDemoAssets(ctx) : 0;
  return { people: made.people.length, locations: made.rooms.length, assets: report.created, covered };
}

/**
 * The site IT contact of a country's `n`-th site: an active person of the country's IT department (another one for
 * each site while there are enough), else of the country, else anyone active; none in a demo without people.
 */
function siteContact<P extends { country: string; department: string; active: boolean }>(all: readonly P[], country: string, n: number): P | undefined {
  const active = all.filter((p) => p.active);
  const it = active.filter((p) => p.department === `${country}-IT`);
  const local = active.filter((p) => p.country === country);
  const pool = it.length ? it : local.length ? local : active;
  return pool[n % Math.max(pool.length, 1)];
}

const HELD = [['assets', 'asset', 'assets'], ['people', 'person', 'people'], ['locations', 'location', 'locations'], ['org_units', 'org unit', 'org units']] as const;

/** Demo records mixed into a real register could not be told apart from it: seeding needs a register without any. */
async function assertEmptyRegister(ctx: Context): Promise<void> {
  const held: string[] = [];
  for (const [table, one, many] of HELD) {
    const n = Number((await ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    if (n) held.push(`${n} ${n === 1 ? one : many}`);
  }
  if (held.length) throw new AppError('CONFLICT', `The register already holds ${held.join(', ')}; seed-demo only fills an empty register`);
}
