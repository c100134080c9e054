import { canonicalJson, canonicalJsonWith } from './canonical.js';
import type { EventContent } from './event.js';

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

export type HashFn = (text: string) => string;

/** Text an event's hash is computed over: the previous hash and the event's canonical content. */
export function chainText(content: EventContent): string {
  return `${content.prevHash}\n${canonicalJson(content)}`;
}

/**
 * The same text, given `changes` as its canonical JSON (as the events table stores it): writers render the changes
 * once for both the hash and the row, and the verifier hashes the stored bytes without parsing and re-rendering them.
 */
export function chainTextOf(content: Omit<EventContent, 'changes'>, changesText: string): string {
  return `${content.prevHash}\n${canonicalJsonWith(content, { changes: changesText })}`;
}

export interface StoredEvent extends EventContent {
  hash: string;
}

/** A stored event whose `changes` are kept as the stored canonical text. */
export interface StoredEventText extends Omit<EventContent, 'changes'> {
  changesText: string;
  hash: string;
}

export type ChainBreak =
  | { kind: 'removed'; seq: number; message: string }
  | { kind: 'reordered'; seq: number; message: string }
  | { kind: 'edited'; seq: number; message: string };

/**
 * Walks events in storage order (by seq) and names the first one that was edited, removed or reordered.
 * Feed it in batches: pass the state returned by the previous call.
 */
export interface ChainCursor {
  expectedSeq: number;
  prevHash: string;
}

export const START: ChainCursor = { expectedSeq: 1, prevHash: GENESIS_HASH };

export function verifyChainBatch(
  events: readonly (StoredEvent | StoredEventText)[],
  cursor: ChainCursor,
  hash: HashFn,
): { ok: true; cursor: ChainCursor } | { ok: false; break: ChainBreak } {
  let { expectedSeq, prevHash } = cursor;
  for (const e of events) {
    if (e.seq !== expectedSeq) {
      const kind = e.seq > expectedSeq ? 'removed' : 'reordered';
      return { ok: false, break: { kind, seq: expectedSeq, message: `Event ${expectedSeq} is ${kind === 'removed' ? 'missing' : 'out of order'} (found ${e.seq})` } };
    }
    if (e.prevHash !== prevHash) {
      return { ok: false, break: { kind: 'reordered', seq: e.seq, message: `Event ${e.seq} does not follow the event before it` } };
    }
    const text = 'changesText' in e ? chainTextOf(withoutHash(e), e.changesText) : chainText(withoutHash(e));
    if (hash(text) !== e.hash) {
      return { ok: false, break: { kind: 'edited', seq: e.seq, message: `Event ${e.seq} was changed after it was written` } };
    }
    prevHash = e.hash;
    expectedSeq += 1;
  }
  return { ok: true, cursor: { expectedSeq, prevHash } };
}

function withoutHash<T extends { hash: string; changesText?: string }>(e: T): Omit<T, 'hash' | 'changesText'> {
  const { hash: _hash, changesText: _text, ...content } = e;
  return content;
}
