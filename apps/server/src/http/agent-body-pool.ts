import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { InventoryLimits } from '@custodia/data';
import { type AgentBody, parseAgentBody, reviveError } from './agent-body.js';

/**
 * Parses agent bodies in a pool of worker threads (started at the first inventory), so the event loop keeps answering
 * people and writing to the database while a fleet reports. By default one core is left to the event loop (one less
 * than the cores, at least one thread); a server that mostly receives inventories can use every core
 * (CUSTODIA_INVENTORY_PARSERS): more inventories per second, for more memory (a heap per thread) and slower pages
 * while a fleet reports. Without a built worker (sources never compiled), it parses in the calling thread instead.
 */
export class AgentBodyParser {
  private pool: Piscina | null = null;
  private readonly worker: string | null;

  constructor(private readonly limits: InventoryLimits, private readonly threads = Math.max(1, availableParallelism() - 1)) {
    // Next to this file when built; from the sources (tests), the build of the same file.
    const candidates = ['./agent-body.worker.js', '../../dist/http/agent-body.worker.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
    this.worker = candidates.find((c) => existsSync(c)) ?? null;
  }

  // Workers get no Node options of the parent: a test runner's export conditions would make them load TypeScript
  // sources, and per-process flags (heap size) are refused in workers.
  async parse(body: Buffer, userAgent: string | null): Promise<AgentBody> {
    if (!this.worker) return parseAgentBody(body, userAgent, this.limits);
    this.pool ??= new Piscina({ filename: this.worker, minThreads: 1, maxThreads: this.threads, idleTimeout: 60_000, execArgv: [] });
    // The body moves to the worker (a private copy is transferred, not cloned).
    const copy = new Uint8Array(body);
    const result = await this.pool.run({ body: copy, userAgent, limits: this.limits }, { transferList: [copy.buffer] }) as { ok: true; value: AgentBody } | { ok: false; error: Parameters<typeof reviveError>[0] };
    if (!result.ok) throw reviveError(result.error);
    return result.value;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
