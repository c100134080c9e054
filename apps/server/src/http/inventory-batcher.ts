import type { Context, IngestItem, IngestResult } from '@custodia/core';
import { ingestInventories, readDiscoverySettings } from '@custodia/core';

const GROUP_WINDOW_MS = 5;

interface Waiting { item: IngestItem; resolve: (r: IngestResult) => void; reject: (e: unknown) => void }

/**
 * Gathers inventories that arrive together into one transaction (`ingestInventories`): while a batch is being written,
 * the next ones queue, and go in the following batch. An agent alone waits for nothing; a fleet reporting at once pays
 * one durable commit per batch instead of one per inventory. Each agent still gets its own answer or error.
 */
export class InventoryBatcher {
  private readonly queue: Waiting[] = [];
  private running = false;

  constructor(private readonly system: Context, private readonly maxBatch = 32) {}

  submit(item: IngestItem): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        // A few milliseconds let inventories being parsed right now join this batch (group commit); alone, an agent
        // waits no longer than that.
        await new Promise((r) => setTimeout(r, this.queue.length >= this.maxBatch ? 0 : GROUP_WINDOW_MS));
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const settings = await readDiscoverySettings(this.system.database.db);
          const results = await ingestInventories({ ...this.system, now: batch[0]!.item.ctx.now }, batch.map((w) => w.item), settings);
          results.forEach((r, i) => (r.ok ? batch[i]!.resolve(r.result) : batch[i]!.reject(r.error)));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
