import { CHECKPOINT_FORMAT, type CheckpointStatement, GENESIS_HASH, type SignedCheckpoint, checkpointText } from '@custodia/domain';
import type { HistorySigner } from '@custodia/data';
import type { Context } from '../shared/context.js';

/** A signed checkpoint of the history chain as it stands now: its last event and that event's hash (domain `checkpoint.ts`). */
export async function signCheckpoint(ctx: Context, signer: HistorySigner): Promise<SignedCheckpoint> {
  const head = await ctx.database.db.selectFrom('event_chain').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirst();
  const statement: CheckpointStatement = {
    format: CHECKPOINT_FORMAT, seq: Number(head?.last_seq ?? 0), hash: head?.last_hash ?? GENESIS_HASH, signedAt: ctx.now().toISOString(), keyId: signer.keyId,
  };
  return { ...statement, signature: signer.sign(checkpointText(statement)) };
}
