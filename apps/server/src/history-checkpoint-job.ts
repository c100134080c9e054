import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import client from 'prom-client';
import { type CheckpointVerdict, type SignedCheckpoint, parseCheckpoints } from '@custodia/domain';
import type { HistorySigner } from '@custodia/data';
import { type Context, checkCheckpoints, logSecurityEvent, signCheckpoint } from '@custodia/core';
import { registry } from './http/metrics.js';

const holds = new client.Gauge({
  name: 'custodia_history_checkpoint_holds',
  help: '1 while the history still matches the latest signed checkpoint, 0 once it does not (rewritten behind Custodia\'s back)',
  registers: [registry],
});

export type CheckpointRun = { state: 'signed'; checkpoint: SignedCheckpoint } | { state: 'unchanged' } | { state: 'rewritten'; verdict: Extract<CheckpointVerdict, { ok: false }> };

/**
 * The hourly history checkpoint. First the latest checkpoint is held against the history: an edit re-chained behind
 * Custodia's back changes the hash of every later event, so the latest checkpoint catches any rewrite before it. Then,
 * whenever the history has grown, a new checkpoint is signed, appended to `file` (JSON lines, what
 * `custodia history verify --checkpoints` reads) and written to the log, which is usually shipped off the machine.
 * A history that no longer matches is an alarm (error log, security log, the `custodia_history_checkpoint_holds`
 * gauge at 0), and no new checkpoint is signed over it until someone has looked.
 */
export function historyCheckpointJob(options: { ctx: Context; signer: () => HistorySigner; file: string; log: Pick<FastifyBaseLogger, 'info' | 'error'> }) {
  let last = lastCheckpoint(options.file);
  return async (): Promise<CheckpointRun> => {
    const { ctx, file, log } = options;
    const signer = options.signer();
    if (last) {
      const [verdict] = await checkCheckpoints(ctx, [last], signer.publicKey);
      if (verdict && !verdict.ok) {
        holds.set(0);
        log.error({ historyCheckpoint: last, failure: verdict.kind }, `History checkpoint FAILED (${verdict.kind}): ${verdict.message}`);
        await logSecurityEvent(ctx.database.db, ctx.now(), { kind: 'history.checkpoint', outcome: 'failure', detail: { seq: last.seq, failure: verdict.kind, message: verdict.message } });
        return { state: 'rewritten', verdict };
      }
    }
    holds.set(1);
    const checkpoint = await signCheckpoint(ctx, signer);
    if (checkpoint.seq === last?.seq) return { state: 'unchanged' };
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
    last = checkpoint;
    log.info({ historyCheckpoint: checkpoint }, 'history checkpoint');
    return { state: 'signed', checkpoint };
  };
}

/** The file's last checkpoint (its last 4 KiB are enough for one line), or null. */
function lastCheckpoint(file: string): SignedCheckpoint | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    const parsed = parseCheckpoints(buffer.toString('utf8').trimEnd().split('\n').pop() ?? '');
    return parsed.ok ? parsed.checkpoints[0]! : null;
  } finally {
    closeSync(fd);
  }
}
