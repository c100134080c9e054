import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@custodia/contracts';

export const UPLOAD_TYPES = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/octet-stream': 'bin',
} as const;

/** Largest import file accepted over HTTP. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface Upload { path: string; sha256: string; bytes: number; dispose(): Promise<void> }

// Each process's uploads live in directories named with its pid, so a process that died mid-upload (kill -9) can be
// told apart from one still receiving: `sweepStaleUploads` removes the former's at the next start.
const UPLOAD_PREFIX = 'custodia-upload-';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes the temporary upload files of processes no longer running (left by a crash); returns how many. */
export async function sweepStaleUploads(dir = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = name.startsWith(UPLOAD_PREFIX) ? Number(name.slice(UPLOAD_PREFIX.length).split('-')[0]) : 0;
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

export interface UploadLimits { maxBytes: number; what: string; /** Where temporary files go (the system's temporary directory by default). */ dir?: string | undefined }

/**
 * Streams an upload to a private temporary file, hashing it on the way and stopping at the size cap (413), so a
 * large file never sits in memory and the importer can read it twice (sniffing, then parsing).
 */
export async function receiveUpload(body: NodeJS.ReadableStream, extension: string, limits: UploadLimits = { maxBytes: MAX_UPLOAD_BYTES, what: 'Import files' }): Promise<Upload> {
  const { maxBytes, what } = limits;
  const dir = await mkdtemp(join(limits.dir ?? tmpdir(), `${UPLOAD_PREFIX}${process.pid}-`));
  const path = join(dir, `upload.${extension}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new AppError('PAYLOAD_TOO_LARGE', `${what} are limited to ${formatMiB(maxBytes)}`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const dispose = () => rm(dir, { recursive: true, force: true });
  // The request is relayed rather than piped in directly: when the cap is hit only the relay is destroyed, and the rest
  // of the request is read and dropped, so the client receives the 413 instead of a reset connection.
  const request = body as Readable;
  const relay = new PassThrough();
  const lost = () => { if (!request.readableEnded) relay.destroy(new AppError('VALIDATION_FAILED', 'The upload was interrupted before its end')); };
  request.on('error', lost).on('close', lost);
  request.pipe(relay);
  try {
    await pipeline(relay, meter, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    request.unpipe(relay);
    request.resume();
    await dispose();
    throw error;
  } finally {
    request.off('error', lost).off('close', lost);
  }
  if (bytes === 0) {
    await dispose();
    throw new AppError('VALIDATION_FAILED', 'The uploaded file is empty');
  }
  return { path, sha256: hash.digest('hex'), bytes, dispose };
}

const formatMiB = (bytes: number) => `${Number((bytes / 1024 / 1024).toFixed(2))} MiB`;
