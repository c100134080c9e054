import { type ChainBreak, type StoredEventText, START, verifyChainBatch } from '@custodia/domain';
import type { Db } from '../database.js';
import { sha256 } from './append-events.js';

// Small enough pages to die in the young generation: 5000 rows (about 10 MB with their text) were promoted first.
const PAGE = 1000;

export type ChainReport = { ok: true; events: number; headHash: string } | { ok: false; events: number; break: ChainBreak };

/** Re-computes the whole history chain from the first event and names the first edited, removed or reordered one. */
export async function verifyEventChain(db: Db): Promise<ChainReport> {
  let cursor = START;
  let count = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = await db.selectFrom('events').selectAll().where('seq', '>', lastSeq).orderBy('seq').limit(PAGE).execute();
    if (rows.length === 0) break;
    // The stored `changes` text is hashed as it is (it is the canonical text the hash signed), so any change to its
    // bytes shows, and it need not be parsed and re-rendered.
    const events: StoredEventText[] = rows.map((r) => ({
      seq: Number(r.seq), entityType: r.entity_type, entityId: r.entity_id, action: r.action as StoredEventText['action'], actor: r.actor,
      source: r.source as StoredEventText['source'], reason: r.reason, requestId: r.request_id, occurredAt: r.occurred_at,
      changesText: r.changes, prevHash: r.prev_hash, hash: r.hash,
    }));
    const result = verifyChainBatch(events, cursor, sha256);
    // The events of this page before the break were verified too: the sequence is contiguous up to it.
    if (!result.ok) return { ok: false, events: count + result.break.seq - cursor.expectedSeq, break: result.break };
    cursor = result.cursor;
    count += rows.length;
    lastSeq = Number(rows[rows.length - 1]!.seq);
  }
  const head = await db.selectFrom('event_chain').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirst();
  if (head && Number(head.last_seq) !== cursor.expectedSeq - 1) {
    return { ok: false, events: count, break: { kind: 'removed', seq: cursor.expectedSeq, message: `The chain head records ${head.last_seq} events but ${count} remain` } };
  }
  if (head && head.last_hash !== cursor.prevHash) {
    return { ok: false, events: count, break: { kind: 'edited', seq: cursor.expectedSeq - 1, message: 'The last event does not match the chain head' } };
  }
  return { ok: true, events: count, headHash: cursor.prevHash };
}
