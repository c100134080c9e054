import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ChainCursor, GENESIS_HASH, START, type StoredEvent, chainText, chainTextOf, verifyChainBatch } from './chain.js';
import { canonicalJson, canonicalJsonWith } from './canonical.js';
import type { EventContent } from './event.js';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

/** A valid chain of n events, as the data layer writes it. */
function buildChain(n: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: EventContent = {
      seq, entityType: 'asset', entityId: `00000000-0000-4000-8000-${String(seq % 3).padStart(12, '0')}`, action: seq === 1 ? 'create' : 'update',
      actor: 'admin', source: 'api', reason: seq % 2 ? null : `change ${seq}`, requestId: null,
      occurredAt: `2025-06-15T10:00:${String(seq).padStart(2, '0')}.000Z`, changes: { name: { before: `v${seq - 1}`, after: `v${seq}` } }, prevHash,
    };
    const hash = sha256(chainText(content));
    events.push({ ...content, hash });
    prevHash = hash;
  }
  return events;
}

const verify = (events: StoredEvent[], cursor: ChainCursor = START) => verifyChainBatch(events, cursor, sha256);
const breakOf = (events: StoredEvent[]) => {
  const r = verify(events);
  return r.ok ? null : { kind: r.break.kind, seq: r.break.seq };
};

