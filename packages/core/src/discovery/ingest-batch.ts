import type { DiscoverySettings } from '@custodia/contracts';
import { type Scope, identityOf } from '@custodia/domain';
import { appendEvents } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { asAppError } from '../shared/change.js';
import { withSavepoint } from '../shared/savepoint.js';
import { FIELD_SOURCE_OF, recordFieldSources } from './field-sources.js';
import { type IngestResult, type InventoryReceipt, applyInventory, tokenScopeOf } from './ingest-inventory.js';
import { lockDeviceIdentifiers } from './identity-locks.js';
import { networkPlaces } from '../reference/location-networks.js';

export interface IngestItem { ctx: Context; receipt: InventoryReceipt }
export type IngestOutcomeOrError = { ok: true; result: IngestResult } | { ok: false; error: unknown };

/**
 * Several inventories in one transaction (group commit): each is applied inside its own savepoint with its own history
 * events and field sources, so one that fails (a device of another org unit, a bad value) is rolled back alone and
 * answered with its error while the others commit together. On SQLite one durable commit per batch instead of per
 * inventory is what lets a fleet report at once; the state of each device and its history still commit together.
 */
export async function ingestInventories(ctx: Context, items: readonly IngestItem[], settings: DiscoverySettings): Promise<IngestOutcomeOrError[]> {
  if (!items.length) return [];
  const scopes = new Map<string | null, Scope>();
  for (const { receipt } of items) if (!scopes.has(receipt.orgUnitId)) scopes.set(receipt.orgUnitId, await tokenScopeOf(ctx, receipt.orgUnitId));
  // Read once for the batch: the locations' ranges are cached until a location changes.
  const places = await networkPlaces(ctx.database);
  const now = ctx.now().toISOString();
  return ctx.database.db.transaction().execute(async (tx) => {
    await lockDeviceIdentifiers(tx, items.map((item) => identityOf(item.receipt.snapshot)));
    const out: IngestOutcomeOrError[] = [];
    for (const [i, item] of items.entries()) {
      try {
        const result = await withSavepoint(tx, `inventory_${i}`, async () => {
          const { result, events, fieldSourcesAt } = await applyInventory(item.ctx, tx, item.receipt, settings, scopes.get(item.receipt.orgUnitId)!, places, now);
          await appendEvents(tx, events, { actor: item.ctx.actor, source: item.ctx.source, reason: null, requestId: item.ctx.requestId, occurredAt: now });
          await recordFieldSources(tx, events, item.ctx.fieldSource ?? FIELD_SOURCE_OF[item.ctx.source], item.ctx.actor, fieldSourcesAt);
          return result;
        });
        out.push({ ok: true, result });
      } catch (error) {
        out.push({ ok: false, error: asAppError(error) });
      }
    }
    return out;
  });
}
