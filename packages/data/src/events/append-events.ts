import { hash as digest } from 'node:crypto';
import { type EventAction, type EventContent, type EventSource, type FieldChanges, canonicalJson, chainTextOf } from '@custodia/domain';
import type { Transaction } from 'kysely';
import type { Tables } from '../schema.js';

export interface EventInput {
  entityType: string;
  entityId: string;
  action: EventAction;
  changes: FieldChanges;
}

export interface EventMeta {
  actor: string;
  source: EventSource;
  reason: string | null;
  requestId: string | null;
  occurredAt: string;
}

/** SHA-256 of the UTF-8 text, in hex (one-shot: cheaper than a Hash object per event). */
export const sha256 = (text: string): string => digest('sha256', text, 'hex');

const BATCH = 400;

/**
 * Appends events to the hash chain inside the caller's transaction, so the change and its history commit together.
 * The chain head row is updated first: on PostgreSQL that row lock serialises appenders; SQLite has one writer anyway.
 */
export async function appendEvents(trx: Transaction<Tables>, inputs: readonly EventInput[], meta: EventMeta): Promise<number> {
  if (inputs.length === 0) return 0;
  await trx.updateTable('event_chain').set((eb) => ({ last_seq: eb.ref('last_seq') })).where('id', '=', 1).execute();
  const head = await trx.selectFrom('event_chain').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  let seq = Number(head.last_seq);
  let prevHash = head.last_hash;
  const rows: Tables['events'][] = [];
  for (const input of inputs) {
    seq += 1;
    const content: Omit<EventContent, 'changes'> = {
      seq,
      entityType: input.entityType,
      entityId: input.entityId,
      action: input.action,
      actor: meta.actor,
      source: meta.source,
      reason: meta.reason,
      requestId: meta.requestId,
      occurredAt: meta.occurredAt,
      prevHash,
    };
    // The changes are rendered once: the stored text is exactly what the hash signs.
    const changes = canonicalJson(input.changes);
    const hash = sha256(chainTextOf(content, changes));
    rows.push({
      seq, entity_type: content.entityType, entity_id: content.entityId, action: content.action, actor: content.actor, source: content.source,
      reason: content.reason, request_id: content.requestId, occurred_at: content.occurredAt, changes, prev_hash: prevHash, hash,
    });
    prevHash = hash;
  }
  for (let i = 0; i < rows.length; i += BATCH) await trx.insertInto('events').values(rows.slice(i, i + BATCH)).execute();
  await trx.updateTable('event_chain').set({ last_seq: seq, last_hash: prevHash }).where('id', '=', 1).execute();
  return seq;
}
