import { AppError, type AssetUpdate } from '@custodia/contracts';
import { type Permission, covers, scopeOf } from '@custodia/domain';
import type { EventInput } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { applyTransition } from './apply-transition.js';
import { applyAssetUpdate } from './update-asset.js';

export interface BulkItemInput { id: string; version: number; transition?: { transition: string; evidence: Record<string, unknown>; policiesAcknowledged?: boolean | undefined } | undefined; set?: AssetUpdate | undefined }
export interface BulkItemResult { id: string; ok: boolean; version?: number; errors: { code: string; message: string; field?: string }[] }

class BulkRejected extends Error {
  constructor(readonly results: BulkItemResult[]) {
    super('bulk rejected');
  }
}

/**
 * assets.bulk alone changes nothing: an item's `set` needs assets.write and its `transition` assets.transition wherever
 * assets.bulk holds, as the same change sent for one asset would. Checked before anything is read or written.
 */
function assertItemPermissions(ctx: Context, items: BulkItemInput[]): void {
  const grants = ctx.access.grants;
  if (grants === null) return;
  const needed: Permission[] = [];
  if (items.some((i) => i.set)) needed.push('assets.write');
  if (items.some((i) => i.transition)) needed.push('assets.transition');
  for (const permission of needed) {
    if (!covers(scopeOf(grants, permission), ctx.access.scope)) throw new AppError('FORBIDDEN', `Changing assets in bulk needs the ${permission} permission wherever assets.bulk holds`);
  }
}

/**
 * Applies every item or none: each item is validated in order inside one transaction; if any fails, the
 * transaction rolls back and every item's verdict is reported. `dryRun` reports the verdicts and always rolls back.
 */
export async function bulkChangeAssets(ctx: Context, items: BulkItemInput[], options: { dryRun: boolean; reason?: string | undefined }) {
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw new AppError('VALIDATION_FAILED', `Asset ${item.id} appears twice`, { errors: [{ field: 'items', code: 'DUPLICATE_ITEM', message: item.id }] });
    if (!item.transition && !item.set) throw new AppError('VALIDATION_FAILED', 'Each item needs a transition or a set', { errors: [{ field: 'items', code: 'EMPTY_ITEM', message: item.id }] });
    ids.add(item.id);
  }
  assertItemPermissions(ctx, items);
  try {
    return await runChange(ctx, options.reason, async (tx, now) => {
      const results: BulkItemResult[] = [];
      const events: EventInput[] = [];
      let failed = false;
      for (const item of items) {
        // Items after a failed one are still checked, so the report names every problem at once.
        try {
          let version = item.version;
          if (item.set) {
            const r = await applyAssetUpdate(ctx, tx, item.id, version, item.set, now);
            events.push(...r.events);
            version = r.asset.version;
          }
          if (item.transition) {
            const r = await applyTransition(ctx, tx, item.id, version, item.transition.transition, item.transition.evidence, now, undefined, item.transition.policiesAcknowledged);
            events.push(...r.events);
            version = r.asset.version;
          }
          results.push({ id: item.id, ok: true, version, errors: [] });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          failed = true;
          results.push({ id: item.id, ok: false, errors: error.errors.length ? error.errors : [{ code: error.code, message: error.message }] });
        }
      }
      if (failed || options.dryRun) throw new BulkRejected(results);
      return { result: { applied: true, results }, events };
    });
  } catch (error) {
    if (error instanceof BulkRejected) {
      if (options.dryRun && error.results.every((r) => r.ok)) return { applied: false, results: error.results };
      // An item that does not exist for this caller (or lies outside their scope) fails the whole request as a 404, so a
      // bulk request cannot be used to probe which ids exist.
      if (error.results.some((r) => r.errors.some((e) => e.code === 'NOT_FOUND'))) throw new AppError('NOT_FOUND', 'One or more assets do not exist; no change was applied');
      throw new AppError('VALIDATION_FAILED', 'No change was applied: at least one item failed', { extra: { applied: false, results: error.results } });
    }
    throw error;
  }
}
