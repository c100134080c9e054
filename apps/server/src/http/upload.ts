import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
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

/**
 * Streams an upload to a private temporary file, hashing it on the way and stopping at the size cap (413), so a
 * large file never sits in memory and the importer can read it twice (sniffing, then parsing).
 */
export async function receiveUpload(body: NodeJS.ReadableStream, extension: string, maxBytes = MAX_UPLOAD_BYTES): Promise<Upload> {
  const dir = await mkdtemp(join(tmpdir(), 'custodia-upload-'));
  const path = join(dir, `upload.${extension}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new AppError('PAYLOAD_TOO_LARGE', `Import files are limited to ${maxBytes / 1024 / 1024} MiB`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(body, meter, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await dispose();
    throw error;
  }
  if (bytes === 0) {
    await dispose();
    throw new AppError('VALIDATION_FAILED', 'The uploaded file is empty');
  }
  return { path, sha256: hash.digest('hex'), bytes, dispose };
}
