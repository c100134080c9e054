import { type ChainBreak, type StoredEventText, START, verifyChainBatch } from '@custodia/domain';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { ARRAY_ROWS } from '../sqlite.js';
import { sha256 } from './append-events.js';

// Small enough pages to die in the young generation: 5000 rows (about 10 MB with their text) were promoted first.
const PAGE = 1000;

export type ChainReport = { ok: true; events: number; headHash: string } | { ok: false; events: number; break: ChainBreak };

const COLUMNS = ['seq', 'entity_type', 'entity_id', 'action', 'actor', 'source', 'reason', 'request_id', 'occurred_at', 'changes', 'prev_hash', 'hash'] as const;
const SELECT = sql.raw(`${ARRAY_ROWS}select ${COLUMNS.join(', ')} from events where seq > `);

/** Re-computes the whole history chain from the first event and names the first edited, removed or reordered one. */
export async function verifyEventChain(db: Db): Promise<ChainReport> {
  // The head is read first and the chain verified up to it: events appended meanwhile (the server keeps writing) are
  // the next verification's, and cannot make this one see more events than the head it compares them with.
  const head = await db.selectFrom('event_chain').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirst();
  const upTo = head ? sql` and seq <= ${Number(head.last_seq)}` : sql``;
  let cursor = START;
  let count = 0;
  let lastSeq = 0;
  for (;;) {
    // SQLite answers arrays (ARRAY_ROWS: cheaper than an object per row), PostgreSQL objects; both are read by position.
    const { rows } = await sql<unknown[] | Record<string, unknown>>`${SELECT}${lastSeq}${upTo} order by seq limit ${PAGE}`.execute(db);
    if (rows.length === 0) break;
    // The stored `changes` text is hashed as it is (it is the canonical text the hash signed), so any change to its
    // bytes shows, and it need not be parsed and re-rendered.
    const events: StoredEventText[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const r = Array.isArray(row) ? row : COLUMNS.map((c) => row[c]);
      events[i] = {
        seq: Number(r[0]), entityType: r[1] as string, entityId: r[2] as string, action: r[3] as StoredEventText['action'], actor: r[4] as string,
        source: r[5] as StoredEventText['source'], reason: r[6] as string | null, requestId: r[7] as string | null, occurredAt: r[8] as string,
        changesText: r[9] as string, prevHash: r[10] as string, hash: r[11] as string,
      };
    }
    const result = verifyChainBatch(events, cursor, sha256);
    // The events of this page before the break were verified too: the sequence is contiguous up to it.
    if (!result.ok) return { ok: false, events: count + result.break.seq - cursor.expectedSeq, break: result.break };
    cursor = result.cursor;
    count += rows.length;
    lastSeq = events[events.length - 1]!.seq;
  }
  if (head && Number(head.last_seq) !== cursor.expectedSeq - 1) {
    return { ok: false, events: count, break: { kind: 'removed', seq: cursor.expectedSeq, message: `The chain head records ${head.last_seq} events but ${count} remain` } };
  }
  if (head && head.last_hash !== cursor.prevHash) {
    return { ok: false, events: count, break: { kind: 'edited', seq: cursor.expectedSeq - 1, message: 'The last event does not match the chain head' } };
  }
  // An event beyond the head is legitimate only if the head has moved past it since (an event and the head it moves
  // commit together): the event is looked for first, the head read again after.
  if (head) {
    const beyond = await db.selectFrom('events').select('seq').where('seq', '>', Number(head.last_seq)).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const now = beyond ? await db.selectFrom('event_chain').select('last_seq').where('id', '=', 1).executeTakeFirst() : undefined;
    if (beyond && Number(beyond.seq) > Number(now?.last_seq ?? 0)) {
      return { ok: false, events: count, break: { kind: 'reordered', seq: Number(beyond.seq), message: `Event ${beyond.seq} lies beyond the chain head` } };
    }
  }
  return { ok: true, events: count, headHash: cursor.prevHash };
}
