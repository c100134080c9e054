import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, type SignedCheckpoint, checkpointText, judgeCheckpoint, parseCheckpoints } from './checkpoint.js';

const HASH = 'a'.repeat(64);
const cp = (over: Partial<SignedCheckpoint> = {}): SignedCheckpoint => ({ format: CHECKPOINT_FORMAT, seq: 7, hash: HASH, signedAt: '2026-11-29T10:00:00.000Z', keyId: '0123456789abcdef', signature: 'c2ln', ...over });

describe('history checkpoints', () => {
  it('sign the canonical text of the statement, signature excluded', () => {
    expect(checkpointText(cp())).toBe(`{"format":"${CHECKPOINT_FORMAT}","hash":"${HASH}","keyId":"0123456789abcdef","seq":7,"signedAt":"2026-11-29T10:00:00.000Z"}`);
    expect(checkpointText(cp({ signature: 'other' }))).toBe(checkpointText(cp()));
    expect(checkpointText(cp({ seq: 8 }))).not.toBe(checkpointText(cp()));
  });

  it('judge the history as it is now: signature first, then the event named', () => {
    expect(judgeCheckpoint(cp(), true, { seq: 7, hash: HASH })).toMatchObject({ ok: true });
    expect(judgeCheckpoint(cp(), false, { seq: 7, hash: HASH })).toMatchObject({ ok: false, kind: 'signature' });
    expect(judgeCheckpoint(cp(), true, undefined)).toMatchObject({ ok: false, kind: 'removed', message: expect.stringContaining('Event 7') });
    expect(judgeCheckpoint(cp(), true, { seq: 7, hash: 'b'.repeat(64) })).toMatchObject({ ok: false, kind: 'rewritten' });
    // A checkpoint of an empty history names no event.
    expect(judgeCheckpoint(cp({ seq: 0 }), true, undefined)).toMatchObject({ ok: true });
  });

  it('are read from JSON lines or a JSON array, refusing anything else with its line', () => {
    const line = JSON.stringify(cp());
    expect(parseCheckpoints(`${line}\n\n${JSON.stringify(cp({ seq: 9 }))}\n`)).toMatchObject({ ok: true, checkpoints: [{ seq: 7 }, { seq: 9 }] });
    expect(parseCheckpoints(`[${line}]`)).toMatchObject({ ok: true, checkpoints: [{ seq: 7 }] });
    expect(parseCheckpoints(`${line}\nnot json`)).toMatchObject({ ok: false, line: 2, message: expect.stringMatching(/^Not JSON/) });
    expect(parseCheckpoints(`${line}\n{"format":"x"}`)).toMatchObject({ ok: false, line: 2, message: `Not a ${CHECKPOINT_FORMAT} checkpoint` });
    expect(parseCheckpoints(JSON.stringify([cp(), { ...cp(), hash: 'short' }]))).toMatchObject({ ok: false, line: 2 });
    expect(parseCheckpoints(JSON.stringify(cp({ seq: -1 })))).toMatchObject({ ok: false, line: 1 });
    expect(parseCheckpoints('')).toMatchObject({ ok: false, message: 'No checkpoint in the file' });
    // Members beyond the format are dropped, not carried into what is verified.
    const extra = parseCheckpoints(JSON.stringify({ ...cp(), note: 'x' }));
    expect(extra.ok && Object.keys(extra.checkpoints[0]!).sort()).toEqual(['format', 'hash', 'keyId', 'seq', 'signature', 'signedAt']);
  });
});
