import { AppError } from '@custodia/contracts';
import type { InventoryLimits } from '@custodia/data';
import { type AgentBody, type SerialisedError, parseAgentBody, serialiseError } from './agent-body.js';

/** Runs in a worker thread (Piscina): parsing an inventory takes milliseconds of CPU the event loop should not spend. */
export default function parse(task: { body: Uint8Array; userAgent: string | null; limits: InventoryLimits }): { ok: true; value: AgentBody } | { ok: false; error: SerialisedError } {
  try {
    return { ok: true, value: parseAgentBody(task.body, task.userAgent, task.limits) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: serialiseError(error) };
    throw error;
  }
}