describe('verifyChainBatch', () => {
  const chain = buildChain(12);

  it('accepts an intact chain and returns where it ended', () => {
    expect(verify(chain)).toEqual({ ok: true, cursor: { expectedSeq: 13, prevHash: chain[11]!.hash } });
  });

  it('accepts an empty batch without moving the cursor', () => {
    expect(verify([])).toEqual({ ok: true, cursor: START });
  });

  it('signs the previous hash: chainText starts with it', () => {
    const { hash: _h, ...content } = chain[4]!;
    expect(chainText(content).startsWith(`${chain[3]!.hash}\n`)).toBe(true);
  });

  it.each([[[5, 10]], [[1, 2, 3]], [[4]], [[0, 12]]])('accepts the chain fed in batches split at %j', (cuts) => {
    let cursor = START;
    const bounds = [0, ...cuts, chain.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const r = verify(chain.slice(bounds[i], bounds[i + 1]), cursor);
      if (!r.ok) expect.fail(r.break.message);
      cursor = r.cursor;
    }
    expect(cursor).toEqual({ expectedSeq: 13, prevHash: chain[11]!.hash });
  });

  it('refuses a later batch checked without the cursor of the batch before', () => {
    const r = verify(chain.slice(6));
    expect(r.ok ? null : r.break.kind).toBe('removed');
    const forged = verify(chain.slice(6), { expectedSeq: 7, prevHash: GENESIS_HASH });
    expect(forged.ok ? null : [forged.break.kind, forged.break.seq]).toEqual(['reordered', 7]);
  });

  it('detects an edited event at its seq', () => {
    const edited = chain.map((e) => (e.seq === 5 ? { ...e, changes: { name: { before: 'v4', after: 'tampered' } } } : e));
    expect(breakOf(edited)).toEqual({ kind: 'edited', seq: 5 });
    const reattributed = chain.map((e) => (e.seq === 9 ? { ...e, actor: 'someone-else' } : e));
    expect(breakOf(reattributed)).toEqual({ kind: 'edited', seq: 9 });
  });

  it('detects an edit even when the tampered event was re-hashed', () => {
    const rehashed = chain.map((e) => {
      if (e.seq !== 5) return e;
      const { hash: _h, ...content } = { ...e, reason: 'cover-up' };
      return { ...content, hash: sha256(chainText(content)) };
    });
    expect(breakOf(rehashed)).toEqual({ kind: 'reordered', seq: 6 });
  });

  it('detects an edit found only in a later batch, at the right seq', () => {
    const edited = chain.map((e) => (e.seq === 10 ? { ...e, entityId: 'other' } : e));
    const first = verify(edited.slice(0, 6));
    if (!first.ok) expect.fail('first batch is intact');
    const second = verify(edited.slice(6), first.cursor);
    expect(second.ok ? null : [second.break.kind, second.break.seq]).toEqual(['edited', 10]);
  });

  it('detects a removed event, naming the missing seq', () => {
    expect(breakOf(chain.filter((e) => e.seq !== 4))).toEqual({ kind: 'removed', seq: 4 });
    expect(breakOf(chain.filter((e) => e.seq !== 1))).toEqual({ kind: 'removed', seq: 1 });
    const r = verify(chain.filter((e) => e.seq !== 4));
    expect(!r.ok && r.break.message).toContain('4');
  });

  it('detects two swapped events whose seqs were renumbered to hide it, at the first swapped position', () => {
    const swapped = chain.map((e) => (e.seq === 4 ? { ...chain[4]!, seq: 4 } : e.seq === 5 ? { ...chain[3]!, seq: 5 } : e));
    expect(breakOf(swapped)).toEqual({ kind: 'reordered', seq: 4 });
  });

  it('detects two events stored out of order, at the first swapped position', () => {
    const outOfOrder = [...chain];
    [outOfOrder[3], outOfOrder[4]] = [outOfOrder[4]!, outOfOrder[3]!];
    expect(breakOf(outOfOrder)?.seq).toBe(4);
  });

  it('detects a duplicated event', () => {
    expect(breakOf([...chain.slice(0, 3), chain[2]!, ...chain.slice(3)])).toEqual({ kind: 'reordered', seq: 4 });
  });

  it('detects an altered stored hash, including on the last event', () => {
    const flip = (h: string) => (h[0] === 'a' ? 'b' : 'a') + h.slice(1);
    expect(breakOf(chain.map((e) => (e.seq === 7 ? { ...e, hash: flip(e.hash) } : e)))).toEqual({ kind: 'edited', seq: 7 });
    expect(breakOf(chain.map((e) => (e.seq === 12 ? { ...e, hash: flip(e.hash) } : e)))).toEqual({ kind: 'edited', seq: 12 });
  });

  it('depends on the hash function it is given', () => {
    const md5 = (t: string) => createHash('md5').update(t).digest('hex');
    expect(verifyChainBatch(chain, START, md5).ok).toBe(false);
  });

  it('checks events given with their stored changes text, byte for byte', () => {
    for (const { hash: _h, changes, ...rest } of chain) expect(chainTextOf(rest, canonicalJson(changes))).toBe(chainText({ ...rest, changes }));
    const stored = chain.map(({ changes, ...rest }) => ({ ...rest, changesText: canonicalJson(changes) }));
    expect(verifyChainBatch(stored, START, sha256)).toEqual({ ok: true, cursor: { expectedSeq: 13, prevHash: chain[11]!.hash } });
    // Events the template does not fit (another shape, an undefined or non-string member) render as canonicalJsonWith does.
    const { hash: _h, changes, ...rest } = chain[1]!;
    const odd = [{ ...rest, extra: 1 }, { ...rest, reason: undefined }, { ...rest, actor: 7 }, { ...rest, seq: 1.5 }, { ...rest, requestId: 'r"\u2028' }, { ...rest, changes }];
    for (const o of odd) expect(chainTextOf(o as never, '{}')).toBe(`${rest.prevHash}\n${canonicalJsonWith(o, { changes: '{}' })}`);
    // The same JSON written differently is still an edit of the signed text.
    const respaced = stored.map((e) => (e.seq === 4 ? { ...e, changesText: e.changesText.replace(':', ': ') } : e));
    const r = verifyChainBatch(respaced, START, sha256);
    expect(r.ok ? null : { kind: r.break.kind, seq: r.break.seq }).toEqual({ kind: 'edited', seq: 4 });
  });
});
