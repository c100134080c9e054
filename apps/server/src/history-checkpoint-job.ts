import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { type SignedCheckpoint, parseCheckpoints } from '@custodia/domain';
import type { HistorySigner } from '@custodia/data';
import { type Context, signCheckpoint } from '@custodia/core';

/**
 * The hourly history checkpoint: whenever the history has grown since the last one, a signed checkpoint is appended to
 * `file` (JSON lines, what `custodia history verify --checkpoints` reads) and written to the log, which is usually
 * shipped off the machine: a copy out of reach of whoever could rewrite the database.
 */
export function historyCheckpointJob(options: { ctx: Context; signer: () => HistorySigner; file: string; log: Pick<FastifyBaseLogger, 'info'> }) {
  let lastSeq = lastCheckpointSeq(options.file);
  return async (): Promise<SignedCheckpoint | null> => {
    const checkpoint = await signCheckpoint(options.ctx, options.signer());
    if (checkpoint.seq === lastSeq) return null;
    mkdirSync(dirname(options.file), { recursive: true });
    appendFileSync(options.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
    lastSeq = checkpoint.seq;
    options.log.info({ historyCheckpoint: checkpoint }, 'history checkpoint');
    return checkpoint;
  };
}

/** The event of the file's last checkpoint (its last 4 KiB are enough for one line), or -1. */
function lastCheckpointSeq(file: string): number {
  if (!existsSync(file)) return -1;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    const last = buffer.toString('utf8').trimEnd().split('\n').pop() ?? '';
    const parsed = parseCheckpoints(last);
    return parsed.ok ? parsed.checkpoints[0]!.seq : -1;
  } finally {
    closeSync(fd);
  }
}
