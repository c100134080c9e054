import type { AssetListQuery } from '@custodia/contracts';
import { minorUnitDigits } from '@custodia/domain';
import { readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { listAssets } from '../assets/list-assets.js';
import { unitInScope } from '../shared/scope-sql.js';
import { resolveMonitoredDateFilter } from '../shared/monitored-dates-sql.js';

export interface ExportColumn { key: string; header: string }

const BASE_COLUMNS: ExportColumn[] = [
  { key: 'tag', header: 'Asset tag' }, { key: 'name', header: 'Name' }, { key: 'type', header: 'Type' }, { key: 'stage', header: 'Stage' },
  { key: 'model', header: 'Model' }, { key: 'manufacturer', header: 'Manufacturer' }, { key: 'serial', header: 'Serial' },
  { key: 'location', header: 'Location' }, { key: 'owner', header: 'Owner' }, { key: 'custodian', header: 'Custodian' }, { key: 'assigned_to', header: 'Assigned to' },
  { key: 'expected_return_date', header: 'Expected return' }, { key: 'purchase_date', header: 'Purchase date' }, { key: 'purchase_cost', header: 'Purchase cost' },
  { key: 'currency', header: 'Currency' }, { key: 'supplier', header: 'Supplier' }, { key: 'order_reference', header: 'Order reference' },
  { key: 'invoice_reference', header: 'Invoice reference' }, { key: 'warranty_end', header: 'Warranty end' }, { key: 'eol_date', header: 'End of life' },
  { key: 'services', header: 'Services' }, { key: 'notes', header: 'Notes' }, { key: 'last_verified_on', header: 'Last verified' },
];

/**
 * The register as export rows, streamed page by page (constant memory), with references shown the way the
 * importer reads them back: codes or names, people by e-mail. Attribute columns are `attr.<key>`.
 */
export async function exportAssetColumns(ctx: Context): Promise<ExportColumn[]> {
  const types = await ctx.database.db.selectFrom('asset_types').select(['attribute_schema']).orderBy('key').execute();
  const keys = new Set<string>();
  for (const t of types) for (const f of readJson<{ key: string }[]>(t.attribute_schema, [])) keys.add(f.key);
  return [...BASE_COLUMNS, ...[...keys].map((k) => ({ key: `attr.${k}`, header: `attr.${k}` }))];
}

async function nameMap(ctx: Context, table: 'asset_types' | 'catalogue_models' | 'manufacturers' | 'suppliers' | 'locations' | 'org_units', column: 'key' | 'name' | 'code') {
  const rows = await ctx.database.db.selectFrom(table).selectAll().execute();
  return new Map(rows.map((r) => [r.id, String((r as Record<string, unknown>)[column] ?? (r as Record<string, unknown>)['name'] ?? '')]));
}

/**
 * Refuses a filter naming what does not exist before the export starts: once the first bytes are sent, a refusal can
 * only break the download.
 */
export async function checkExportFilter(ctx: Context, filter: Pick<AssetListQuery, 'monitoredDate'>): Promise<void> {
  if (filter.monitoredDate) await resolveMonitoredDateFilter(ctx.database.db, filter.monitoredDate);
}

export async function* exportAssetRows(ctx: Context, filter: Omit<AssetListQuery, 'limit' | 'cursor' | 'includeTotal'>): AsyncGenerator<Record<string, unknown>> {
  const [types, models, manufacturers, suppliers, locations, orgUnits] = await Promise.all([
    nameMap(ctx, 'asset_types', 'key'), nameMap(ctx, 'catalogue_models', 'name'), nameMap(ctx, 'manufacturers', 'name'), nameMap(ctx, 'suppliers', 'name'),
    nameMap(ctx, 'locations', 'code'), nameMap(ctx, 'org_units', 'code'),
  ]);
  const personCache = new Map<string, string>();
  const person = async (id: string | null) => {
    if (!id) return null;
    if (!personCache.has(id)) {
      // A person outside the caller's scope is not named (as GET /people/{id} answers 404): the cell stays empty, which
      // an import of the file reads as "keep what the register holds".
      let q = ctx.database.db.selectFrom('people').select(['email', 'employee_number', 'name']).where('id', '=', id);
      if (ctx.access.scope.kind !== 'all') q = q.where((eb) => unitInScope(eb, 'people.org_unit_id', ctx.access.scope));
      const p = await q.executeTakeFirst();
      personCache.set(id, p ? p.email ?? p.employee_number ?? p.name : '');
      if (personCache.size > 50_000) personCache.clear();
    }
    return personCache.get(id) || null;
  };
  // One day for the whole export: a key-date filter must not change rules at midnight between two pages.
  const startedAt = ctx.now();
  const pageCtx: Context = { ...ctx, now: () => startedAt };
  let cursor: string | undefined;
  do {
    const page = await listAssets(pageCtx, { ...filter, limit: 1000, ...(cursor ? { cursor } : {}) } as AssetListQuery);
    for (const a of page.items) {
      const row: Record<string, unknown> = {
        tag: a.tag, name: a.name, type: types.get(a.assetTypeId), stage: a.stage, model: a.modelId ? models.get(a.modelId) : null,
        manufacturer: a.manufacturerId ? manufacturers.get(a.manufacturerId) : null, serial: a.serial, location: a.locationId ? locations.get(a.locationId) : null,
        owner: a.ownerOrgUnitId ? orgUnits.get(a.ownerOrgUnitId) : null, custodian: await person(a.custodianId), assigned_to: await person(a.assignedPersonId),
        expected_return_date: a.expectedReturnDate, purchase_date: a.purchaseDate,
        purchase_cost: a.purchaseCostMinor === null ? null : formatMinor(a.purchaseCostMinor, a.purchaseCurrency ?? ''), currency: a.purchaseCurrency,
        supplier: a.supplierId ? suppliers.get(a.supplierId) : null, order_reference: a.orderReference, invoice_reference: a.invoiceReference,
        warranty_end: a.warrantyEnd, eol_date: a.eolDate, services: a.services.join('; '), notes: a.notes, last_verified_on: a.lastVerifiedOn,
      };
      for (const [k, v] of Object.entries(a.attributes)) row[`attr.${k}`] = isMoney(v) ? `${formatMinor(v.amountMinor, v.currency)} ${v.currency}` : v;
      yield row;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const isMoney = (v: unknown): v is { amountMinor: number; currency: string } => typeof v === 'object' && v !== null && 'amountMinor' in v && 'currency' in v;

function formatMinor(minor: number, currency: string): string {
  const d = minorUnitDigits(currency);
  if (d === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(d + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -d)}.${s.slice(-d)}`;
}
