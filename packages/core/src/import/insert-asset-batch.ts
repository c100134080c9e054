import { creationChangesText, formatTag, tagKey } from '@custodia/domain';
import { type EventInput, type FieldCipher, insertRows, newId, writeJson } from '@custodia/data';
import { sealAttributes } from '../assets/sensitive.js';
import type { Tx } from '../shared/change.js';
import type { AssetCandidate } from './parse-asset-row.js';

const CHUNK = 400;

/** Reserves `count` numbers of a type's tag counter in one statement. */
async function reserveTags(tx: Tx, typeId: string, pattern: string, count: number): Promise<string[]> {
  const row = await tx.updateTable('asset_types').set((eb) => ({ tag_seq: eb('tag_seq', '+', count) })).where('id', '=', typeId).returning('tag_seq').executeTakeFirstOrThrow();
  const last = Number(row.tag_seq);
  return Array.from({ length: count }, (_, i) => formatTag(pattern, last - count + 1 + i));
}

/**
 * Inserts validated new assets in multi-row statements, generating missing tags from each type's counter (skipping
 * numbers taken by hand), with their assignment periods (starting on `today`, the organisation's date), unique-attribute
 * claims and one history event each.
 */
export async function insertAssetBatch(tx: Tx, batch: AssetCandidate[], ctx: { actor: string; now: string; today: string; cipher: FieldCipher; generated?: (c: AssetCandidate, tag: string) => void }): Promise<EventInput[]> {
  const tags = new Map<AssetCandidate, string>();
  const byType = new Map<string, AssetCandidate[]>();
  for (const c of batch) {
    if (c.input.tag) tags.set(c, c.input.tag);
    else {
      const list = byType.get(c.type.id);
      if (list) list.push(c);
      else byType.set(c.type.id, [c]);
    }
  }
  // A generated tag must not take one a row of this batch states (the register is checked below).
  const stated = new Set([...tags.values()].map(tagKey));
  for (const [typeId, list] of byType) {
    const pattern = list[0]!.type.tagPattern;
    let pending = list;
    while (pending.length) {
      const generated = await reserveTags(tx, typeId, pattern, pending.length);
      const keys = generated.map(tagKey);
      const taken = new Set([...(await tx.selectFrom('assets').select('tag_key').where('tag_key', 'in', keys).execute()).map((r) => r.tag_key), ...keys.filter((k) => stated.has(k))]);
      const next: AssetCandidate[] = [];
      pending.forEach((c, i) => {
        if (taken.has(keys[i]!)) next.push(c);
        else { tags.set(c, generated[i]!); ctx.generated?.(c, generated[i]!); }
      });
      pending = next;
    }
  }
  const today = ctx.today;
  const rows = [];
  const assignments = [];
  const uniques = [];
  const events: EventInput[] = [];
  for (const c of batch) {
    const id = newId();
    const d = c.input;
    const tag = tags.get(c)!;
    // Sensitive values are encrypted before they reach the row or the history event.
    const attributes = sealAttributes(ctx.cipher, c.type.schema, c.attributes);
    const row = {
      id, tag, tag_key: tagKey(tag), name: d.name, asset_type_id: c.type.id, lifecycle_model_id: c.type.lifecycleModelId, model_id: d.modelId ?? null,
      manufacturer_id: c.manufacturerId, serial: d.serial ?? null, serial_key: c.serialKey, serial_scope: c.serialScope, stage: c.stage,
      owner_org_unit_id: d.ownerOrgUnitId ?? null, custodian_id: d.custodianId ?? null, assigned_person_id: d.assignedPersonId ?? null,
      expected_return_date: d.expectedReturnDate ?? null, location_id: d.locationId ?? null, purchase_date: d.purchaseDate ?? null,
      purchase_cost_minor: d.purchaseCostMinor ?? null, purchase_currency: d.purchaseCurrency ?? null, supplier_id: d.supplierId ?? null,
      order_reference: d.orderReference ?? null, invoice_reference: d.invoiceReference ?? null, warranty_end: d.warrantyEnd ?? null, eol_date: c.eolDate,
      // Derived from the catalogue model unless the file gave it: it then follows the model as an API-created asset's does.
      eol_from_model: !d.eolDate && c.eolDate ? 1 : 0,
      services: writeJson(d.services ?? []), notes: d.notes ?? null, attributes: writeJson(attributes), last_verified_on: d.lastVerifiedOn ?? null,
      version: 1, created_at: ctx.now, updated_at: ctx.now,
    };
    rows.push(row);
    if (row.assigned_person_id) {
      assignments.push({ id: newId(), asset_id: id, person_id: row.assigned_person_id, started_on: today, expected_return_date: row.expected_return_date, ended_on: null, operator: ctx.actor, created_at: ctx.now });
    }
    for (const u of c.unique) uniques.push({ asset_type_id: c.type.id, field_key: u.field, value_key: u.valueKey, asset_id: id });
    // Rendered directly as the canonical JSON of diffRecords(null, record): the same bytes as the API's create event.
    events.push({
      entityType: 'asset', entityId: id, action: 'import',
      changesText: creationChangesText({
        tag, name: d.name, assetTypeId: c.type.id, lifecycleModelId: c.type.lifecycleModelId, modelId: row.model_id, manufacturerId: row.manufacturer_id, serial: row.serial,
        stage: c.stage, ownerOrgUnitId: row.owner_org_unit_id, custodianId: row.custodian_id, assignedPersonId: row.assigned_person_id,
        expectedReturnDate: row.expected_return_date, locationId: row.location_id, purchaseDate: row.purchase_date, purchaseCostMinor: row.purchase_cost_minor,
        purchaseCurrency: row.purchase_currency, supplierId: row.supplier_id, orderReference: row.order_reference, invoiceReference: row.invoice_reference,
        warrantyEnd: row.warranty_end, eolDate: row.eol_date, services: d.services ?? [], notes: row.notes, attributes, lastVerifiedOn: row.last_verified_on,
      }),
    });
  }
  // Multi-row INSERTs whose text is built once per shape (see insertRows), not compiled by Kysely per chunk.
  for (let i = 0; i < rows.length; i += CHUNK) await insertRows(tx, 'assets', rows.slice(i, i + CHUNK));
  for (let i = 0; i < assignments.length; i += CHUNK) await insertRows(tx, 'assignments', assignments.slice(i, i + CHUNK));
  for (let i = 0; i < uniques.length; i += CHUNK) await insertRows(tx, 'asset_unique_values', uniques.slice(i, i + CHUNK));
  return events;
}
