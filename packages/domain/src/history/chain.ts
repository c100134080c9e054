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
  const c = content as Omit<EventContent, 'changes'> & Record<string, unknown>;
  // The common shape (exactly the fields of an event, each a string, null or finite seq) is rendered by a template: the
  // same bytes as canonicalJsonWith, without sorting keys and stringifying the key names for every event. Anything
  // else (an extra or missing member, an undefined value) takes the general path.
  if (hasEventShape(c, EVENT_KEYS)) return templateText(c, changesText);
  return `${content.prevHash}\n${canonicalJsonWith(content, { changes: changesText })}`;
}

function templateText(c: Record<string, unknown>, changesText: string): string {
  return `${c['prevHash'] as string}\n{"action":${str(c['action'])},"actor":${str(c['actor'])},"changes":${changesText},"entityId":${str(c['entityId'])},`
    + `"entityType":${str(c['entityType'])},"occurredAt":${str(c['occurredAt'])},"prevHash":${str(c['prevHash'])},"reason":${strOrNull(c['reason'])},`
    + `"requestId":${strOrNull(c['requestId'])},"seq":${JSON.stringify(c['seq'])},"source":${str(c['source'])}}`;
}

const EVENT_KEYS = 10; // seq, entityType, entityId, action, actor, source, reason, requestId, occurredAt, prevHash
const STORED_KEYS = 12; // the same, with hash and changesText (checked to be present by the caller's type and below)

/**
 * Whether `c` has exactly the members of an event's content (plus `hash` and `changesText` for a stored one), each of
 * the type the template renders: then the template gives the bytes canonicalJsonWith gives.
 */
function hasEventShape(c: Record<string, unknown>, keys: number): boolean {
  if (keys === STORED_KEYS && (typeof c['hash'] !== 'string' || typeof c['changesText'] !== 'string')) return false;
  if (typeof c['seq'] !== 'number' || !Number.isFinite(c['seq'])) return false;
  if (typeof c['action'] !== 'string' || typeof c['actor'] !== 'string' || typeof c['entityId'] !== 'string' || typeof c['entityType'] !== 'string'
    || typeof c['occurredAt'] !== 'string' || typeof c['prevHash'] !== 'string' || typeof c['source'] !== 'string') return false;
  if (c['reason'] !== null && typeof c['reason'] !== 'string') return false;
  if (c['requestId'] !== null && typeof c['requestId'] !== 'string') return false;
  let n = 0;
  for (const k in c) {
    if (!Object.hasOwn(c, k)) continue;
    if (k === 'changes') return false;
    n++;
  }
  return n === keys;
}

// JSON string literals: printable ASCII without quote or backslash needs no escaping (ids, hashes, times, most names);
// quoting it directly gives JSON.stringify's text at a fraction of its cost.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const str = (value: unknown): string => (PLAIN.test(value as string) ? `"${value as string}"` : JSON.stringify(value as string));
const strOrNull = (s: unknown): string => (s === null ? 'null' : str(s));

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
    const text = 'changesText' in e ? storedChainText(e) : chainText(withoutHash(e));
    if (hash(text) !== e.hash) {
      return { ok: false, break: { kind: 'edited', seq: e.seq, message: `Event ${e.seq} was changed after it was written` } };
    }
    prevHash = e.hash;
    expectedSeq += 1;
  }
  return { ok: true, cursor: { expectedSeq, prevHash } };
}

/** chainTextOf for a stored event, by the template when its members have the usual shape (no copy without the hash). */
function storedChainText(e: StoredEventText): string {
  const c = e as StoredEventText & Record<string, unknown>;
  if (hasEventShape(c, STORED_KEYS)) return templateText(c, e.changesText);
  return chainTextOf(withoutHash(e), e.changesText);
}

function withoutHash<T extends { hash: string; changesText?: string }>(e: T): Omit<T, 'hash' | 'changesText'> {
  const { hash: _hash, changesText: _text, ...content } = e;
  return content;
}
