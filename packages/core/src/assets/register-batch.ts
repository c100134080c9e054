import { AppError, type AssetCreate } from '@custodia/contracts';
import type { EventInput } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, asAppError, runChange } from '../shared/change.js';
import { withSavepoint } from '../shared/savepoint.js';
import { insertAsset } from './create-asset.js';

export interface BatchItemInput { serial?: string | null | undefined; tag?: string | undefined; name?: string | undefined; attributes?: Record<string, unknown> | undefined }
export interface BatchItemResult { index: number; ok: boolean; id?: string; tag?: string; errors: { code: string; message: string; field?: string }[] }
export type BatchTemplate = Omit<AssetCreate, 'tag' | 'serial'>;

class BatchRejected extends Error {
  constructor(readonly results: BatchItemResult[]) {
    super('batch rejected');
  }
}

/**
 * Inserts one asset per item, each the template plus its own serial (tag, name or attributes), inside `tx`. Every item
 * is checked, each inside a savepoint so that one failing (a serial already registered, say) leaves the others
 * checkable; the results name every problem with its item's position. The caller commits only if all are ok.
 */
export async function insertBatchItems(ctx: Context, tx: Tx, template: BatchTemplate, items: readonly BatchItemInput[], now: string): Promise<{ results: BatchItemResult[]; events: EventInput[] }> {
  const results: BatchItemResult[] = [];
  const events: EventInput[] = [];
  for (const [index, item] of items.entries()) {
    try {
      const input: AssetCreate = {
        ...template, ...(item.tag ? { tag: item.tag } : {}), serial: item.serial ?? null, name: item.name ?? template.name,
        attributes: { ...(template.attributes ?? {}), ...(item.attributes ?? {}) },
      };
      const created = await withSavepoint(tx, `batch_item_${index}`, () => insertAsset(ctx, tx, input, now));
      events.push(...created.events);
      results.push({ index, ok: true, id: created.asset.id, tag: created.asset.tag, errors: [] });
    } catch (caught) {
      const error = asAppError(caught);
      if (!(error instanceof AppError)) throw error;
      results.push({ index, ok: false, errors: error.errors.length ? error.errors : [{ code: error.code, message: error.message }] });
    }
  }
  return { results, events };
}

/** The refusal of a batch with failed items: nothing was registered, and each failed item is named. */
export function batchRefusal(results: BatchItemResult[]): AppError {
  const failed = results.filter((r) => !r.ok).length;
  return new AppError('VALIDATION_FAILED', `No asset was registered: ${failed} of ${results.length} item${results.length === 1 ? '' : 's'} failed`, { extra: { applied: false, results } });
}

/**
 * Registers a delivery: one asset per item (`insertBatchItems`), all in one transaction or none.
 * `dryRun` reports the verdicts, and the tags the assets would take, and always rolls back.
 */
export async function registerBatch(ctx: Context, template: BatchTemplate, items: BatchItemInput[], options: { dryRun: boolean; reason?: string | undefined }) {
  try {
    return await runChange(ctx, options.reason, async (tx, now) => {
      const { results, events } = await insertBatchItems(ctx, tx, template, items, now);
      if (options.dryRun || results.some((r) => !r.ok)) throw new BatchRejected(results);
      return { result: { applied: true, results }, events };
    });
  } catch (error) {
    if (!(error instanceof BatchRejected)) throw error;
    if (options.dryRun && error.results.every((r) => r.ok)) return { applied: false, results: error.results };
    throw batchRefusal(error.results);
  }
}
