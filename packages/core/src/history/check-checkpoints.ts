import type { KeyObject } from 'node:crypto';
import { type CheckpointVerdict, type SignedCheckpoint, checkpointText, judgeCheckpoint } from '@custodia/domain';
import { keyIdOf, verifySignature } from '@custodia/data';
import type { Context } from '../shared/context.js';

/**
 * Holds each checkpoint against the history as it is now: its signature by the trusted public key, and the hash of the
 * event it names. Run after the chain itself has been verified (`verifyEventChain`): together they show that the
 * history up to the latest checkpoint is the one that was signed, even if every hash after an edit was recomputed.
 */
export async function checkCheckpoints(ctx: Context, checkpoints: readonly SignedCheckpoint[], trusted: KeyObject): Promise<CheckpointVerdict[]> {
  const trustedId = keyIdOf(trusted);
  const seqs = [...new Set(checkpoints.map((c) => c.seq).filter((s) => s > 0))];
  const stored = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 500) {
    const rows = await ctx.database.db.selectFrom('events').select(['seq', 'hash']).where('seq', 'in', seqs.slice(i, i + 500)).execute();
    for (const r of rows) stored.set(Number(r.seq), r.hash);
  }
  return checkpoints.map((c) => {
    const signatureValid = c.keyId === trustedId && verifySignature(checkpointText(c), c.signature, trusted);
    const hash = stored.get(c.seq);
    return judgeCheckpoint(c, signatureValid, hash === undefined ? undefined : { seq: c.seq, hash });
  });
}
