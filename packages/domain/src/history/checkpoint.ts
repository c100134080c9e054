import { canonicalJson } from './canonical.js';

/**
 * A signed statement of where the history chain stood: "event `seq` had hash `hash`". The chain alone shows edits made
 * behind the application's back, but someone who can write to the database can also recompute every hash after the
 * one they changed ("silent reconstruction"). A checkpoint signed with a key kept outside the database, and kept
 * outside it too (a log shipped elsewhere, an auditor's copy), pins the chain: the hash of event `seq` commits to every
 * event before it, so a rewritten history no longer matches any checkpoint taken after the rewritten event.
 */
export interface CheckpointStatement {
  format: typeof CHECKPOINT_FORMAT;
  /** The last event at the time (0: no event yet). */
  seq: number;
  /** Its hash (GENESIS_HASH when there was none). */
  hash: string;
  signedAt: string;
  /** The signing key's id (the start of the SHA-256 of its public key), to pick the right public key when verifying. */
  keyId: string;
}
export interface SignedCheckpoint extends CheckpointStatement {
  /** Ed25519 over `checkpointText`, base64. */
  signature: string;
}

export const CHECKPOINT_FORMAT = 'custodia-history-checkpoint/1';

/** The bytes a checkpoint's signature covers: the canonical JSON of the statement. */
export function checkpointText(statement: CheckpointStatement): string {
  const { format, seq, hash, signedAt, keyId } = statement;
  return canonicalJson({ format, seq, hash, signedAt, keyId });
}

export type CheckpointVerdict =
  | { ok: true; checkpoint: SignedCheckpoint }
  | { ok: false; checkpoint: SignedCheckpoint; kind: 'signature' | 'removed' | 'rewritten'; message: string };

/**
 * What a checkpoint says of the history as it is now: its signature must hold, and the event it names must still have
 * the hash it was signed with. `eventNow` is that event as stored (undefined when there is none any more);
 * `signatureValid` is the result of checking the signature with the public key the verifier trusts.
 */
export function judgeCheckpoint(checkpoint: SignedCheckpoint, signatureValid: boolean, eventNow: { seq: number; hash: string } | undefined): CheckpointVerdict {
  if (!signatureValid) {
    return { ok: false, checkpoint, kind: 'signature', message: `The checkpoint of event ${checkpoint.seq} signed ${checkpoint.signedAt} does not carry a valid signature of key ${checkpoint.keyId}` };
  }
  if (checkpoint.seq === 0) return { ok: true, checkpoint };
  if (eventNow === undefined) {
    return { ok: false, checkpoint, kind: 'removed', message: `Event ${checkpoint.seq}, signed ${checkpoint.signedAt}, is no longer in the history` };
  }
  if (eventNow.hash !== checkpoint.hash) {
    return {
      ok: false, checkpoint, kind: 'rewritten',
      message: `The history up to event ${checkpoint.seq} was rewritten since ${checkpoint.signedAt}: it now hashes to ${eventNow.hash.slice(0, 16)}…, the checkpoint says ${checkpoint.hash.slice(0, 16)}…`,
    };
  }
  return { ok: true, checkpoint };
}

/**
 * Checkpoints from a file: JSON lines (as the server appends them) or a JSON array. Blank lines are skipped; anything
 * that is not a checkpoint is refused with its line number.
 */
export function parseCheckpoints(text: string): { ok: true; checkpoints: SignedCheckpoint[] } | { ok: false; line: number; message: string } {
  const trimmed = text.trim();
  // Each entry with its line number (an array's entries are numbered by position), read and checked in order.
  let entries: Iterable<[line: number, read: () => unknown]>;
  if (trimmed.startsWith('[')) {
    let values: unknown;
    try {
      values = JSON.parse(trimmed);
    } catch (e) {
      return { ok: false, line: 1, message: `Not JSON: ${(e as Error).message}` };
    }
    entries = (values as unknown[]).map((v, i) => [i + 1, () => v] as [number, () => unknown]);
  } else {
    entries = text.split(/\r?\n/).flatMap((l, i) => (l.trim() ? [[i + 1, () => JSON.parse(l) as unknown] as [number, () => unknown]] : []));
  }
  const checkpoints: SignedCheckpoint[] = [];
  for (const [line, read] of entries) {
    let value: unknown;
    try {
      value = read();
    } catch (e) {
      return { ok: false, line, message: `Not JSON: ${(e as Error).message}` };
    }
    const c = value as Partial<SignedCheckpoint> | null;
    const valid = c !== null && typeof c === 'object' && c.format === CHECKPOINT_FORMAT && Number.isSafeInteger(c.seq) && (c.seq as number) >= 0
      && typeof c.hash === 'string' && /^[0-9a-f]{64}$/.test(c.hash) && typeof c.signedAt === 'string' && typeof c.keyId === 'string' && typeof c.signature === 'string';
    if (!valid) return { ok: false, line, message: `Not a ${CHECKPOINT_FORMAT} checkpoint` };
    checkpoints.push({ format: CHECKPOINT_FORMAT, seq: c.seq!, hash: c.hash!, signedAt: c.signedAt!, keyId: c.keyId!, signature: c.signature! });
  }
  if (checkpoints.length === 0) return { ok: false, line: 1, message: 'No checkpoint in the file' };
  return { ok: true, checkpoints };
}
